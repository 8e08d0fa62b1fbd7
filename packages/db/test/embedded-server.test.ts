import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DatabaseError, type RunningDatabase, startDatabase } from "../src/index.ts";
import { PostgresCluster } from "../src/postgres/cluster.ts";
import { freePort } from "../src/postgres/ports.ts";

async function query(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

function occupy(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("startDatabase with the embedded server", () => {
  let root: string;
  let dataDir: string;
  const started: RunningDatabase[] = [];
  const savedUrl = process.env.DATABASE_URL;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  beforeAll(async () => {
    // These tests are about the embedded server, even when the run itself
    // targets an external one.
    delete process.env.DATABASE_URL;
    root = await fs.mkdtemp(path.join(os.tmpdir(), "headstart-db-test-"));
    await fs.chmod(root, 0o755);
    dataDir = path.join(root, "pg");
  });
  afterEach(async () => {
    for (const db of started.splice(0)) await db.stop();
  });
  afterAll(async () => {
    if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
    await fs.rm(root, { recursive: true, force: true });
  });

  async function start(port?: number): Promise<RunningDatabase> {
    const db = await startDatabase({ dataDir, port: port ?? (await freePort()), log });
    started.push(db);
    return db;
  }

  it("creates the cluster on first start and keeps rows across a restart", async () => {
    const first = await start();
    expect(first.embedded).toBe(true);
    expect(new URL(first.url).pathname).toBe("/headstart");
    await query(first.url, "CREATE TABLE kept (note text)");
    await query(first.url, "INSERT INTO kept VALUES ($1)", ["written before the restart"]);
    await first.stop();
    started.pop();

    const second = await start();
    expect(await query(second.url, "SELECT note FROM kept")).toEqual([{ note: "written before the restart" }]);
  });

  it("refuses a data folder that a live server is using, naming its pid", async () => {
    const running = await start();
    const attempt = startDatabase({ dataDir, port: await freePort(), log });
    await expect(attempt).rejects.toMatchObject({ code: "DATA_DIR_IN_USE" });
    await expect(attempt).rejects.toThrow(String(running.pid));
  });

  it("removes a stale postmaster.pid whose pid now belongs to an unrelated process", async () => {
    // After kill -9 the pid in postmaster.pid is often reused; Postgres itself
    // would refuse to start while that pid is alive. Our own pid stands in.
    await fs.writeFile(path.join(dataDir, "postmaster.pid"), `${process.pid}\n${dataDir}\n0\n5432\n\n\n`);
    lines.length = 0;
    const db = await start();
    expect(lines.some((line) => line.includes("removing stale"))).toBe(true);
    expect(await query(db.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("reports an explicitly requested port that is taken", async () => {
    const port = await freePort();
    const blocker = await occupy(port);
    try {
      const error = await startDatabase({ dataDir, port, log }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      expect(error).toMatchObject({ code: "PORT_IN_USE" });
      expect((error as Error).message).toContain(String(port));
    } finally {
      blocker.close();
    }
  });

  it("moves to the next free port when the default one is taken", async () => {
    const port = await freePort();
    const blocker = await occupy(port);
    const cluster = await PostgresCluster.open({ dataDir, port, fallbackPorts: 5, log });
    try {
      await cluster.start();
      expect(cluster.port).toBeGreaterThan(port);
      expect(await query(cluster.url("postgres"), "SELECT current_setting('port') AS port")).toEqual([
        { port: String(cluster.port) },
      ]);
    } finally {
      await cluster.stop();
      blocker.close();
    }
  });

  it.runIf(process.getuid?.() === 0)(
    "as root, falls back to the temp folder when postgres cannot traverse the parents",
    async () => {
      const privateRoot = path.join(root, "private");
      await fs.mkdir(privateRoot, { mode: 0o700 });
      await fs.chmod(privateRoot, 0o700);
      lines.length = 0;
      const db = await startDatabase({
        dataDir: path.join(privateRoot, "checkout", ".data", "pg"),
        port: await freePort(),
        log,
      });
      started.push(db);
      try {
        expect(db.dataDir?.startsWith(os.tmpdir())).toBe(true);
        expect(db.dataDir?.startsWith(privateRoot)).toBe(false);
        expect(lines.some((line) => line.includes("cannot traverse"))).toBe(true);
        expect(await query(db.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      } finally {
        await db.stop();
        started.pop();
        if (db.dataDir) await fs.rm(path.dirname(db.dataDir), { recursive: true, force: true });
      }
    },
  );
});

describe("startDatabase with DATABASE_URL", () => {
  const savedUrl = process.env.DATABASE_URL;
  afterAll(() => {
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
  });

  it("uses the external server as is and has nothing to stop", async () => {
    const url = process.env.HEADSTART_TEST_DB_ADMIN_URL!;
    process.env.DATABASE_URL = url;
    const db = await startDatabase();
    expect(db).toMatchObject({ url, embedded: false });
    await db.stop();
    expect(await query(url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("says which server it could not reach", async () => {
    const port = await freePort();
    process.env.DATABASE_URL = `postgresql://nobody:secret@127.0.0.1:${port}/nothing`;
    const error = await startDatabase().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain("secret");
  });
});

// Which database the CLI uses when DATABASE_URL is unset: the embedded server
// a running `npm start` already serves from the data folder (the README has
// newcomers run `user create` beside it), else one it starts and stops itself.

import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  createPrismaClient,
  findRunningDatabase,
  migrateDatabase,
  type RunningDatabase,
  startDatabase,
} from "@headstart/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const SERVER_TIMEOUT_MS = 180_000;

let root: string;
let dataDir: string;
let server: RunningDatabase | undefined;
const savedUrl = process.env.DATABASE_URL;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** `npm run cli -- user create` as a newcomer runs it: no DATABASE_URL, the default data folder. */
async function cliUserCreate(email: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HEADSTART_DATA_DIR: root,
    HEADSTART_PG_PORT: String(await freePort()),
  };
  delete env.DATABASE_URL;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", MAIN, "user", "create", "--email", email, "--password-stdin"],
    {
      env,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end("correct horse battery\n");
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

async function userEmails(url: string): Promise<string[]> {
  const prisma = createPrismaClient(url);
  try {
    return (await prisma.user.findMany({ select: { email: true }, orderBy: { email: "asc" } })).map(
      (user) => user.email,
    );
  } finally {
    await prisma.$disconnect();
  }
}

beforeAll(async () => {
  // These tests are about the embedded server, even when the run itself targets an external one.
  delete process.env.DATABASE_URL;
  root = await fs.mkdtemp(path.join(os.tmpdir(), "headstart-cli-db-"));
  // As root the server runs as `postgres`, which must be able to traverse the folder.
  await fs.chmod(root, 0o755);
  dataDir = path.join(root, "pg");
});
afterAll(async () => {
  await server?.stop();
  if (savedUrl !== undefined) process.env.DATABASE_URL = savedUrl;
  await fs.rm(root, { recursive: true, force: true });
});

describe("the CLI's database without DATABASE_URL", () => {
  it(
    "uses the embedded server that is already running on the data folder, and leaves it running",
    async () => {
      // What `npm start` does: start the embedded server on the data folder and migrate it.
      server = await startDatabase({ dataDir, port: await freePort() });
      await migrateDatabase(server.url);

      const found = await findRunningDatabase({ dataDir });
      expect(found).toMatchObject({ pid: server.pid, dataDir, port: Number(new URL(server.url).port) });

      const result = await cliUserCreate("beside-npm-start@example.test");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Created user beside-npm-start@example.test/);
      expect(result.stderr).toContain(`using the embedded Postgres already running on ${dataDir} (pid ${server.pid}`);

      // Written to the running server, which the CLI did not stop.
      expect(await userEmails(server.url)).toEqual(["beside-npm-start@example.test"]);
      expect((await findRunningDatabase({ dataDir }))?.pid).toBe(server.pid);
    },
    SERVER_TIMEOUT_MS,
  );

  it(
    "starts the embedded server itself when none runs, and stops it again",
    async () => {
      await server!.stop();
      server = undefined;
      expect(await findRunningDatabase({ dataDir })).toBeUndefined();

      const result = await cliUserCreate("alone@example.test");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toContain("already running");
      expect(await findRunningDatabase({ dataDir })).toBeUndefined();

      server = await startDatabase({ dataDir, port: await freePort() });
      expect(await userEmails(server.url)).toEqual(["alone@example.test", "beside-npm-start@example.test"]);
    },
    SERVER_TIMEOUT_MS,
  );
});

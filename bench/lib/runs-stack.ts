// The whole product stack for the runs benchmarks, as `npm start` runs it but
// throwaway: an embedded Postgres in a temp folder on a free port (durable,
// like production, because commit latency is part of what is measured), the
// API as its own process (so clients in this process measure what a client
// sees, not an in-process call), and trainer daemons as their own processes.
import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrateDatabase, type RunningDatabase, startDatabase } from "@headstart/db";
import pg from "pg";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ApiEndpoints {
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  wsUrl: string;
  origin: string;
}

export interface TrainerHandle {
  id: string;
  output(): string;
  stop(): Promise<void>;
}

export interface RunsStack {
  databaseUrl: string;
  dataDir: string;
  api: ApiEndpoints;
  /** A plain connection for reading figures the API does not expose (run metrics, row timestamps). */
  sql: pg.Client;
  startTrainer(id: string): Promise<TrainerHandle>;
  /** Everything the first API process printed so far (its reaper logs here). */
  apiOutput(): string;
  /** Another API process on the same database and data folder, with more environment (e.g. HEADSTART_INFERENCE=tfjs). */
  startApi(env: Record<string, string>): Promise<ApiEndpoints & { stop(): Promise<void> }>;
  /** Stops every process it started and removes the temp folder; safe to call twice. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Child {
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `node --import tsx <entry>` and resolves once its output matches `ready`. */
async function spawnNode(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
  name: string,
  nodeArgs: string[] = [],
): Promise<Child & { match: RegExpMatchArray }> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "--import", "tsx", entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    // Start-up loads tfjs and the backbone on a busy two-core machine: allow minutes, not seconds.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not become ready within 180 s. Output:\n${text}`));
    }, 180_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const found = text.match(ready);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before it was ready. Output:\n${text}`));
    });
  });
  return {
    match,
    output: () => text,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

export async function startRunsStack(log: (line: string) => void = () => {}): Promise<RunsStack> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), "headstart-bench-runs-"));
  // mkdtemp makes the folder 0700; as root the server runs as `postgres`, which must traverse it.
  await chmod(tempDir, 0o755);
  const dataDir = path.join(tempDir, "data");
  const stoppers: Array<() => Promise<void>> = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const stop of stoppers.reverse())
      await stop().catch((error) => log(`while stopping: ${(error as Error).message}`));
    await rm(tempDir, { recursive: true, force: true });
  };
  try {
    const db: RunningDatabase = await startDatabase({ dataDir: path.join(tempDir, "pg"), port: await freePort() });
    stoppers.push(() => db.stop());
    await migrateDatabase(db.url);
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    stoppers.push(() => sql.end());

    const spawnApi = (env: Record<string, string>) =>
      spawnNode(
        "apps/api/src/main.ts",
        { DATABASE_URL: db.url, API_PORT: "0", API_HOST: "127.0.0.1", HEADSTART_DATA_DIR: dataDir, ...env },
        /Headstart API listening on (http:\/\/\S+\/graphql) \(WebSocket (ws:\/\/\S+)\)/,
        "The API",
      );
    const api = await spawnApi({});
    stoppers.push(() => api.stop());
    const url = api.match[1]!;
    log(`stack: Postgres ${new URL(db.url).host}, API ${url}`);

    const trainers = new Set<Child>();
    stoppers.push(async () => {
      for (const trainer of trainers) await trainer.stop();
    });
    return {
      databaseUrl: db.url,
      dataDir,
      api: { url, wsUrl: api.match[2]!, origin: new URL(url).origin },
      sql,
      apiOutput: api.output,
      async startTrainer(id) {
        const trainer = await spawnNode(
          "apps/trainer/src/main.ts",
          { DATABASE_URL: db.url, HEADSTART_DATA_DIR: dataDir, TRAINER_ID: id, TRAINER_HEALTH_PORT: "0" },
          /polling for queued runs/,
          `Trainer ${id}`,
          // e.g. BENCH_TRAINER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the trainer's
          // threads (NODE_OPTIONS refuses --cpu-prof); each thread writes its profile when the trainer stops.
          process.env.BENCH_TRAINER_NODE_ARGS?.split(" ").filter(Boolean),
        );
        trainers.add(trainer);
        return {
          id,
          output: trainer.output,
          async stop() {
            await trainer.stop();
            trainers.delete(trainer);
          },
        };
      },
      async startApi(env) {
        const extra = await spawnApi(env);
        stoppers.push(() => extra.stop());
        const extraUrl = extra.match[1]!;
        return { url: extraUrl, wsUrl: extra.match[2]!, origin: new URL(extraUrl).origin, stop: () => extra.stop() };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Starts a stack, runs `work` on it and always closes it; Ctrl-C (or SIGTERM) during the work also
 * closes it, so no Postgres, API or trainer process is left behind.
 */
export async function withRunsStack<T>(
  log: (line: string) => void,
  work: (stack: RunsStack) => Promise<T>,
): Promise<T> {
  const stack = await startRunsStack(log);
  const onSignal = () => void stack.close().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return await work(stack);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await stack.close();
  }
}

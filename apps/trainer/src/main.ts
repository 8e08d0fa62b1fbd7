// The trainer daemon: `npm start` runs one; run more (with distinct
// TRAINER_ID) on the same DATABASE_URL and HEADSTART_DATA_DIR to train in
// parallel. Environment: see settings.ts and apps/trainer/README.md.

import { createPrismaClient } from "@headstart/db";
import { LeaseHeartbeats, PostgresEmbeddingStore, RunEventHub } from "@headstart/runs";
import { createBlobStore } from "@headstart/storage";
import { ComputePool } from "./compute/pool.ts";
import { TrainerDaemon } from "./daemon.ts";
import { startHealthServer } from "./health.ts";
import { readSettings, SettingsError, type TrainerSettings } from "./settings.ts";

const log = (message: string) => console.log(`[trainer] ${message}`);

let settings: TrainerSettings;
try {
  settings = readSettings();
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(`[trainer] ${error.message}`);
  process.exit(1);
}

// tfjs lives in the compute workers only (each initialises and logs its own backend): this thread
// holds the leases and must never wait behind a batch.
const pool = new ComputePool({ size: settings.computeWorkers, log, onnxCacheDir: settings.onnxCacheDir });
try {
  await pool.start();
} catch (error) {
  console.error(`[trainer] the compute workers could not start: ${(error as Error).message}`);
  await pool.close();
  process.exit(1);
}

const db = createPrismaClient(settings.databaseUrl);
const hub = new RunEventHub({ db, connectionString: settings.databaseUrl, log });
const heartbeats = new LeaseHeartbeats({
  connectionString: settings.databaseUrl,
  maxConnections: settings.computeWorkers + 1,
  // Long enough for a connect on a loaded machine, short enough that a retry still beats the timeout.
  timeoutMs: Math.min(settings.heartbeatTimeoutMs / 2, Math.max(2000, settings.heartbeatIntervalMs)),
  log,
});
// Cached vectors are read over a pg pool of the store's own: through Prisma's adapter a warm run's
// 3,000 vectors took most of its train stage (see PostgresEmbeddingStore).
const store = new PostgresEmbeddingStore(db, { connectionString: settings.databaseUrl });
const daemon = new TrainerDaemon({
  db,
  heartbeats,
  hub,
  blobs: createBlobStore(settings.dataDir),
  store,
  pool,
  settings,
  log,
});

// Up before the first claim, so whoever waits for "polling for queued runs" can already ask it.
const health = settings.healthPort > 0 ? await startHealthServer(settings.healthPort, () => daemon.snapshot()) : null;
if (health) log(`health endpoint: http://localhost:${health.port}/healthz`);

try {
  await daemon.start();
} catch (error) {
  console.error(
    `[trainer] cannot start: ${(error as Error).message}. Is Postgres running at DATABASE_URL and migrated (npm run db:migrate)?`,
  );
  await health?.close();
  await hub.close();
  await heartbeats.close();
  await store.close();
  await pool.close();
  await db.$disconnect();
  process.exit(1);
}

// A bug in one run must not take the daemon (and the runs after it) down; the run itself is settled
// by executeRun, so anything reaching here is logged and the loop carries on.
process.on("unhandledRejection", (reason) => log(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    log(`${signal} again: exiting now; the reaper will requeue the current run`);
    process.exit(1);
  }
  stopping = true;
  log(`${signal}: finishing up (send it again to exit at once)`);
  await daemon.stop();
  await health?.close();
  await hub.close();
  await heartbeats.close();
  await store.close();
  await pool.close();
  await db.$disconnect();
  log("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

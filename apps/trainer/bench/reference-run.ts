// Issue 5's reference-shaped run, queued the way createRun queues it and
// trained by a real TrainerDaemon: the two-class sample (500 train + 500 val),
// 10 epochs, augmentation on, from enqueue to SUCCEEDED; then a second run on
// the same data with another head, whose embeddings all come from the cache.
//   node --import tsx apps/trainer/bench/reference-run.ts [inputSize=224]
// Uses DATABASE_URL when set, otherwise a throwaway embedded Postgres. Prints
// one line per figure, then one JSON summary line.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createPrismaClient, migrateDatabase, startDatabase } from "@headstart/db";
import { initBackend } from "@headstart/ml-core";
import { enqueueRun, parseRunConfig, PostgresEmbeddingStore, RunEventHub } from "@headstart/runs";
import { createBlobStore } from "@headstart/storage";
import { TrainerDaemon } from "../src/daemon.ts";
import { createSampleVersion } from "../test/support/sample-dataset.ts";

const inputSize = Number(process.argv[2] ?? 224);
const workDir = await mkdtemp(path.join(os.tmpdir(), "headstart-bench-run-"));
await chmod(workDir, 0o755);
const database = await startDatabase(process.env.DATABASE_URL ? {} : { dataDir: path.join(workDir, "pg") });
const summary: Record<string, unknown> = {};
const report = (key: string, value: number | string, note = "") => {
  summary[key] = value;
  console.log(`${key}: ${typeof value === "number" ? value.toFixed(2) : value}${note ? `  (${note})` : ""}`);
};

try {
  await migrateDatabase(database.url);
  const backend = await initBackend();
  report("backend", backend.backend);
  const db = createPrismaClient(database.url);
  const blobs = createBlobStore(workDir);
  const sample = await createSampleVersion(db, blobs, { train: 250, val: 250, test: 0 });
  const hub = new RunEventHub({ db, connectionString: database.url });
  const daemon = new TrainerDaemon({
    db,
    hub,
    blobs,
    store: new PostgresEmbeddingStore(db),
    settings: {
      databaseUrl: database.url,
      dataDir: workDir,
      trainerId: "bench",
      healthPort: 0,
      pollIntervalMs: 200,
      heartbeatIntervalMs: 5000,
      heartbeatTimeoutMs: 30_000,
      progressIntervalMs: 500,
    },
    log: () => undefined,
  });
  await daemon.start();

  for (const [label, headUnits] of [["first_run_cold_cache", 64], ["second_run_warm_cache", 128]] as const) {
    const started = performance.now();
    const { id } = await enqueueRun(db, { ...sample, config: parseRunConfig({ inputSize, headUnits, seed: 1 }) });
    for (;;) {
      const run = await db.run.findUniqueOrThrow({ where: { id } });
      if (run.status === "SUCCEEDED" || run.status === "FAILED") {
        if (run.status === "FAILED") throw new Error(`run failed: ${run.error}`);
        const metrics = run.metrics as { valAccuracy: number; seconds: Record<string, number>; embeddingCache: { hits: number; lookups: number } };
        report(
          `reference_${inputSize}px_${label}_seconds`,
          (performance.now() - started) / 1000,
          `val acc ${metrics.valAccuracy.toFixed(3)}, cache ${metrics.embeddingCache.hits}/${metrics.embeddingCache.lookups}, ` +
            Object.entries(metrics.seconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(", "),
        );
        summary[`reference_${inputSize}px_${label}_val_acc`] = metrics.valAccuracy;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await daemon.stop();
  await hub.close();
  await db.$disconnect();
} finally {
  await database.stop();
  await rm(workDir, { recursive: true, force: true });
}
console.log(JSON.stringify(summary));

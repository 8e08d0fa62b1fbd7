import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { importModel, initBackend, predict } from "@headstart/ml-core";
import {
  enqueueRun,
  parseRunConfig,
  readModelBundle,
  requestCancel,
  RunEventHub,
  subscribeRunEvents,
  type RunConfig,
  type RunEvent,
  type RunStatus,
} from "@headstart/runs";
import { createBlobStore, type FsBlobStore } from "@headstart/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSampleVersion, type SampleVersion } from "./support/sample-dataset.ts";
import { startTrainer, type TrainerProcess } from "./support/trainer-process.ts";

let database: TestDatabase;
let dataDir: string;
let blobs: FsBlobStore;
let hub: RunEventHub;
let sample: SampleVersion;
const trainers: TrainerProcess[] = [];

// Small and fast: 96 px MobileNetV2 embeddings of 2×(20 train + 8 val + 4 test) real sample images.
const base = { inputSize: 96, batchSize: 8, epochs: 3, seed: 7, augmentation: null } as const;

beforeAll(async () => {
  await initBackend();
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-trainer-test-"));
  blobs = createBlobStore(dataDir);
  hub = new RunEventHub({ db: database.prisma, connectionString: database.url });
  await hub.start();
  sample = await createSampleVersion(database.prisma, blobs, { train: 20, val: 8, test: 4 });
});

afterAll(async () => {
  for (const trainer of trainers) trainer.kill("SIGKILL");
  await Promise.all(trainers.map((t) => t.exited));
  await hub?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function launch(id: string): Promise<TrainerProcess> {
  const trainer = await startTrainer(id, { databaseUrl: database.url, dataDir });
  trainers.push(trainer);
  return trainer;
}

async function enqueue(config: Partial<RunConfig> & Record<string, unknown>): Promise<string> {
  const { id } = await enqueueRun(database.prisma, { ...sample, config: parseRunConfig({ ...base, ...config }) });
  return id;
}

/** Collects a run's events until it reaches one of `until`, failing if that takes too long. */
async function eventsUntil(events: AsyncIterator<RunEvent>, until: RunStatus[], timeoutMs = 150_000): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const next = await Promise.race([
      events.next(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()))),
    ]);
    if (next === null || next.done) throw new Error(`run did not reach ${until} in time; saw ${JSON.stringify(seen.slice(-5))}`);
    seen.push(next.value);
    const event = next.value;
    const status = event.type === "state" ? event.run.status : event.type === "status" ? event.status : null;
    if (status && until.includes(status)) return seen;
  }
}

async function waitForStatus(runId: string, until: RunStatus[]): Promise<RunEvent[]> {
  const events = subscribeRunEvents(hub, { runId });
  try {
    return await eventsUntil(events, until);
  } finally {
    await events.return!();
  }
}

describe("trainer daemon", () => {
  let first: TrainerProcess;

  it("trains a queued run to SUCCEEDED, publishing every epoch in order, and stores a model that predicts", async () => {
    first = await launch("trainer-a");
    const runId = await enqueue({ augmentation: { variants: 1 } });
    const events = await waitForStatus(runId, ["SUCCEEDED", "FAILED"]);
    const run = await database.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.error).toBeNull();
    expect(run.status).toBe("SUCCEEDED");
    expect(run.workerId).toBe("trainer-a");

    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.metric.epoch] : []));
    expect(epochs).toEqual([1, 2, 3]);
    expect(events.some((e) => e.type === "progress" && e.progress.stage === "embedding")).toBe(true);
    expect(events.some((e) => e.type === "progress" && e.progress.stage === "training")).toBe(true);
    const rows = await database.prisma.epochMetric.findMany({ where: { runId }, orderBy: { epoch: "asc" } });
    expect(rows.map((r) => r.epoch)).toEqual([1, 2, 3]);

    const metrics = run.metrics as Record<string, any>;
    console.log(JSON.stringify({ seconds: metrics.seconds, cache: metrics.embeddingCache }));
    expect(metrics.val.report.confusion).toHaveLength(2);
    expect(metrics.val.report.perClass.map((c: { label: string }) => c.label)).toEqual(sample.labels);
    expect(metrics.val.thresholds.points.length).toBeGreaterThan(5);
    expect(metrics.test.count).toBe(8);
    expect(metrics.valAccuracy).toBeGreaterThan(0.7);

    const predictions = await database.prisma.prediction.groupBy({ by: ["split"], where: { runId }, _count: true });
    expect(Object.fromEntries(predictions.map((p) => [p.split, p._count]))).toEqual({ TRAIN: 40, VAL: 16, TEST: 8 });
    const artifacts = await database.prisma.modelArtifact.findMany({ where: { runId } });
    expect(artifacts.map((a) => a.kind).sort()).toEqual(["FULL", "HEAD"]);

    const full = artifacts.find((a) => a.kind === "FULL")!;
    const loaded = await importModel(await readModelBundle(blobs, full.blobKey));
    try {
      const results = await predict(loaded, sample.testImages.map((t) => t.bytes));
      const correct = results.filter((r, i) => r.label === sample.testImages[i]!.label).length;
      expect(correct).toBeGreaterThanOrEqual(6);
    } finally {
      loaded.model.dispose();
    }
    const health = await first.health();
    expect(health).toMatchObject({ trainerId: "trainer-a", state: "idle", runsFinished: { SUCCEEDED: 1 } });
  });
});

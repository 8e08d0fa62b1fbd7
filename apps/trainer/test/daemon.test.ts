import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import {
  importModel,
  initBackend,
  type LoadedModel,
  MANIFEST_FILE,
  MODEL_FILE,
  predict,
  WEIGHTS_FILE,
} from "@headstart/ml-core";
import {
  enqueueRun,
  parseRunConfig,
  type RunEvent,
  RunEventHub,
  type RunStatus,
  readModelBundle,
  requestCancel,
  subscribeRunEvents,
} from "@headstart/runs";
import { createBlobStore, type FsBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: TestDatabase;
let dataDir: string;
let blobs: FsBlobStore;
let hub: RunEventHub;
let sample: SampleVersion;
const trainers: TrainerProcess[] = [];

// Small and fast: 96 px MobileNetV2 embeddings of 2×(20 train + 8 val + 4 test) real sample images.
// Early stopping (on by default since issue 12) is off: these tests count epochs.
const base = {
  inputSize: 96,
  batchSize: 8,
  epochs: 3,
  seed: 7,
  augmentation: null,
  earlyStoppingPatience: null,
} as const;

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

async function enqueue(config: Record<string, unknown>): Promise<string> {
  const { id } = await enqueueRun(database.prisma, { ...sample, config: parseRunConfig({ ...base, ...config }) });
  return id;
}

/** Loads a model the trainer stored, the way the API's predict will. */
async function loadStoredModel(blobKey: string): Promise<LoadedModel> {
  const files = await readModelBundle(blobs, blobKey);
  for (const name of [MODEL_FILE, WEIGHTS_FILE, MANIFEST_FILE]) expect(files[name]).toBeInstanceOf(Buffer);
  return importModel({
    [MODEL_FILE]: files[MODEL_FILE]!,
    [WEIGHTS_FILE]: files[WEIGHTS_FILE]!,
    [MANIFEST_FILE]: files[MANIFEST_FILE]!,
  });
}

/** Loads the stored full model the way the API's predict will and checks it classifies the test images. */
async function expectStoredModelPredicts(blobKey: string, inputSize?: number): Promise<void> {
  const loaded = await loadStoredModel(blobKey);
  try {
    if (inputSize !== undefined) expect(loaded.manifest.inputSize).toBe(inputSize);
    const results = await predict(
      loaded,
      sample.testImages.map((t) => t.bytes),
    );
    const correct = results.filter((r, i) => r.label === sample.testImages[i]!.label).length;
    expect(correct).toBeGreaterThanOrEqual(6);
  } finally {
    loaded.model.dispose();
  }
}

/** Collects a run's events until it reaches one of `until`, failing if that takes too long. */
async function eventsUntil(
  events: AsyncIterator<RunEvent>,
  until: RunStatus[],
  timeoutMs = 150_000,
): Promise<RunEvent[]> {
  const seen: RunEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const next = await Promise.race([
      events.next(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), Math.max(0, deadline - Date.now()))),
    ]);
    if (next === null || next.done)
      throw new Error(`run did not reach ${until} in time; saw ${JSON.stringify(seen.slice(-5))}`);
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
    expect(metrics.val.report.confusion).toHaveLength(2);
    expect(metrics.val.report.perClass.map((c: { label: string }) => c.label)).toEqual(sample.labels);
    expect(metrics.val.thresholds.points.length).toBeGreaterThan(5);
    expect(metrics.test.count).toBe(8);
    expect(metrics.valAccuracy).toBeGreaterThan(0.7);

    const predictions = await database.prisma.prediction.groupBy({ by: ["split"], where: { runId }, _count: true });
    expect(Object.fromEntries(predictions.map((p) => [p.split, p._count]))).toEqual({ TRAIN: 40, VAL: 16, TEST: 8 });
    const artifacts = await database.prisma.modelArtifact.findMany({ where: { runId } });
    expect(artifacts.map((a) => a.kind).sort()).toEqual(["FULL", "HEAD"]);

    await expectStoredModelPredicts(artifacts.find((a) => a.kind === "FULL")!.blobKey);
    const health = await first.health();
    expect(health).toMatchObject({ trainerId: "trainer-a", state: "idle", runsFinished: { SUCCEEDED: 1 } });
  });

  it("holds a flat tensor count across three consecutive runs, reusing the shared embedding cache", async () => {
    const counts = [(await first.health()).numTensors];
    for (const seed of [11, 12]) {
      const runId = await enqueue({ seed, headUnits: 32 });
      await waitForStatus(runId, ["SUCCEEDED", "FAILED"]);
      // The daemon updates its figures right after settling the run.
      await first.waitForOutput(new RegExp(`run ${runId}: SUCCEEDED; \\d+ tensors held`));
      counts.push((await first.health()).numTensors);
      // Same images and backbone, another head: every embedding comes from the shared cache.
      const { embeddingCache } = (await database.prisma.run.findUniqueOrThrow({ where: { id: runId } })).metrics as {
        embeddingCache: { hits: number; lookups: number };
      };
      expect(embeddingCache.hits).toBe(embeddingCache.lookups);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(new Set(counts).size).toBe(1);
  });

  it("fine-tunes on a backbone of its own, leaving the shared backbone untouched and tensors flat", async () => {
    const tensorsBefore = (await first.health()).numTensors;
    const testProbabilities = async (runId: string) =>
      (await database.prisma.prediction.findMany({ where: { runId, split: "TEST" }, orderBy: { imageId: "asc" } })).map(
        (p) => p.probabilities,
      );
    const reference = await enqueue({ seed: 61 });
    const fineTuned = await enqueue({
      seed: 62,
      epochs: 2,
      fineTuneBlocks: 2,
      fineTuneEpochs: 2,
      fineTuneLearningRate: 0.0001,
    });
    for (const id of [reference, fineTuned]) await waitForStatus(id, ["SUCCEEDED", "FAILED"]);
    // A frozen run scores its TEST images from cached embeddings; with the cache emptied, the identical
    // run embeds every image again through the shared backbone, which fine-tuning must have left as it was.
    await database.prisma.embeddingCacheEntry.deleteMany({});
    const again = await enqueue({ seed: 61 });
    await waitForStatus(again, ["SUCCEEDED", "FAILED"]);
    await first.waitForOutput(new RegExp(`run ${again}: SUCCEEDED; \\d+ tensors held`));

    const tuned = await database.prisma.run.findUniqueOrThrow({
      where: { id: fineTuned },
      include: { epochs: { orderBy: { epoch: "asc" } } },
    });
    expect(tuned.error).toBeNull();
    expect(tuned.epochs.map((e) => e.phase)).toEqual(["head", "head", "fine-tune", "fine-tune"]);
    expect((tuned.metrics as { fineTuned: boolean }).fineTuned).toBe(true);
    // A backbone changed by the fine-tuning run would change the identical run's outputs.
    expect(await testProbabilities(again)).toEqual(await testProbabilities(reference));
    expect((await first.health()).numTensors).toBe(tensorsBefore);
  });

  it("trains the scratch backbone end to end, each run from the same pristine random initialisation", async () => {
    const first = await enqueue({ backbone: "scratch", seed: 71, epochs: 2 });
    const second = await enqueue({ backbone: "scratch", seed: 71, epochs: 2 });
    for (const id of [first, second]) await waitForStatus(id, ["SUCCEEDED", "FAILED"]);
    const runs = await database.prisma.run.findMany({
      where: { id: { in: [first, second] } },
      include: { epochs: true },
    });
    for (const run of runs) {
      expect(run.error).toBeNull();
      expect(run.status).toBe("SUCCEEDED");
      expect(run.epochs).toHaveLength(2);
    }
    // Had the first run trained the shared backbone in place, the second would start from its weights.
    const probabilities = async (runId: string) =>
      (await database.prisma.prediction.findMany({ where: { runId, split: "TEST" }, orderBy: { imageId: "asc" } })).map(
        (p) => p.probabilities,
      );
    const firstOutputs = await probabilities(first);
    expect(firstOutputs.length).toBeGreaterThan(0);
    expect(await probabilities(second)).toEqual(firstOutputs);
  });

  it("trains a head on the oriented-gradient features at 28 px and stores a model that predicts", async () => {
    const runId = await enqueue({ backbone: "gradients", inputSize: 28, epochs: 30, learningRate: 0.003, seed: 81 });
    await waitForStatus(runId, ["SUCCEEDED", "FAILED"]);
    const run = await database.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.error).toBeNull();
    expect(run.status).toBe("SUCCEEDED");
    expect((run.metrics as { valAccuracy: number }).valAccuracy).toBeGreaterThan(0.7);
    const artifacts = await database.prisma.modelArtifact.findMany({ where: { runId } });
    await expectStoredModelPredicts(artifacts.find((a) => a.kind === "FULL")!.blobKey, 28);
  });

  it("fits a kernel head on the oriented-gradient features: one reported epoch, a stored model that predicts", async () => {
    const runId = await enqueue({ backbone: "gradients", inputSize: 28, headKind: "kernel", seed: 82 });
    await waitForStatus(runId, ["SUCCEEDED", "FAILED"]);
    const run = await database.prisma.run.findUniqueOrThrow({ where: { id: runId }, include: { epochs: true } });
    expect(run.error).toBeNull();
    expect(run.status).toBe("SUCCEEDED");
    expect(run.epochs).toHaveLength(1);
    expect((run.config as { augmentation: unknown }).augmentation).toBeNull();
    expect((run.metrics as { valAccuracy: number }).valAccuracy).toBeGreaterThan(0.7);
    const artifacts = await database.prisma.modelArtifact.findMany({ where: { runId } });
    await expectStoredModelPredicts(artifacts.find((a) => a.kind === "FULL")!.blobKey, 28);
    // The model converts to ONNX like any other (LayerNormalization spelt out for opset 13).
    const manifest = artifacts.find((a) => a.kind === "FULL")!.manifest as { onnx?: { file?: string } };
    expect(manifest.onnx?.file).toBe("model.onnx");
  });

  it("cancels a running run within one batch and then takes the next queued run", async () => {
    const long = await enqueue({ epochs: 500, batchSize: 4 });
    const next = await enqueue({ seed: 21 });
    const events = subscribeRunEvents(hub, { runId: long });
    try {
      for (;;) {
        const { value } = await events.next();
        if (value?.type === "epoch") break;
      }
      const asked = Date.now();
      expect(await requestCancel(database.prisma, long)).toBe("CANCEL_REQUESTED");
      await eventsUntil(events, ["CANCELLED"], 10_000);
      const stoppedAfterMs = Date.now() - asked;
      // One batch of 4 vectors takes milliseconds; the bound leaves room for a loaded 2-core machine.
      expect(stoppedAfterMs).toBeLessThan(3000);
    } finally {
      await events.return!();
    }
    const cancelled = await database.prisma.run.findUniqueOrThrow({ where: { id: long }, include: { epochs: true } });
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.epochs.length).toBeLessThan(500);
    await waitForStatus(next, ["SUCCEEDED", "FAILED"]);
    expect(await database.prisma.run.findUniqueOrThrow({ where: { id: next } })).toMatchObject({
      status: "SUCCEEDED",
      workerId: "trainer-a",
    });
  });

  it("fails runs it cannot train with the reason, and carries on with the next", async () => {
    const db = database.prisma;
    const good = await db.datasetVersion.findUniqueOrThrow({ where: { id: sample.versionId } });
    const snapshot = good.snapshot as { images: Array<{ blobKey: string }> };
    const broken = await db.datasetVersion.create({
      data: {
        datasetId: sample.datasetId,
        number: 2,
        imageCount: good.imageCount,
        snapshot: {
          ...snapshot,
          images: snapshot.images.map((image, i) => (i === 0 ? { ...image, blobKey: "f".repeat(64) } : image)),
        },
      },
    });
    const missingBlob = (await enqueueRun(db, { ...sample, versionId: broken.id, config: parseRunConfig(base) })).id;
    // A row written by something other than parseRunConfig (an old version, a hand edit).
    const badConfig = (
      await db.run.create({
        data: {
          teamId: sample.teamId,
          datasetId: sample.datasetId,
          versionId: sample.versionId,
          config: { ...base, batchSize: 0 },
        },
      })
    ).id;
    const fine = await enqueue({ seed: 51 });
    await waitForStatus(fine, ["SUCCEEDED", "FAILED"]);
    const runs = await db.run.findMany({ where: { id: { in: [missingBlob, badConfig, fine] } } });
    const byId = new Map(runs.map((r) => [r.id, r]));
    expect(byId.get(missingBlob)).toMatchObject({ status: "FAILED", attempt: 1 });
    expect(byId.get(missingBlob)!.error).toMatch(/missing from the blob store/);
    expect(byId.get(badConfig)).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("batchSize must be an integer from 1 to 1024"),
    });
    expect(byId.get(fine)!.status).toBe("SUCCEEDED");
    // The run row settles before the daemon logs it and goes idle.
    await first.waitForOutput(new RegExp(`run ${fine}: SUCCEEDED; \\d+ tensors held`));
    expect((await first.health()).state).toBe("idle");
  });

  let second: TrainerProcess;

  it("with two trainers, executes each of six queued runs exactly once", async () => {
    second = await launch("trainer-b");
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await enqueue({ epochs: 2, seed: 100 + i }));
    for (const id of ids) await waitForStatus(id, ["SUCCEEDED", "FAILED"]);
    const runs = await database.prisma.run.findMany({ where: { id: { in: ids } }, include: { epochs: true } });
    expect(runs.map((r) => [r.status, r.attempt, r.epochs.length])).toEqual(ids.map(() => ["SUCCEEDED", 1, 2]));
    const started = (first.output() + second.output()).match(/run [0-9a-f-]+: attempt 1 of 3 started/g) ?? [];
    for (const id of ids) expect(started.filter((line) => line.includes(id))).toHaveLength(1);
    expect(new Set(runs.map((r) => r.workerId)).size).toBeGreaterThanOrEqual(1);
  });

  it("after kill -9 of its trainer, another trainer resumes the run from its checkpoint", async () => {
    const runId = await enqueue({ epochs: 25, batchSize: 4, seed: 31 });
    const events = subscribeRunEvents(hub, { runId });
    try {
      for (;;) {
        const { value } = await events.next();
        if (value?.type === "epoch" && value.metric.epoch >= 3) break;
      }
    } finally {
      await events.return!();
    }
    const holder = (await database.prisma.run.findUniqueOrThrow({ where: { id: runId } })).workerId;
    const victim = holder === "trainer-a" ? first : second;
    const survivor = victim === first ? second : first;
    victim.kill("SIGKILL");
    expect((await victim.exited).signal).toBe("SIGKILL");
    const before = await database.prisma.epochMetric.findMany({ where: { runId }, orderBy: { epoch: "asc" } });
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(25);

    const resumed = await survivor.waitForOutput(
      new RegExp(`run ${runId}: resuming after epoch (\\d+) \\(attempt 2\\)`),
      60_000,
    );
    const resumedAfter = Number(resumed[1]);
    expect(resumedAfter).toBeGreaterThanOrEqual(before.length - 1);
    await waitForStatus(runId, ["SUCCEEDED", "FAILED"]);

    const run = await database.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "SUCCEEDED", attempt: 2, workerId: survivor.id, error: null });
    const after = await database.prisma.epochMetric.findMany({ where: { runId }, orderBy: { epoch: "asc" } });
    expect(after.map((m) => m.epoch)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    // Epochs the dead trainer had checkpointed were not trained (or recorded) again.
    const kept = before.filter((m) => m.epoch <= resumedAfter);
    expect(after.filter((m) => m.epoch <= resumedAfter).map((m) => m.id)).toEqual(kept.map((m) => m.id));

    const full = await database.prisma.modelArtifact.findUniqueOrThrow({
      where: { runId_kind: { runId, kind: "FULL" } },
    });
    const loaded = await loadStoredModel(full.blobKey);
    try {
      const results = await predict(
        loaded,
        sample.testImages.map((t) => t.bytes),
      );
      expect(results.filter((r, i) => r.label === sample.testImages[i]!.label).length).toBeGreaterThanOrEqual(6);
    } finally {
      loaded.model.dispose();
    }
    expect(await database.prisma.modelArtifact.count({ where: { runId, kind: "CHECKPOINT" } })).toBe(0);
    first = survivor;
  });

  it("on SIGTERM hands its running run back to the queue without spending an attempt, and exits cleanly", async () => {
    const trainer = first;
    const runId = await enqueue({ epochs: 500, batchSize: 4, seed: 41 });
    const events = subscribeRunEvents(hub, { runId });
    try {
      for (;;) {
        const { value } = await events.next();
        if (value?.type === "epoch") break;
      }
      trainer.kill("SIGTERM");
      expect(await trainer.exited).toEqual({ code: 0, signal: null });
    } finally {
      await events.return!();
    }
    const run = await database.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "QUEUED", attempt: 0, workerId: null });
    expect(await database.prisma.modelArtifact.count({ where: { runId, kind: "CHECKPOINT" } })).toBe(1);
    expect(trainer.output()).toMatch(/handed back to the queue \(QUEUED\)/);
    await requestCancel(database.prisma, runId);
  });
});

// The compute workers run every forward pass (embeddings, augmented variants, test predictions,
// label-issue folds) through ml-core's inference engine: ONNX Runtime by default. Forcing the tfjs
// reference path with HEADSTART_INFERENCE=tfjs must give the same run, within float tolerance.

import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { enqueueRun, parseRunConfig } from "@headstart/runs";
import { createBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let database: TestDatabase;
let dataDir: string;
let sample: SampleVersion;
const trainers: TrainerProcess[] = [];

// Augmentation on, so augmented variants go through the engine too; early stopping off to count epochs.
const config = {
  inputSize: 96,
  batchSize: 8,
  epochs: 3,
  seed: 5,
  augmentation: { variants: 1 },
  earlyStoppingPatience: null,
} as const;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-trainer-inference-"));
  sample = await createSampleVersion(database.prisma, createBlobStore(dataDir), { train: 20, val: 8, test: 4 });
});

afterAll(async () => {
  for (const trainer of trainers) trainer.kill("SIGKILL");
  await Promise.all(trainers.map((t) => t.exited));
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Outcome {
  wallSeconds: number;
  metrics: Record<string, any>;
  epochs: Array<{ loss: number; valLoss: number | null; valAcc: number | null }>;
  test: number[][];
}

/** Trains the config on a fresh daemon with `extraEnv`, starting from an empty embedding cache. */
async function trainWith(id: string, extraEnv: Record<string, string>, engineLine: RegExp): Promise<Outcome> {
  const db = database.prisma;
  // The cache is shared; a warm one would hand the second run the first engine's embeddings.
  await db.embeddingCacheEntry.deleteMany({});
  const trainer = await startTrainer(id, { databaseUrl: database.url, dataDir, timing: "daemon-defaults", extraEnv });
  trainers.push(trainer);
  await trainer.waitForOutput(engineLine, 30_000);
  const { id: runId } = await enqueueRun(db, { ...sample, config: parseRunConfig(config) });
  await trainer.waitForOutput(new RegExp(`run ${runId}: (SUCCEEDED|FAILED);`), 240_000);
  const run = await db.run.findUniqueOrThrow({
    where: { id: runId },
    include: { epochs: { orderBy: { epoch: "asc" } } },
  });
  expect(run.error).toBeNull();
  expect(run.status).toBe("SUCCEEDED");
  await trainer.stop();
  const predictions = await db.prediction.findMany({
    where: { runId, split: "TEST" },
    orderBy: { imageId: "asc" },
  });
  return {
    wallSeconds: (run.finishedAt!.getTime() - run.startedAt!.getTime()) / 1000,
    metrics: run.metrics as Record<string, any>,
    epochs: run.epochs,
    test: predictions.map((p) => p.probabilities as number[]),
  };
}

describe("inference engine of the compute workers", () => {
  it("gives the same run with HEADSTART_INFERENCE=tfjs as with the default engine (ONNX Runtime)", async () => {
    const onnx = await trainWith("trainer-onnx", {}, /compute worker 1: inference engine onnx \(auto, from default\)/);
    // The converted graphs were kept under the data folder for the next worker or restart.
    expect((await readdir(path.join(dataDir, "onnx-cache"))).some((name) => name.endsWith(".onnx"))).toBe(true);
    const tfjs = await trainWith(
      "trainer-tfjs",
      { HEADSTART_INFERENCE: "tfjs" },
      /compute worker 1: inference engine tfjs \(tfjs, from env\)/,
    );
    console.info(
      `same run, wall time createRun → SUCCEEDED: ONNX ${onnx.wallSeconds.toFixed(1)} s ` +
        `(worker: ${JSON.stringify(onnx.metrics.seconds)}), tfjs ${tfjs.wallSeconds.toFixed(1)} s ` +
        `(worker: ${JSON.stringify(tfjs.metrics.seconds)})`,
    );

    expect(onnx.epochs).toHaveLength(3);
    expect(tfjs.epochs).toHaveLength(3);
    // Embeddings from the two engines differ by float rounding (~1e-6 relative); three epochs of
    // head training on them stay within these bounds.
    onnx.epochs.forEach((epoch, i) => {
      expect(Math.abs(epoch.loss - tfjs.epochs[i]!.loss)).toBeLessThan(1e-3);
      expect(Math.abs(epoch.valLoss! - tfjs.epochs[i]!.valLoss!)).toBeLessThan(1e-3);
      expect(epoch.valAcc).toBe(tfjs.epochs[i]!.valAcc);
    });
    expect(onnx.metrics.valAccuracy).toBe(tfjs.metrics.valAccuracy);
    expect(onnx.metrics.testAccuracy).toBe(tfjs.metrics.testAccuracy);
    expect(onnx.metrics.labelIssues.scored).toBe(tfjs.metrics.labelIssues.scored);
    // The flagging's own estimates are stored with the run for the API/UI (evaluation.ts LabelIssueSummary).
    const labelIssues = onnx.metrics.labelIssues;
    expect(labelIssues.members).toEqual(expect.arrayContaining(["embedding_head", "pixel_lr", "patch_lr"]));
    expect(labelIssues.flagged).toBe(labelIssues.candidates);
    expect(labelIssues.estimatedPrecision).toBeGreaterThanOrEqual(0);
    expect(labelIssues.estimatedPrecision).toBeLessThanOrEqual(1);
    expect(labelIssues.flagged === 0 ? labelIssues.scoreThreshold === null : labelIssues.scoreThreshold > 0).toBe(true);
    expect(onnx.test).toHaveLength(8);
    onnx.test.forEach((probabilities, i) =>
      probabilities.forEach((p, k) => expect(Math.abs(p - tfjs.test[i]![k]!)).toBeLessThan(1e-3)),
    );
  });
});

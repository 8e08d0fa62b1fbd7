// The head's training step on ONNX Runtime against the tfjs path it replaces: same seed, same data,
// the same losses and weights within float32 summation-order noise, for every class mode and the
// options the loop supports (dropout, label smoothing, weight decay, schedules, Adam and SGD), and
// checkpoints that resume on the other engine.
import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { initBackend } from "../src/backend/index.ts";
import { INFERENCE_ENV_VARIABLE } from "../src/inference/engine.ts";
import { decodeCheckpoint, encodeCheckpoint, type TrainingCheckpoint } from "../src/train/checkpoint.ts";
import type { ClassMode } from "../src/train/class-mode.ts";
import {
  DEFAULT_HEAD_CONFIG,
  type HeadConfig,
  type HeadTrainingOptions,
  trainHeadOnVectors,
} from "../src/train/head-training.ts";
import { dropoutMask } from "../src/train/head-training-onnx.ts";
import { TrainingRng } from "../src/train/rng.ts";

beforeAll(async () => {
  await initBackend();
});

const DIM = 48;

function dataset(classMode: ClassMode, classes: number, count: number, seed: number) {
  const rng = new TrainingRng(seed);
  const vectors: Float32Array[] = [];
  const labels: number[][] = [];
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    const v = new Float32Array(DIM);
    // Non-negative like pooled post-ReLU features, shifted along the class's own axes.
    for (let d = 0; d < DIM; d++) v[d] = rng.next() * 1.5 + (d % classes === label ? 1 : 0);
    vectors.push(v);
    if (classMode === "binary") labels.push([label % 2]);
    else if (classMode === "multilabel") labels.push(label === 0 ? [0, 1] : [label]);
    else labels.push([label]);
  }
  return { vectors, labels };
}

const config: HeadConfig = { ...DEFAULT_HEAD_CONFIG, batchSize: 16, epochs: 3, headUnits: 24, seed: 5 };

async function trainOn(engine: "onnx" | "tfjs", options: Omit<HeadTrainingOptions, "engine">) {
  const result = await trainHeadOnVectors({ ...options, engine });
  const weights = result.head.getWeights().map((w) => Float32Array.from(w.dataSync()));
  result.head.dispose();
  return { ...result, weights };
}

function maxDifference(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((w, i) => {
    for (let k = 0; k < w.length; k++) worst = Math.max(worst, Math.abs(w[k] - b[i][k]));
  });
  return worst;
}

function options(classMode: ClassMode, extra: Partial<HeadConfig> = {}): Omit<HeadTrainingOptions, "engine"> {
  const classes = classMode === "binary" ? 2 : 4;
  const train = dataset(classMode, classes, 70, 1);
  const val = dataset(classMode, classes, 30, 2);
  return {
    classMode,
    classCount: classes,
    featureSize: DIM,
    // Two variants per item: the epoch's variant draw is part of the random stream both must follow.
    train: { variants: train.vectors.map((v, i) => [v, val.vectors[i % 30]]), labels: train.labels },
    val: { vectors: val.vectors, labels: val.labels },
    config: { ...config, ...extra },
  };
}

describe("head training on ONNX Runtime", () => {
  const cases: Array<[string, ClassMode, Partial<HeadConfig>]> = [
    ["binary, Adam, dropout", "binary", {}],
    [
      "multiclass, label smoothing, AdamW, cosine",
      "multiclass",
      { labelSmoothing: 0.1, weightDecay: 0.01, schedule: "cosine" },
    ],
    ["multilabel, one-cycle, no dropout", "multilabel", { schedule: "one-cycle", dropout: 0 }],
    ["multiclass, SGD", "multiclass", { optimizer: "sgd", learningRate: 0.05 }],
  ];

  it.each(cases)("matches the tfjs path step for step: %s", async (_name, classMode, extra) => {
    const onnx = await trainOn("onnx", options(classMode, extra));
    const reference = await trainOn("tfjs", options(classMode, extra));
    expect(onnx.engine).toBe("onnx");
    expect(reference.engine).toBe("tfjs");
    expect(onnx.history).toHaveLength(config.epochs);
    onnx.history.forEach((epoch, i) => {
      const expected = reference.history[i];
      expect(epoch.loss).toBeCloseTo(expected.loss, 4);
      expect(epoch.acc).toBeCloseTo(expected.acc, 6);
      expect(epoch.valLoss!).toBeCloseTo(expected.valLoss!, 4);
      expect(epoch.valAcc).toBeCloseTo(expected.valAcc!, 6);
    });
    // Adam normalises each step, so float32 summation-order noise in the gradients moves weights by
    // a few 1e-6 at most over these 15 steps; a wrong gradient or mask would move them by ~1e-3.
    expect(maxDifference(onnx.weights, reference.weights)).toBeLessThan(5e-5);
    // Both actually trained: the weights moved from the seeded initialisation.
    expect(onnx.history.at(-1)!.loss).toBeLessThan(onnx.history[0].loss);
  });

  it("draws exactly tf.dropout's keep-mask for a seed", () => {
    const cases: Array<[number, number]> = [
      [0.5, 1],
      [0.3, 123456789],
      [0.1, 2 ** 31 - 1],
    ];
    for (const [rate, seed] of cases) {
      const expected = tf.tidy(() => tf.dropout(tf.ones([7, 13]), rate, undefined, seed).dataSync());
      const actual = new Float32Array(7 * 13);
      dropoutMask(actual, 7, 13, rate, seed);
      expect(Array.from(actual)).toEqual(Array.from(expected));
      expect(actual.some((x) => x === 0) && actual.some((x) => x > 1)).toBe(true);
    }
  });

  it("early stopping restores the same best epoch as tfjs", async () => {
    const base = options("multiclass", { epochs: 12, earlyStoppingPatience: 2, learningRate: 0.03 });
    // Shuffled validation labels: validation loss rises as the head fits the training set.
    const rng = new TrainingRng(3);
    base.val = { vectors: base.val!.vectors, labels: base.val!.labels.map(() => [rng.int(4)]) };
    const onnx = await trainOn("onnx", base);
    const reference = await trainOn("tfjs", base);
    expect(onnx.stoppedEarly).toBe(true);
    expect(onnx.bestEpoch).toBe(reference.bestEpoch);
    expect(onnx.history).toHaveLength(reference.history.length);
    expect(maxDifference(onnx.weights, reference.weights)).toBeLessThan(1e-4);
  });

  it("stops at a wall-clock end on either engine and keeps the epochs it trained", async () => {
    for (const engine of ["onnx", "tfjs"] as const) {
      // An end already passed: the phase stops after its first epoch, as early stopping would.
      const cut = await trainOn(engine, { ...options("multiclass", { epochs: 10 }), stopTrainingAt: Date.now() });
      expect(cut.history).toHaveLength(1);
      expect(cut.stoppedEarly).toBe(true);
      // An end an hour away changes nothing.
      const far = Date.now() + 3_600_000;
      const full = await trainOn(engine, { ...options("multiclass", { epochs: 4 }), stopTrainingAt: far });
      expect(full.history).toHaveLength(4);
      expect(full.stoppedEarly).toBe(false);
    }
  });

  it("writes checkpoints that resume on tfjs, and resumes tfjs checkpoints", async () => {
    const base = { ...options("binary", { epochs: 4 }), fingerprint: "cross-engine" };
    const full = await trainOn("onnx", base);
    const saved = new Map<string, TrainingCheckpoint>();
    for (const engine of ["onnx", "tfjs"] as const) {
      await trainOn(engine, {
        ...base,
        checkpoints: {
          save: async (ck) => {
            // Through the blob encoding, as the trainer stores them (the live history keeps growing).
            if (ck.epoch === 2) saved.set(engine, decodeCheckpoint(encodeCheckpoint(ck)));
          },
          load: async () => null,
        },
      });
    }
    // The same slots in the same order (layer names carry a per-process counter, so they differ).
    const slots = (ck: TrainingCheckpoint) => ck.optimizer.map((s) => `${s.name.replace(/^.*\//, "")} [${s.shape}]`);
    expect(slots(saved.get("onnx")!)).toEqual(slots(saved.get("tfjs")!));
    const onTfjs = await trainOn("tfjs", { ...base, resumeFrom: saved.get("onnx")! });
    const onOnnx = await trainOn("onnx", { ...base, resumeFrom: saved.get("tfjs")! });
    expect(onTfjs.history).toHaveLength(4);
    expect(onOnnx.history).toHaveLength(4);
    expect(maxDifference(onTfjs.weights, full.weights)).toBeLessThan(5e-5);
    expect(maxDifference(onOnnx.weights, full.weights)).toBeLessThan(5e-5);
  });

  describe("falls back to tfjs", () => {
    const saved = process.env[INFERENCE_ENV_VARIABLE];
    afterEach(() => {
      if (saved === undefined) delete process.env[INFERENCE_ENV_VARIABLE];
      else process.env[INFERENCE_ENV_VARIABLE] = saved;
    });

    it(`when ${INFERENCE_ENV_VARIABLE}=tfjs`, async () => {
      process.env[INFERENCE_ENV_VARIABLE] = "tfjs";
      const { head, engine, engineReason } = await trainHeadOnVectors({ ...options("binary"), config });
      head.dispose();
      expect(engine).toBe("tfjs");
      expect(engineReason).toContain('preference is "tfjs" (env)');
    });

    it("for an optimizer the ONNX loop does not implement, even when onnx is asked for", async () => {
      const { engine, engineReason, history } = await trainOn("onnx", options("multiclass", { optimizer: "rmsprop" }));
      expect(history).toHaveLength(config.epochs);
      expect(engine).toBe("tfjs");
      expect(engineReason).toContain("rmsprop");
    });
  });

  it("leaves no tfjs tensors behind", async () => {
    const before = tf.memory().numTensors;
    await trainOn("onnx", options("multiclass", { earlyStoppingPatience: 2 }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

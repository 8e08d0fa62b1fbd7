import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { findLabelIssues } from "../src/evaluate/index.ts";
import { TrainingAbortedError } from "../src/train/abort.ts";
import { decodeCheckpoint, encodeCheckpoint, type TrainingCheckpoint } from "../src/train/checkpoint.ts";
import { crossValidatedProbabilities } from "../src/train/cross-validate.ts";
import {
  DEFAULT_HEAD_CONFIG,
  type HeadConfig,
  type HeadTrainingOptions,
  predictVectors,
  trainHeadOnVectors,
} from "../src/train/head-training.ts";
import { TrainingRng } from "../src/train/rng.ts";

/** Gaussian-ish clusters: class c is centred on +3 along axis c, so the classes are separable but noisy. */
function clusters(count: number, classes: number, dim: number, seed: number) {
  const rng = new TrainingRng(seed);
  const vectors: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    const v = new Float32Array(dim);
    for (let d = 0; d < dim; d++) v[d] = (rng.next() + rng.next() + rng.next() - 1.5) * 1.2 + (d === label ? 3 : 0);
    vectors.push(v);
    labels.push(label);
  }
  return { vectors, labels };
}

const config: HeadConfig = {
  ...DEFAULT_HEAD_CONFIG,
  batchSize: 16,
  epochs: 6,
  headUnits: 16,
  learningRate: 0.01,
  seed: 7,
};
const DIM = 24;

function weightsOf(head: tf.LayersModel): Float32Array[] {
  return head.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

beforeAll(async () => {
  await tf.setBackend("cpu");
});

// Every behaviour on both engines: ONNX Runtime runs the step when it loads, tfjs is the fallback.
describe.each(["onnx", "tfjs"] as const)("trainHeadOnVectors on %s", (engine) => {
  const trainHead = (options: HeadTrainingOptions) => trainHeadOnVectors({ ...options, engine });
  const train = clusters(120, 3, DIM, 1);
  const val = clusters(60, 3, DIM, 2);

  it("learns a separable multiclass problem and reports per-epoch metrics", async () => {
    const epochs: number[] = [];
    const {
      head,
      history,
      engine: used,
    } = await trainHead({
      classMode: "multiclass",
      classCount: 3,
      featureSize: DIM,
      train: { variants: train.vectors.map((v) => [v]), labels: train.labels.map((l) => [l]) },
      val: { vectors: val.vectors, labels: val.labels.map((l) => [l]) },
      config: { ...config, epochs: 15 },
      onEpoch: (m) => epochs.push(m.epoch),
    });
    try {
      expect(used).toBe(engine);
      expect(epochs).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      expect(history[14].valAcc).toBeGreaterThan(0.9);
      expect(history[14].loss).toBeLessThan(history[0].loss);
      const probs = await predictVectors(head, "multiclass", val.vectors);
      const correct = probs.filter((p, i) => p.indexOf(Math.max(...p)) === val.labels[i]).length;
      expect(correct / val.labels.length).toBeCloseTo(history[14].valAcc!, 5);
    } finally {
      head.dispose();
    }
  });

  it("is reproducible for a seed and differs for another seed", async () => {
    const run = async (seed: number) => {
      const { head } = await trainHead({
        classMode: "binary",
        classCount: 2,
        featureSize: DIM,
        train: { variants: train.vectors.map((v) => [v]), labels: train.labels.map((l) => [l % 2]) },
        config: { ...config, seed, epochs: 2 },
      });
      const weights = weightsOf(head);
      head.dispose();
      return weights;
    };
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
  });

  it("resumes from a mid-run checkpoint to the same final weights as an uninterrupted run", async () => {
    const base = {
      classMode: "multilabel" as const,
      classCount: 3,
      featureSize: DIM,
      // Several variants per item exercise the seeded per-epoch variant sampling too.
      train: {
        variants: train.vectors.map((v, i) => [v, val.vectors[i % 60]]),
        labels: train.labels.map((l) => (l === 2 ? [0, 2] : [l])),
      },
      val: { vectors: val.vectors, labels: val.labels.map((l) => [l]) },
      config: { ...config, earlyStoppingPatience: 10 },
      fingerprint: "same-run",
    };
    const full = await trainHead(base);
    const expected = weightsOf(full.head);
    full.head.dispose();

    const controller = new AbortController();
    let saved: Uint8Array | null = null;
    await expect(
      trainHead({
        ...base,
        signal: controller.signal,
        checkpoints: {
          save: async (ck) => {
            saved = encodeCheckpoint(ck);
            if (ck.epoch === 3) controller.abort();
          },
          load: async () => null,
        },
      }),
    ).rejects.toBeInstanceOf(TrainingAbortedError);
    const checkpoint: TrainingCheckpoint = decodeCheckpoint(saved!);
    expect(checkpoint.epoch).toBe(3);
    expect(checkpoint.history).toHaveLength(3);

    const resumed = await trainHead({ ...base, resumeFrom: checkpoint });
    const actual = weightsOf(resumed.head);
    resumed.head.dispose();
    expect(resumed.history).toHaveLength(6);
    actual.forEach((w, i) => {
      const maxDiff = w.reduce((m, x, j) => Math.max(m, Math.abs(x - expected[i][j])), 0);
      expect(maxDiff).toBeLessThan(1e-5);
    });
  });

  it("stops early and restores the best epoch when validation loss stops improving", async () => {
    // Validation labels are shuffled, so validation loss rises as the head fits the training set.
    const rng = new TrainingRng(9);
    const noisyVal = val.labels.map(() => rng.int(3));
    const { head, history, bestEpoch, stoppedEarly } = await trainHead({
      classMode: "multiclass",
      classCount: 3,
      featureSize: DIM,
      train: { variants: train.vectors.map((v) => [v]), labels: train.labels.map((l) => [l]) },
      val: { vectors: val.vectors, labels: noisyVal.map((l) => [l]) },
      config: { ...config, epochs: 30, learningRate: 0.01, earlyStoppingPatience: 2 },
    });
    try {
      expect(stoppedEarly).toBe(true);
      expect(history.length).toBe(bestEpoch + 2);
      const bestLoss = Math.min(...history.map((h) => h.valLoss!));
      expect(history[bestEpoch - 1].valLoss).toBe(bestLoss);
      // The head now holds the best epoch's weights: re-scoring reproduces that epoch's val loss.
      const probs = await predictVectors(head, "multiclass", val.vectors);
      const loss = -probs.reduce((s, p, i) => s + Math.log(p[noisyVal[i]]), 0) / probs.length;
      expect(loss).toBeCloseTo(bestLoss, 4);
    } finally {
      head.dispose();
    }
  });

  it("cancels within one batch and releases every tensor", async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let batchesAfterAbort = 0;
    await expect(
      trainHead({
        classMode: "multiclass",
        classCount: 3,
        featureSize: DIM,
        train: { variants: train.vectors.map((v) => [v]), labels: train.labels.map((l) => [l]) },
        config: { ...config, batchSize: 8 },
        signal: controller.signal,
        onBatch: (done) => {
          if (controller.signal.aborted) batchesAfterAbort++;
          if (done === 4) setTimeout(() => controller.abort(), 0);
        },
      }),
    ).rejects.toThrow(TrainingAbortedError);
    expect(batchesAfterAbort).toBeLessThanOrEqual(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("keeps tf.memory().numTensors flat across epochs and repeated runs", async () => {
    const counts: number[] = [];
    const after: number[] = [];
    for (let run = 0; run < 2; run++) {
      const { head } = await trainHead({
        classMode: "multiclass",
        classCount: 3,
        featureSize: DIM,
        train: { variants: train.vectors.map((v) => [v, v]), labels: train.labels.map((l) => [l]) },
        val: { vectors: val.vectors, labels: val.labels.map((l) => [l]) },
        config: { ...config, earlyStoppingPatience: 3 },
        onEpoch: () => counts.push(tf.memory().numTensors),
        checkpoints: { save: async () => {}, load: async () => null },
      });
      head.dispose();
      after.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    expect(after[1]).toBe(after[0]);
  });
});

describe("crossValidatedProbabilities", () => {
  it("scores every item out of sample, and confident learning finds deliberately flipped labels", async () => {
    const data = clusters(150, 3, DIM, 11);
    const flipped = [3, 40, 77, 101];
    const given = data.labels.map((l, i) => (flipped.includes(i) ? (l + 1) % 3 : l));
    const probs = await crossValidatedProbabilities({
      classMode: "multiclass",
      classCount: 3,
      vectors: data.vectors,
      labels: given,
      folds: 5,
      config: { ...config, epochs: 15 },
    });
    expect(probs).toHaveLength(150);
    expect(probs.every((p) => p.length === 3 && Math.abs(p[0] + p[1] + p[2] - 1) < 1e-5)).toBe(true);
    const { issues } = findLabelIssues(probs, given, 3);
    const found = issues.slice(0, 10).map((issue) => issue.index);
    for (const index of flipped) expect(found).toContain(index);
    const suggested = new Map(issues.map((i) => [i.index, i.suggestedLabel]));
    for (const index of flipped) expect(suggested.get(index)).toBe(data.labels[index]);
  });
});

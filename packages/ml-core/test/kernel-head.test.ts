// The kernel head: a closed-form Gaussian-kernel ridge classifier saved as standard layers. It must
// learn what a linear head cannot, compute in tfjs (and in ONNX Runtime) what its fit computed, choose
// its settings without the validation split, and refuse what it cannot do before any work.
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { buildGradients } from "../src/backbones/gradients.ts";
import { backboneSpec } from "../src/backbones/registry.ts";
import { initBackend } from "../src/backend/index.ts";
import type { LabelledImage } from "../src/dataset/index.ts";
import { exportModel, importModel, type ModelManifest } from "../src/model-io/index.ts";
import { convertLayersModel } from "../src/onnx/index.ts";
import { choleskyFactor, inverseDiagonal, solveFactored } from "../src/train/cholesky.ts";
import { checkConfig, DEFAULT_TRAIN_CONFIG, TrainingInputError } from "../src/train/config.ts";
import { predictVectors, trainHeadOnVectors } from "../src/train/head-training.ts";
import {
  fitKernelHead,
  KERNEL_GAMMAS,
  KERNEL_MAX_TRAIN_ITEMS,
  KERNEL_RIDGES,
  leaveOneOutFit,
} from "../src/train/kernel-head.ts";
import { TrainingRng } from "../src/train/rng.ts";
import { trainClassifier } from "../src/train/train-classifier.ts";

beforeAll(async () => {
  await initBackend("cpu");
});

/**
 * Non-negative 16-feature vectors (like pooled ReLU features) in an XOR pattern: class 0 lights
 * features 0-3 with 4-7 or 8-11 with 12-15, class 1 lights 0-3 with 12-15 or 8-11 with 4-7. Every
 * feature has the same mean in both classes, so no linear function of them separates the classes.
 */
function xorVectors(count: number, seed: number): { vectors: Float32Array[]; labels: number[][] } {
  const rng = new TrainingRng(seed);
  const vectors: Float32Array[] = [];
  const labels: number[][] = [];
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    const first = rng.next() < 0.5 ? 0 : 8;
    const second = (label === 0) === (first === 0) ? 4 : 12;
    const v = Float32Array.from({ length: 16 }, () => 0.05 * rng.next());
    for (let p = 0; p < 4; p++) {
      v[first + p] += 0.5 + 0.5 * rng.next();
      v[second + p] += 0.5 + 0.5 * rng.next();
    }
    vectors.push(v);
    labels.push([label]);
  }
  return { vectors, labels };
}

function accuracy(probabilities: Float32Array[], labels: number[][]): number {
  return probabilities.filter((p, i) => p.indexOf(Math.max(...p)) === labels[i][0]).length / Math.max(labels.length, 1);
}

describe("choleskyFactor and solveFactored", () => {
  it("solve a symmetric positive-definite system and refuse one that is not", () => {
    // A = [[4, 2], [2, 3]], B = A·[[1, 2], [-1, 0.5]].
    const a = Float64Array.of(4, 2, 2, 3);
    const x = Float64Array.of(1, 2, -1, 0.5);
    const b = Float64Array.of(4 * 1 + 2 * -1, 4 * 2 + 2 * 0.5, 2 * 1 + 3 * -1, 2 * 2 + 3 * 0.5);
    const solved = solveFactored(choleskyFactor(a, 2), 2, b, 2);
    solved.forEach((v, i) => expect(v).toBeCloseTo(x[i], 12));
    expect(() => choleskyFactor(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/not positive definite/);
  });
});

describe("inverseDiagonal", () => {
  it("is the diagonal of the inverse", () => {
    // A = [[4, 2, 0.5], [2, 3, 1], [0.5, 1, 2]]; its inverse by cofactors over det = 12.25.
    const a = Float64Array.of(4, 2, 0.5, 2, 3, 1, 0.5, 1, 2);
    const det = 4 * (3 * 2 - 1 * 1) - 2 * (2 * 2 - 1 * 0.5) + 0.5 * (2 * 1 - 3 * 0.5);
    const expected = [(3 * 2 - 1) / det, (4 * 2 - 0.25) / det, (4 * 3 - 4) / det];
    const diagonal = inverseDiagonal(choleskyFactor(a, 3), 3);
    diagonal.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });
});

describe("leaveOneOutFit", () => {
  it("scores each item exactly as the ridge fit on all the others does", () => {
    // A Gaussian kernel on 12 random points in 3-d, two score columns.
    const rng = new TrainingRng(21);
    const n = 12;
    const k = 2;
    const points = Array.from({ length: n }, () => [rng.next(), rng.next(), rng.next()]);
    const kernel = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        kernel[i * n + j] = Math.exp(-2 * points[i].reduce((s, x, p) => s + (x - points[j][p]) ** 2, 0));
    const y = Float64Array.from({ length: n * k }, () => (rng.next() < 0.5 ? -1 : 1));
    const mean = Float64Array.of(0.25, -0.5);
    const ridge = 0.1;
    const { scores } = leaveOneOutFit(kernel, n, y, mean, k, ridge);
    for (let out = 0; out < n; out++) {
      const rest = Array.from({ length: n }, (_, i) => i).filter((i) => i !== out);
      const m = rest.length;
      const a = new Float64Array(m * m);
      const b = new Float64Array(m * k);
      rest.forEach((r, p) => {
        rest.forEach((c, q) => {
          a[p * m + q] = kernel[r * n + c] + (p === q ? ridge : 0);
        });
        for (let c = 0; c < k; c++) b[p * k + c] = y[r * k + c] - mean[c];
      });
      const alpha = solveFactored(choleskyFactor(a, m), m, b, k);
      for (let c = 0; c < k; c++) {
        let score = mean[c];
        rest.forEach((r, p) => {
          score += kernel[out * n + r] * alpha[p * k + c];
        });
        expect(scores[out * k + c]).toBeCloseTo(score, 9);
      }
    }
  });
});

describe("kernel head", () => {
  it("learns a pattern a linear head cannot, and the saved layers compute what the fit computed", async () => {
    const train = xorVectors(160, 1);
    const test = xorVectors(200, 2);
    const fit = await fitKernelHead({ ...train, classMode: "binary", classCount: 2 });
    const kernel = await predictVectors(fit.head, "binary", test.vectors);
    expect(accuracy(kernel, test.labels)).toBeGreaterThan(0.95);
    expect(fit.crossValidationAccuracy).toBeGreaterThan(0.9);
    // The in-sample figures the fit reports are the head's own on its training items.
    const own = await predictVectors(fit.head, "binary", train.vectors);
    expect(accuracy(own, train.labels)).toBeCloseTo(fit.trainAccuracy, 6);
    // The reference dense head (no hidden layer of the right kind for XOR at this size: a linear
    // probe's worth of it) stays near chance: what the kernel learnt is not linear.
    const linear = await trainHeadOnVectors({
      classMode: "binary",
      classCount: 2,
      featureSize: 16,
      train: { variants: train.vectors.map((v) => [v]), labels: train.labels },
      config: {
        batchSize: 32,
        epochs: 30,
        learningRate: 0.01,
        optimizer: "adam",
        headUnits: 1,
        dropout: 0,
        earlyStoppingPatience: null,
        seed: 1,
      },
    });
    expect(accuracy(await predictVectors(linear.head, "binary", test.vectors), test.labels)).toBeLessThan(0.8);
    linear.head.dispose();
    fit.head.dispose();
  });

  it("is deterministic, calibrated to probabilities, and multiclass", async () => {
    // Three classes: which of three feature groups is lit.
    const rng = new TrainingRng(5);
    const make = (count: number) => {
      const vectors: Float32Array[] = [];
      const labels: number[][] = [];
      for (let i = 0; i < count; i++) {
        const label = i % 3;
        const v = Float32Array.from({ length: 12 }, () => 0.3 * rng.next());
        for (let p = 0; p < 4; p++) v[label * 4 + p] += 0.4 * rng.next();
        vectors.push(v);
        labels.push([label]);
      }
      return { vectors, labels };
    };
    const train = make(90);
    const a = await fitKernelHead({ ...train, classMode: "multiclass", classCount: 3 });
    const b = await fitKernelHead({ ...train, classMode: "multiclass", classCount: 3 });
    const probe = make(30).vectors;
    const pa = await predictVectors(a.head, "multiclass", probe);
    const pb = await predictVectors(b.head, "multiclass", probe);
    expect(pa).toEqual(pb);
    for (const row of pa) {
      expect(row).toHaveLength(3);
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    }
    // Calibrated: neither all-certain nor all-uniform on fresh items.
    const confidence = pa.map((row) => Math.max(...row));
    expect(Math.min(...confidence)).toBeLessThan(0.99);
    expect(Math.max(...confidence)).toBeGreaterThan(0.5);
    expect(a.temperature).toBeGreaterThan(0);
    a.head.dispose();
    b.head.dispose();
  });

  it("saves, loads and converts to ONNX with the same outputs", async () => {
    const train = xorVectors(60, 3);
    const fit = await fitKernelHead({ ...train, classMode: "binary", classCount: 2 });
    const probe = xorVectors(8, 4).vectors;
    const flat = new Float32Array(probe.length * 16);
    probe.forEach((v, i) => flat.set(v, i * 16));
    const input = tf.tensor2d(flat, [probe.length, 16]);
    const expected = (fit.head.predict(input) as tf.Tensor).dataSync() as Float32Array;

    const manifest: ModelManifest = {
      format: "headstart-classifier",
      formatVersion: 1,
      kind: "head",
      labels: ["a", "b"],
      classMode: "binary",
      threshold: 0.5,
      inputSize: 28,
      preprocessing: "zero_to_one",
      backbone: { id: "gradients", version: "test", featureSize: 16 },
      metrics: {},
    };
    const loaded = await importModel(await exportModel(fit.head, manifest));
    const reloaded = (loaded.model.predict(input) as tf.Tensor).dataSync() as Float32Array;
    expect(Array.from(reloaded)).toEqual(Array.from(expected));
    loaded.model.dispose();

    const converted = convertLayersModel(fit.head);
    const session = await ort.InferenceSession.create(converted.bytes, { intraOpNumThreads: 1 });
    const result = await session.run({ input: new ort.Tensor("float32", flat, [probe.length, 16]) });
    await session.release();
    const actual = result.output.data as Float32Array;
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThan(1e-5);
    input.dispose();
    fit.head.dispose();
  });

  it("past its wall-clock end tries one setting only, and still returns a working head", async () => {
    const train = xorVectors(80, 7);
    const settings: number[] = [];
    const fit = await fitKernelHead({
      ...train,
      classMode: "binary",
      classCount: 2,
      stopAt: Date.now() - 1,
      onProgress: (done) => settings.push(done),
    });
    expect(fit.gammaFactor).toBe(KERNEL_GAMMAS[0]);
    expect(fit.ridge).toBe(KERNEL_RIDGES[0]);
    expect(settings[0]).toBe(1);
    expect(settings).toHaveLength(2); // the one setting tried, then the final solve
    expect(fit.trainAccuracy).toBeGreaterThan(0.9);
    fit.head.dispose();
  });

  it("refuses what it cannot fit before any work, saying what to use instead", async () => {
    const { vectors, labels } = xorVectors(20, 6);
    await expect(fitKernelHead({ vectors, labels, classMode: "multilabel", classCount: 2 })).rejects.toThrow(
      /multilabel/,
    );
    await expect(
      fitKernelHead({ vectors, labels: labels.map(() => [0]), classMode: "binary", classCount: 2 }),
    ).rejects.toThrow(/at least 2 training images in each of at least 2 classes/);
    const many = Array.from({ length: KERNEL_MAX_TRAIN_ITEMS + 1 }, (_, i) => vectors[i % vectors.length]);
    await expect(
      fitKernelHead({ vectors: many, labels: many.map((_, i) => [i % 2]), classMode: "binary", classCount: 2 }),
    ).rejects.toThrow(/headKind "dense"/);
    expect(() => checkConfig({ ...DEFAULT_TRAIN_CONFIG, headKind: "kernel" })).toThrow(TrainingInputError);
    expect(() => checkConfig({ ...DEFAULT_TRAIN_CONFIG, headKind: "kernel" })).toThrow(/augmentation/);
    expect(() =>
      checkConfig({ ...DEFAULT_TRAIN_CONFIG, augmentation: null, fineTuneBlocks: 2, headKind: "kernel" }),
    ).toThrow(/fineTuneBlocks/);
    expect(() => checkConfig({ ...DEFAULT_TRAIN_CONFIG, headKind: "svm" as never })).toThrow(/headKind must be one of/);
    expect(() => checkConfig({ ...DEFAULT_TRAIN_CONFIG, leaveOneOutValidation: true })).toThrow(
      /leaveOneOutValidation needs headKind "kernel"/,
    );
  });

  it("trains as a run on the gradients backbone: one reported epoch, a composed model that predicts like its head", async () => {
    const side = 28;
    const backbone = buildGradients(backboneSpec("gradients", { inputSize: side }));
    // Vertical bars against horizontal bars, at random positions, with noise.
    const rng = new TrainingRng(11);
    const images: LabelledImage[] = [];
    const pixels = new Map<string, Uint8Array>();
    for (let i = 0; i < 48; i++) {
      const label = i % 2;
      const rgb = new Uint8Array(side * side * 3);
      const at = 4 + Math.floor(rng.next() * 20);
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const on = label === 0 ? Math.abs(x - at) < 2 : Math.abs(y - at) < 2;
          rgb.fill(on ? 220 : Math.floor(40 * rng.next()), (y * side + x) * 3, (y * side + x) * 3 + 3);
        }
      }
      const sha256 = i.toString(16).padStart(64, "0");
      pixels.set(sha256, rgb);
      const png = new Uint8Array(
        await sharp(rgb, { raw: { width: side, height: side, channels: 3 } })
          .png()
          .toBuffer(),
      );
      images.push({
        name: `bars-${i}.png`,
        sha256,
        labels: [label],
        split: i < 36 ? "train" : "val",
        read: async () => png,
      });
    }
    const epochs: number[] = [];
    const result = await trainClassifier({
      images,
      labels: ["vertical", "horizontal"],
      classMode: "binary",
      backbone,
      config: { headKind: "kernel", augmentation: null },
      onEpoch: (m) => epochs.push(m.epoch),
    });
    expect(epochs).toEqual([1]);
    expect(result.history).toHaveLength(1);
    expect(result.history[0].valAcc).toBeGreaterThan(0.9);
    expect(result.validation.probabilities).toHaveLength(12);
    const batch = tf.tensor4d(
      Float32Array.from(images.slice(36).flatMap((image) => Array.from(pixels.get(image.sha256)!))),
      [12, side, side, 3],
    );
    const full = (result.model.predict(batch) as tf.Tensor).dataSync();
    result.validation.probabilities.forEach((p, i) => expect(full[i]).toBeCloseTo(p[1], 4));

    // Leave-one-out validation: the validation images join the fit (the head holds a centre each),
    // and their reported probabilities are the fit's leave-one-out ones, not the model's own on them.
    const loo = await trainClassifier({
      images,
      labels: ["vertical", "horizontal"],
      classMode: "binary",
      backbone,
      config: { headKind: "kernel", augmentation: null, leaveOneOutValidation: true },
    });
    expect(loo.head.layers.at(-1)!.getWeights()[0].shape[0]).toBe(48);
    expect(result.head.layers.at(-1)!.getWeights()[0].shape[0]).toBe(36);
    expect(loo.validation.probabilities).toHaveLength(12);
    expect(loo.history[0].valAcc).toBeGreaterThan(0.9);
    const own = (loo.model.predict(batch) as tf.Tensor).dataSync();
    // In sample, the model is surer of each validation image than the fit without it was.
    const sureness = (p: number, label: number) => (label === 1 ? p : 1 - p);
    const gains = loo.validation.probabilities.map(
      (p, i) => sureness(own[i], images[36 + i].labels[0]) - sureness(p[1], images[36 + i].labels[0]),
    );
    expect(Math.max(...gains)).toBeGreaterThan(1e-3);
    expect(Math.min(...gains)).toBeGreaterThan(-1e-6);
    batch.dispose();
    loo.dispose();
    result.dispose();
    backbone.dispose();
  });
});

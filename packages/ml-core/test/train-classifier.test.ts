import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finishBackbone } from "../src/backbones/finish.ts";
import { preprocessingLayer } from "../src/backbones/preprocessing.ts";
import type { Backbone } from "../src/backbones/types.ts";
import { type EmbeddingStore, FileEmbeddingStore, MemoryEmbeddingStore } from "../src/cache/index.ts";
import { type LabelledDataset, type LabelledImage, loadImageFolder } from "../src/dataset/index.ts";
import { classificationReport } from "../src/evaluate/index.ts";
import { predict } from "../src/inference/index.ts";
import { exportModel, importModel, type ModelManifest } from "../src/model-io/index.ts";
import {
  decodeCheckpoint,
  encodeCheckpoint,
  type TrainConfig,
  TrainingAbortedError,
  type TrainingCheckpoint,
  TrainingInputError,
  type TrainProgress,
  trainClassifier,
} from "../src/train/index.ts";

const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), "../data/sample/binary");
const SIZE = 32;

/** A small real conv base (random but fixed weights) wrapped by the same code as the shipped backbones. */
function tinyBackbone(blocks: { name: string; firstLayer: string }[] = []): Backbone {
  const input = tf.input({ shape: [SIZE, SIZE, 3] });
  let x = preprocessingLayer("zero_to_one").apply(input) as tf.SymbolicTensor;
  x = tf.layers
    .conv2d({
      filters: 8,
      kernelSize: 3,
      strides: 2,
      activation: "relu",
      name: "conv1",
      kernelInitializer: tf.initializers.heNormal({ seed: 1 }),
    })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .conv2d({
      filters: 16,
      kernelSize: 3,
      strides: 2,
      activation: "relu",
      name: "cut",
      kernelInitializer: tf.initializers.heNormal({ seed: 2 }),
    })
    .apply(x) as tf.SymbolicTensor;
  const cut = tf.model({ inputs: input, outputs: x });
  return finishBackbone(
    cut,
    {
      id: "scratch",
      version: "test-tiny",
      inputSize: SIZE,
      preprocessing: "zero_to_one",
      cutLayer: "cut",
      featureSize: 16,
    },
    blocks,
  );
}

function subset(dataset: LabelledDataset, perClassTrain: number, perClassVal: number): LabelledImage[] {
  const take = (split: "train" | "val", label: number, n: number) =>
    dataset.images.filter((i) => i.split === split && i.labels[0] === label).slice(0, n);
  return [0, 1].flatMap((label) => [...take("train", label, perClassTrain), ...take("val", label, perClassVal)]);
}

const augmentation = { rotation: 20, widthShift: 0.2, heightShift: 0.2, zoom: 0.2, horizontalFlip: true, variants: 2 };

const config: Partial<TrainConfig> = {
  batchSize: 16,
  epochs: 4,
  learningRate: 0.01,
  headUnits: 16,
  augmentation: null,
  seed: 5,
};

describe("trainClassifier on the two-class sample", () => {
  let backbone: Backbone;
  let dataset: LabelledDataset;
  let images: LabelledImage[];
  let dir: string;

  beforeAll(async () => {
    await tf.setBackend("cpu");
    backbone = tinyBackbone();
    dataset = await loadImageFolder(SAMPLE);
    images = subset(dataset, 40, 20);
    dir = await mkdtemp(join(tmpdir(), "headstart-train-"));
  });
  afterAll(async () => {
    backbone.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("loads the Keras folder layout with sorted class names", () => {
    expect(dataset.labels).toEqual(["ankle_boot", "sneaker"]);
    expect(dataset.images.filter((i) => i.split === "train")).toHaveLength(500);
    expect(dataset.images.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
  });

  it("trains, reports progress and validation probabilities, and reuses the embedding cache", async () => {
    const store = new FileEmbeddingStore(join(dir, "cache"));
    const progress: TrainProgress[] = [];
    const result = await trainClassifier({
      images,
      labels: dataset.labels,
      classMode: "binary",
      backbone,
      config: { ...config, epochs: 8 },
      store,
      onProgress: (p) => progress.push(p),
    });
    try {
      const embed = progress.filter((p) => p.stage === "embed");
      expect(embed[0]).toEqual({ stage: "embed", done: 0, total: 120 });
      expect(embed.at(-1)).toEqual({ stage: "embed", done: 120, total: 120 });
      expect(progress.filter((p) => p.stage === "train").at(-1)).toEqual({ stage: "train", done: 5, total: 5 });
      expect(result.history).toHaveLength(8);
      expect(result.validation.probabilities).toHaveLength(40);
      const truth = result.validation.images.map((i) => i.labels[0]);
      const report = classificationReport(result.validation.probabilities, truth, dataset.labels);
      // Even random conv features separate sneakers from ankle boots well above chance.
      expect(report.accuracy).toBeGreaterThan(0.7);
      expect(report.accuracy).toBeCloseTo(result.history.at(-1)!.valAcc!, 6);
    } finally {
      result.dispose();
    }
    // A second run against a fresh handle on the same directory embeds nothing.
    const again: TrainProgress[] = [];
    const second = await trainClassifier({
      images,
      labels: dataset.labels,
      classMode: "binary",
      backbone,
      config,
      store: new FileEmbeddingStore(join(dir, "cache")),
      onProgress: (p) => again.push(p),
    });
    second.dispose();
    expect(again.filter((p) => p.stage === "embed")).toEqual([{ stage: "embed", done: 120, total: 120 }]);
  });

  it("saves the composed model and predicts from image bytes exactly as the in-memory model", async () => {
    const result = await trainClassifier({ images, labels: dataset.labels, classMode: "multiclass", backbone, config });
    try {
      const manifest: ModelManifest = {
        format: "headstart-classifier",
        formatVersion: 1,
        kind: "full",
        labels: dataset.labels,
        classMode: "multiclass",
        inputSize: SIZE,
        preprocessing: "zero_to_one",
        backbone: { id: "scratch", version: "test-tiny", featureSize: 16 },
        threshold: 0.75,
        metrics: {},
      };
      const loaded = await importModel(await exportModel(result.model, manifest));
      const bytes = await Promise.all(result.validation.images.slice(0, 10).map((i) => i.read()));
      const fromMemory = await predict({ model: result.model, manifest }, bytes);
      const fromFiles = await predict(loaded, bytes);
      loaded.model.dispose();
      expect(fromFiles).toEqual(fromMemory);
      // And the composed model agrees with the head trained on cached embeddings.
      fromMemory.forEach((p, k) => {
        p.probabilities.forEach((v, c) => expect(v).toBeCloseTo(result.validation.probabilities[k][c], 5));
        expect(p.withheld).toBe(p.confidence < 0.75);
      });
    } finally {
      result.dispose();
    }
  });

  it("resumes from a per-epoch checkpoint to the same weights as an uninterrupted run", async () => {
    const store = new MemoryEmbeddingStore();
    const run = {
      images,
      labels: dataset.labels,
      classMode: "binary" as const,
      backbone,
      store,
      config: { ...config, earlyStoppingPatience: 5 },
    };
    const full = await trainClassifier(run);
    const expected = full.head.getWeights().map((w) => Float32Array.from(w.dataSync()));
    full.dispose();

    let saved: Uint8Array | null = null;
    const controller = new AbortController();
    await expect(
      trainClassifier({
        ...run,
        signal: controller.signal,
        checkpoints: {
          save: async (ck) => {
            saved = encodeCheckpoint(ck);
            if (ck.epoch === 2) controller.abort();
          },
          load: async () => null,
        },
      }),
    ).rejects.toBeInstanceOf(TrainingAbortedError);

    const checkpoint: TrainingCheckpoint = decodeCheckpoint(saved!);
    const resumed = await trainClassifier({
      ...run,
      checkpoints: { save: async () => {}, load: async () => checkpoint },
    });
    const actual = resumed.head.getWeights().map((w) => Float32Array.from(w.dataSync()));
    expect(resumed.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    resumed.dispose();
    actual.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - expected[i][j])).toBeLessThan(1e-5)));

    // A checkpoint is refused by a run with other settings.
    await expect(
      trainClassifier({
        ...run,
        config: { ...run.config, seed: 99 },
        checkpoints: { save: async () => {}, load: async () => checkpoint },
      }),
    ).rejects.toThrow(/belongs to a run with other images or settings/);
  });

  it("keeps tf.memory().numTensors flat across epochs and repeated runs", async () => {
    const store: EmbeddingStore = new MemoryEmbeddingStore();
    const before = tf.memory().numTensors;
    const perEpoch: number[] = [];
    for (let i = 0; i < 2; i++) {
      const result = await trainClassifier({
        images,
        labels: dataset.labels,
        classMode: "multiclass",
        backbone,
        store,
        config,
        onEpoch: () => perEpoch.push(tf.memory().numTensors),
      });
      result.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    expect(new Set(perEpoch).size).toBe(1);
  });

  it("embeds k augmented variants per training image once and reuses them in later runs", async () => {
    const store = new MemoryEmbeddingStore();
    const run = {
      images,
      labels: dataset.labels,
      classMode: "binary" as const,
      backbone,
      store,
      config: { ...config, augmentation },
    };
    const progress: TrainProgress[] = [];
    const first = await trainClassifier({ ...run, onProgress: (p) => progress.push(p) });
    const firstWeights = first.head.getWeights().map((w) => Array.from(w.dataSync()));
    first.dispose();
    // 80 training images x 2 variants; validation images are never augmented.
    expect(progress.filter((p) => p.stage === "augment").at(-1)).toEqual({ stage: "augment", done: 160, total: 160 });
    expect(store.size).toBe(120 + 160);

    const again: TrainProgress[] = [];
    const second = await trainClassifier({ ...run, onProgress: (p) => again.push(p) });
    const secondWeights = second.head.getWeights().map((w) => Array.from(w.dataSync()));
    second.dispose();
    expect(again.filter((p) => p.stage === "augment")).toEqual([{ stage: "augment", done: 160, total: 160 }]);
    expect(store.size).toBe(280);
    // Same seed and same cached variants: the same head.
    expect(secondWeights).toEqual(firstWeights);
  });

  it("fine-tunes the top block on cached cut activations after the head phase", async () => {
    // Fine-tuning changes the backbone in place, so this test gets its own.
    const tunable = tinyBackbone([
      { name: "b1", firstLayer: "conv1" },
      { name: "b2", firstLayer: "cut" },
    ]);
    const before = tunable.model.getLayer("cut").getWeights()[0].dataSync().slice();
    const tensorsBefore = tf.memory().numTensors;
    const progress: TrainProgress[] = [];
    const few = subset(dataset, 12, 6);
    const result = await trainClassifier({
      images: few,
      labels: dataset.labels,
      classMode: "binary",
      backbone: tunable,
      config: { ...config, epochs: 2, fineTuneBlocks: 1, fineTuneEpochs: 2, fineTuneLearningRate: 0.001 },
      onProgress: (p) => progress.push(p),
    });
    try {
      expect(result.fineTuned).toBe(true);
      expect(result.history.map((h) => `${h.phase}:${h.epoch}`)).toEqual([
        "head:1",
        "head:2",
        "fine-tune:1",
        "fine-tune:2",
      ]);
      expect(progress.some((p) => p.stage === "fine-tune-activations" && p.done === 36)).toBe(true);
      const after = tunable.model.getLayer("cut").getWeights()[0].dataSync();
      expect(Array.from(after)).not.toEqual(Array.from(before));
      // The composed model uses the fine-tuned weights: it reproduces the validation probabilities.
      const bytes = await Promise.all(result.validation.images.slice(0, 4).map((i) => i.read()));
      const manifest: ModelManifest = {
        format: "headstart-classifier",
        formatVersion: 1,
        kind: "full",
        labels: dataset.labels,
        classMode: "binary",
        inputSize: SIZE,
        preprocessing: "zero_to_one",
        backbone: { id: "scratch", version: "test-tiny", featureSize: 16 },
        threshold: 0.5,
        metrics: {},
      };
      const predictions = await predict({ model: result.model, manifest }, bytes);
      predictions.forEach((p, k) => expect(p.probabilities[1]).toBeCloseTo(result.validation.probabilities[k][1], 5));
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    tunable.dispose();
  });

  it("rejects inconsistent input before doing any work", async () => {
    await expect(
      trainClassifier({ images, labels: ["a", "b", "c"], classMode: "binary", backbone, config }),
    ).rejects.toBeInstanceOf(TrainingInputError);
    await expect(
      trainClassifier({
        images,
        labels: dataset.labels,
        classMode: "binary",
        backbone,
        config: { ...config, augmentation: { ...augmentation, variants: 0 } },
      }),
    ).rejects.toThrow(/augmentation.variants must be a positive integer/);
    await expect(
      trainClassifier({
        images,
        labels: dataset.labels,
        classMode: "binary",
        backbone,
        config: { ...config, fineTuneBlocks: 2 },
      }),
    ).rejects.toThrow(/does not declare its blocks/);
    await expect(
      trainClassifier({
        images,
        labels: dataset.labels,
        classMode: "binary",
        backbone,
        config: { ...config, endToEnd: true },
      }),
    ).rejects.toThrow(/endToEnd needs a backbone that declares its blocks/);
  });
});

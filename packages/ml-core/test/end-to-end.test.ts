import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { type LabelledDataset, type LabelledImage, loadImageFolder } from "../src/dataset/index.ts";
import { predict } from "../src/inference/index.ts";
import type { ModelManifest } from "../src/model-io/index.ts";
import { type TrainProgress, trainClassifier } from "../src/train/index.ts";

const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), "../data/sample/binary");
const SIZE = 32;

function subset(dataset: LabelledDataset, perClassTrain: number, perClassVal: number): LabelledImage[] {
  const take = (split: "train" | "val", label: number, n: number) =>
    dataset.images.filter((i) => i.split === split && i.labels[0] === label).slice(0, n);
  return [0, 1].flatMap((label) => [...take("train", label, perClassTrain), ...take("val", label, perClassVal)]);
}

// WASM: training convolutions end to end needs the fast gradient kernels (the CPU backend takes minutes).
describe("trainClassifier with endToEnd on the scratch CNN (WASM)", () => {
  let dataset: LabelledDataset;

  beforeAll(async () => {
    await initBackend("wasm");
    dataset = await loadImageFolder(SAMPLE);
  });

  it("trains the scratch CNN end to end from the first epoch, batch-norm statistics included", async () => {
    const scratch = await loadBackbone(backboneSpec("scratch", { inputSize: SIZE }), { seed: 3 });
    const weights = (layer: string, index: number) =>
      Array.from(scratch.model.getLayer(layer).getWeights()[index].dataSync());
    const convBefore = weights("block_1_conv", 0);
    const movingMeanBefore = weights("block_2_bn", 2);
    const tensorsBefore = tf.memory().numTensors;
    const progress: TrainProgress[] = [];
    const few = subset(dataset, 12, 6);
    const result = await trainClassifier({
      images: few,
      labels: dataset.labels,
      classMode: "binary",
      backbone: scratch,
      config: {
        batchSize: 16,
        epochs: 2,
        learningRate: 0.01,
        headUnits: 16,
        augmentation: null,
        seed: 5,
        endToEnd: true,
      },
      onProgress: (p) => progress.push(p),
    });
    try {
      expect(result.fineTuned).toBe(true);
      // No frozen-feature head phase: every epoch trains all four blocks and the head together.
      expect(result.history.map((h) => `${h.phase}:${h.epoch}`)).toEqual(["fine-tune:1", "fine-tune:2"]);
      expect(progress.some((p) => p.stage === "embed" || p.stage === "train")).toBe(false);
      expect(progress.some((p) => p.stage === "fine-tune-activations" && p.done === 36)).toBe(true);
      expect(weights("block_1_conv", 0)).not.toEqual(convBefore);
      expect(weights("block_2_bn", 2)).not.toEqual(movingMeanBefore);
      // Validation ran in inference mode (moving statistics): the saved-model path reproduces it.
      const bytes = await Promise.all(result.validation.images.slice(0, 4).map((i) => i.read()));
      const manifest: ModelManifest = {
        format: "headstart-classifier",
        formatVersion: 1,
        kind: "full",
        labels: dataset.labels,
        classMode: "binary",
        inputSize: SIZE,
        preprocessing: "zero_to_one",
        backbone: { id: "scratch", version: scratch.spec.version, featureSize: scratch.spec.featureSize },
        threshold: 0.5,
        metrics: {},
      };
      const predictions = await predict({ model: result.model, manifest }, bytes);
      predictions.forEach((p, k) => expect(p.probabilities[1]).toBeCloseTo(result.validation.probabilities[k][1], 5));
    } finally {
      result.dispose();
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    scratch.dispose();
  });
});

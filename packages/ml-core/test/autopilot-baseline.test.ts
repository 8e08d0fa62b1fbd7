import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { accuracyOf, fitLogistic } from "../src/autopilot/logistic.ts";
import { pixelBaseline } from "../src/autopilot/pixel-baseline.ts";
import { loadImageFolder } from "../src/dataset/index.ts";
import { TrainingAbortedError } from "../src/train/abort.ts";
import { TrainingRng } from "../src/train/rng.ts";
import { syntheticImages } from "./autopilot-fixtures.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample/binary", import.meta.url));

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("pixelBaseline", () => {
  it("separates synthetic classes that differ in their pixels, with per-class figures", async () => {
    const { labels, images } = await syntheticImages({
      classes: 3,
      perClass: { train: 30, val: 15 },
      pattern: true,
      seed: 4,
    });
    const result = await pixelBaseline({ images, labels, classMode: "multiclass", iterations: 100 });
    expect(result.channels).toBe(1);
    expect(result.size).toBe(28);
    expect(result.val!.accuracy).toBeGreaterThan(0.9);
    expect(result.val!.perClass.map((c) => c.support)).toEqual([15, 15, 15]);
    expect(result.val!.confusion).toHaveLength(3);
    expect([1e-4, 1e-3, 1e-2]).toContain(result.l2);
    expect(result.test).toBeNull();
  });

  it("stays near chance on pure noise (it does not invent signal)", async () => {
    const { labels, images } = await syntheticImages({
      classes: 2,
      perClass: { train: 30, val: 30 },
      pattern: false,
      seed: 5,
    });
    const result = await pixelBaseline({ images, labels, classMode: "binary", iterations: 100 });
    expect(result.val!.accuracy).toBeLessThan(0.75);
  });

  it("scores the shipped sample (sneaker vs ankle boot) in seconds, test split kept apart", async () => {
    const dataset = await loadImageFolder(SAMPLE);
    const train = dataset.images.filter((i) => i.split === "train");
    const val = dataset.images.filter((i) => i.split === "val");
    // Half of the validation images act as a test split the baseline must not choose anything on.
    const test = val.filter((_, k) => k % 2 === 1);
    const images = [...train, ...val.filter((_, k) => k % 2 === 0)];
    const result = await pixelBaseline({ images, labels: dataset.labels, classMode: "binary", test });
    expect(result.trainAccuracy).toBeGreaterThan(0.9);
    expect(result.val!.accuracy).toBeGreaterThan(0.85);
    expect(result.test!.accuracy).toBeGreaterThan(0.85);
    expect(result.test!.perClass.reduce((s, c) => s + c.support, 0)).toBe(test.length);
    expect(result.seconds).toBeLessThan(60);
  });

  it("refuses a dataset without training images and honours abort", async () => {
    const { labels, images } = await syntheticImages({
      classes: 2,
      perClass: { train: 5, val: 5 },
      pattern: true,
      seed: 6,
    });
    await expect(
      pixelBaseline({ images: images.filter((i) => i.split === "val"), labels, classMode: "binary" }),
    ).rejects.toThrow(/split "train"/);
    const controller = new AbortController();
    controller.abort();
    await expect(
      pixelBaseline({ images, labels, classMode: "binary", signal: controller.signal }),
    ).rejects.toBeInstanceOf(TrainingAbortedError);
  });
});

describe("fitLogistic", () => {
  it("fits independent sigmoids for multilabel targets", async () => {
    const rng = new TrainingRng(3);
    const vectors: Float32Array[] = [];
    const labels: number[][] = [];
    for (let i = 0; i < 200; i++) {
      const v = Float32Array.from({ length: 6 }, () => rng.next() * 2 - 1);
      vectors.push(v);
      labels.push([...(v[0] > 0 ? [0] : []), ...(v[1] > 0 ? [1] : [])]);
    }
    const model = await fitLogistic(vectors.slice(0, 150), labels.slice(0, 150), {
      classMode: "multilabel",
      classCount: 2,
    });
    const probs = model.predict(vectors.slice(150));
    expect(probs[0]).toHaveLength(2);
    expect(accuracyOf("multilabel", probs, labels.slice(150))).toBeGreaterThan(0.9);
    model.dispose();
    expect(() => model.predict(vectors)).toThrow(/disposed/);
  });

  it("leaves no tensor behind once the model is disposed (the trainer fits one per run)", async () => {
    const vectors = Array.from({ length: 40 }, (_, i) =>
      Float32Array.from({ length: 8 }, (_, j) => Math.sin(i * 7 + j)),
    );
    const labels = vectors.map((_, i) => [i % 3]);
    const before = tf.memory().numTensors;
    const model = await fitLogistic(vectors, labels, { classMode: "multiclass", classCount: 3, iterations: 30 });
    model.predict(vectors.slice(0, 5));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

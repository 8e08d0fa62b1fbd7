import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { correctFromLogits, encodeTargets, smoothTargets } from "../src/train/class-mode.ts";
import { checkConfig, DEFAULT_TRAIN_CONFIG } from "../src/train/config.ts";
import { DEFAULT_HEAD_CONFIG, trainHeadOnVectors } from "../src/train/head-training.ts";
import { TrainingRng } from "../src/train/rng.ts";
import { learningRateAt } from "../src/train/schedule.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("learningRateAt", () => {
  it("keeps the constant rate and shapes cosine and one-cycle as documented", () => {
    expect(learningRateAt("constant", 0.01, 50, 100)).toBe(0.01);
    const cosine = Array.from({ length: 100 }, (_, s) => learningRateAt("cosine", 0.01, s, 100));
    expect(cosine[0]).toBeCloseTo(0.001, 6); // warm-up starts at a tenth
    expect(Math.max(...cosine)).toBeCloseTo(0.01, 4);
    expect(cosine[99]).toBeCloseTo(0.0001, 6); // ends at 1% of the base
    const oneCycle = Array.from({ length: 100 }, (_, s) => learningRateAt("one-cycle", 0.01, s, 100));
    expect(oneCycle[0]).toBeCloseTo(0.01 / 25, 6);
    const peak = oneCycle.indexOf(Math.max(...oneCycle));
    expect(peak).toBeGreaterThanOrEqual(29);
    expect(peak).toBeLessThanOrEqual(31);
    expect(oneCycle[99]).toBeLessThan(1e-6);
    // Past the end the rate stays at the last step's.
    expect(learningRateAt("one-cycle", 0.01, 500, 100)).toBe(oneCycle[99]);
  });
});

describe("label smoothing and weight decay", () => {
  it("smooths targets towards uniform and still counts binary hits at the 0.5 cut", () => {
    const targets = encodeTargets("multiclass", 4, [[2]]);
    expect(Array.from(smoothTargets("multiclass", targets, 4, 0.1))).toEqual(
      [0.025, 0.025, 0.925, 0.025].map((x) => Math.fround(x)),
    );
    expect(smoothTargets("binary", targets, 1, 0)).toBe(targets);
    const binary = smoothTargets("binary", Float32Array.of(1, 0), 1, 0.1);
    const hits = tf.tidy(
      () => correctFromLogits("binary", tf.tensor2d(binary, [2, 1]), tf.tensor2d([2, -3], [2, 1])).dataSync()[0],
    );
    expect(hits).toBe(2);
  });

  it("validates the new settings by name", () => {
    expect(() => checkConfig({ ...DEFAULT_TRAIN_CONFIG, schedule: "linear" as never })).toThrow(
      /schedule must be one of/,
    );
    expect(() => checkConfig({ ...DEFAULT_TRAIN_CONFIG, labelSmoothing: 0.7 })).toThrow(/labelSmoothing/);
    expect(() => checkConfig({ ...DEFAULT_TRAIN_CONFIG, weightDecay: -1 })).toThrow(/weightDecay/);
    expect(() =>
      checkConfig({ ...DEFAULT_TRAIN_CONFIG, schedule: "one-cycle", labelSmoothing: 0.1, weightDecay: 1e-4 }),
    ).not.toThrow();
  });

  it("trains with one-cycle, smoothing and AdamW: decayed kernels end smaller, the model still learns", async () => {
    const rng = new TrainingRng(8);
    const vectors: Float32Array[] = [];
    const labels: number[][] = [];
    for (let i = 0; i < 240; i++) {
      const label = i % 3;
      vectors.push(Float32Array.from({ length: 12 }, (_, d) => rng.next() * 2 - 1 + (d === label ? 2 : 0)));
      labels.push([label]);
    }
    const run = async (weightDecay: number) => {
      const result = await trainHeadOnVectors({
        classMode: "multiclass",
        classCount: 3,
        featureSize: 12,
        train: { variants: vectors.map((v) => [v]), labels },
        val: { vectors, labels },
        config: {
          ...DEFAULT_HEAD_CONFIG,
          epochs: 8,
          learningRate: 0.02,
          schedule: "one-cycle",
          labelSmoothing: 0.1,
          weightDecay,
        },
      });
      const norm = tf.tidy(() => tf.norm(result.head.layers[0].getWeights()[0]).dataSync()[0]);
      const valAcc = result.history.at(-1)!.valAcc!;
      result.head.dispose();
      return { norm, valAcc };
    };
    const plain = await run(0);
    const decayed = await run(0.05);
    expect(decayed.norm).toBeLessThan(plain.norm);
    expect(plain.valAcc).toBeGreaterThan(0.85);
    expect(decayed.valAcc).toBeGreaterThan(0.85);
  });
});

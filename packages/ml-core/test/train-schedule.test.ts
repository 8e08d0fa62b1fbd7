import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { splitForFineTune } from "../src/finetune/index.ts";
import type { TrainingCheckpoint } from "../src/train/checkpoint.ts";
import { correctFromLogits, encodeTargets, smoothTargets } from "../src/train/class-mode.ts";
import { checkConfig, DEFAULT_TRAIN_CONFIG } from "../src/train/config.ts";
import { DEFAULT_HEAD_CONFIG, trainHeadOnVectors } from "../src/train/head-training.ts";
import { runPhase } from "../src/train/loop.ts";
import { TrainingRng } from "../src/train/rng.ts";
import { learningRateAt } from "../src/train/schedule.ts";
import { blockRateMultipliers } from "../src/train/train-classifier.ts";

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

describe("discriminative fine-tuning rates", () => {
  it("gives each block below the top a decayed rate, and the head the full one", async () => {
    const backbone = await loadBackbone(backboneSpec("scratch", { inputSize: 32 }), { seed: 2 });
    const split = splitForFineTune(backbone, 3);
    try {
      const multipliers = blockRateMultipliers(split.top, backbone, 0.5);
      const byLayer = new Map<string, number>();
      let k = 0;
      for (const layer of split.top.layers)
        for (const _ of layer.trainableWeights) byLayer.set(layer.name, multipliers[k++]);
      expect(byLayer.get("block_4_conv")).toBe(1);
      expect(byLayer.get("block_4_bn")).toBe(1);
      expect(byLayer.get("block_3_conv")).toBe(0.5);
      expect(byLayer.get("block_2_conv")).toBe(0.25);
    } finally {
      split.top.dispose();
      backbone.dispose();
    }
  });

  it("trains each variable at its own rate (a zero multiplier freezes it), checkpoint state included", async () => {
    const kernel = tf.variable(tf.ones([4, 1]), true, "rate_test_kernel");
    const bias = tf.variable(tf.zeros([1]), true, "rate_test_bias");
    const network = {
      logits: (x: tf.Tensor) => tf.add(tf.matMul(x as tf.Tensor2D, kernel), bias) as tf.Tensor2D,
      trainable: [kernel, bias],
      state: [kernel, bias],
    };
    const rng = new TrainingRng(4);
    const inputs = Array.from({ length: 32 }, () => Float32Array.from({ length: 4 }, () => rng.next() * 2 - 1));
    const checkpoints: TrainingCheckpoint[] = [];
    await runPhase({
      phase: "fine-tune",
      network,
      classMode: "binary",
      data: {
        itemShape: [4],
        train: inputs.map((v) => [v]),
        trainTargets: Float32Array.from(inputs, (v) => (v[0] > 0 ? 1 : 0)),
        val: null,
        units: 1,
      },
      epochs: 3,
      batchSize: 8,
      optimizer: "adam",
      learningRate: 0.05,
      schedule: "cosine",
      learningRateMultipliers: [0, 1],
      earlyStoppingPatience: null,
      rng: new TrainingRng(1),
      history: [],
      fingerprint: "rates",
      resumeFrom: null,
      saveCheckpoint: async (c) => {
        checkpoints.push(c);
      },
    });
    expect(Array.from(kernel.dataSync())).toEqual([1, 1, 1, 1]);
    expect(bias.dataSync()[0]).not.toBe(0);
    // Both groups' optimizer slots are in the checkpoint, tagged by group.
    const names = checkpoints.at(-1)!.optimizer.map((e) => e.name);
    expect(names.some((n) => n.startsWith("group0|"))).toBe(true);
    expect(names.some((n) => n.startsWith("group1|"))).toBe(true);
    tf.dispose([kernel, bias]);
  });
});

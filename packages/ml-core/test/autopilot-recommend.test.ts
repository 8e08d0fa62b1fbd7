import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { MobileNetCut } from "../src/autopilot/recipe.ts";
import {
  backboneFits,
  type CutEmbedder,
  recipeId,
  recommendRunConfig,
  trialsFromRecommendation,
} from "../src/autopilot/recommend.ts";
import type { LabelledImage } from "../src/dataset/index.ts";
import { TrainingAbortedError } from "../src/train/abort.ts";
import { TrainingRng } from "../src/train/rng.ts";
import { syntheticImages } from "./autopilot-fixtures.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/**
 * Synthetic frozen features: at `separableAt` cuts each image's vector sits in its class's cluster
 * (a backbone whose domain fits the data), at the other cuts it is noise. The vectors are derived
 * from the image's hash, so the same image always gets the same vector, as a real backbone's would.
 */
function syntheticEmbedder(separableAt: readonly MobileNetCut[], dim = 16): CutEmbedder & { calls: number } {
  const embed = async (images: readonly LabelledImage[], cuts: readonly MobileNetCut[]) => {
    embed.calls++;
    return new Map(
      cuts.map((cut) => [
        cut,
        images.map((image) => {
          const rng = new TrainingRng(Number.parseInt(image.sha256.slice(0, 8), 16) ^ cut.length);
          const v = Float32Array.from({ length: dim }, () => rng.next() * 2 - 1);
          if (separableAt.includes(cut)) v[image.labels[0]] += 4;
          return v;
        }),
      ]),
    );
  };
  embed.calls = 0;
  return embed;
}

describe("recommendRunConfig", () => {
  it("keeps the backbone frozen, at the cut that separates the classes, when its features fit and pixels do not", async () => {
    const { labels, images } = await syntheticImages({
      classes: 3,
      perClass: { train: 20, val: 6 },
      pattern: false,
      seed: 1,
    });
    const embed = syntheticEmbedder(["block_13"]);
    const rec = await recommendRunConfig({ images, labels, classMode: "multiclass", embed, nativeSize: 28, folds: 3 });
    expect(rec.strategy).toBe("frozen");
    expect(rec.config.backbone).toBe("mobilenet_v2");
    expect(rec.config.featureLayer).toBe("block_13");
    expect(rec.config.inputSize).toBe(96);
    expect(rec.config.earlyStoppingPatience).not.toBeNull();
    expect(rec.measurements.bestCut).toBe("block_13");
    expect(rec.measurements.cutProbeAccuracy.block_13).toBeGreaterThan(0.9);
    expect(rec.measurements.pixelProbeAccuracy).toBeLessThan(0.6);
    expect(rec.measurements.imagesPerClass).toEqual({ min: 20, median: 20, max: 20 });
    expect(embed.calls).toBe(1);
    const fields = rec.reasons.map((r) => r.field);
    expect(fields).toEqual(expect.arrayContaining(["strategy", "featureLayer", "inputSize", "epochs", "schedule"]));
    for (const r of rec.reasons) expect(r.sentence).toMatch(/\.$/);
    expect(rec.candidates[0]).toEqual(rec.config);
  });

  it("puts a head on the oriented-gradient features at the native size when the pixels separate the classes and the features do not", async () => {
    const { labels, images } = await syntheticImages({
      classes: 3,
      perClass: { train: 20, val: 6 },
      pattern: true,
      seed: 2,
    });
    const rec = await recommendRunConfig({
      images,
      labels,
      classMode: "multiclass",
      embed: syntheticEmbedder([]),
      nativeSize: 28,
      folds: 3,
    });
    expect(rec.strategy).toBe("gradients");
    expect(rec.config.backbone).toBe("gradients");
    expect(rec.config.featureLayer).toBeUndefined();
    expect(rec.config.inputSize).toBe(28);
    expect(rec.config.fineTuneBlocks).toBe(0);
    expect(rec.config.augmentation).toBeNull();
    // Few images: the kernel head, solved in closed form (one reported epoch, nothing to stop early).
    expect(rec.config.headKind).toBe("kernel");
    expect(rec.config.epochs).toBe(1);
    expect(rec.config.earlyStoppingPatience).toBeNull();
    expect(rec.reasons.find((r) => r.field === "headKind")!.sentence).toMatch(/every one of the 60 training images/);
    expect(rec.measurements.pixelProbeAccuracy).toBeGreaterThan(0.9);
    expect(rec.measurements.gradientProbeAccuracy).toBeGreaterThan(0.8);
    expect(rec.measurements.backboneAdvantage).toBeLessThan(0);
    expect(rec.reasons.find((r) => r.field === "strategy")!.sentence).toMatch(
      /edges in 8 directions .*small, different/,
    );
    for (const r of rec.reasons) expect(r.sentence).toMatch(/\.$/);
    // An AUTO run searches around the recommendation: it comes first, then the dense head on the same
    // features (its whole cosine schedule, the best epoch restored), then the scratch CNN; ids are unique.
    const trials = trialsFromRecommendation(rec, 3);
    expect(trials).toHaveLength(3);
    expect(trials[0]).toEqual({ id: "gradients-kernel-28px", config: rec.config });
    expect(trials[1]!.id).toBe("gradients-28px");
    expect(trials[1]!.config.headKind).toBe("dense");
    expect(trials[1]!.config.earlyStoppingPatience).toBe(trials[1]!.config.epochs);
    expect(trials[2]!.id).toBe("scratch-28px-lr0.005-drop0.3");
    expect(new Set(trials.map((t) => t.id)).size).toBe(3);
    // Small images: the search compares these with the frozen head, never 96-px fine-tuning.
    expect(rec.candidates.some((c) => c.fineTuneBlocks > 0)).toBe(false);
    expect(rec.candidates.map(recipeId)).toEqual(
      expect.arrayContaining(["scratch-28px-lr0.002-drop0.5", "frozen-block_10-96px"]),
    );
  });

  it("trains a CNN from scratch on the same kind of data when there is much more of it", async () => {
    const { labels, images } = await syntheticImages({
      classes: 2,
      perClass: { train: 1000, val: 4 },
      pattern: true,
      seed: 2,
    });
    const rec = await recommendRunConfig({
      images,
      labels,
      classMode: "binary",
      embed: syntheticEmbedder([]),
      nativeSize: 28,
      folds: 3,
      maxProbeImages: 120,
    });
    expect(rec.measurements.imagesPerClass.median).toBe(1000);
    expect(rec.strategy).toBe("scratch");
    expect(rec.config.backbone).toBe("scratch");
    expect(rec.config.inputSize).toBe(28);
    expect(rec.config.schedule).toBe("one-cycle");
    // The whole one-cycle schedule runs (no stop in its high-rate middle); the best epoch is restored.
    expect(rec.config.earlyStoppingPatience).toBe(rec.config.epochs);
    expect(rec.reasons.find((r) => r.field === "epochs")!.sentence).toMatch(/whole one-cycle schedule/);
    expect(rec.reasons.find((r) => r.field === "strategy")!.sentence).toMatch(/from scratch .*large, different/);
    expect(trialsFromRecommendation(rec, 2).map((t) => t.id)).toEqual([
      "scratch-28px-lr0.005-drop0.3",
      "gradients-28px",
    ]);
  }, 120_000);

  it("fine-tunes the top blocks instead when the same data comes as large images", async () => {
    const { labels, images } = await syntheticImages({
      classes: 2,
      perClass: { train: 20, val: 6 },
      pattern: true,
      seed: 3,
    });
    const rec = await recommendRunConfig({
      images,
      labels,
      classMode: "binary",
      embed: syntheticEmbedder([]),
      nativeSize: 300,
      folds: 3,
    });
    expect(rec.strategy).toBe("fine-tune-top");
    expect(rec.config.fineTuneBlocks).toBeGreaterThan(0);
    expect(rec.config.fineTuneLearningRate).toBeLessThan(rec.config.learningRate);
    expect(rec.config.inputSize).toBe(224);
  });

  it("asks a pretrained backbone to beat the pixels by more on small images, where a scratch CNN is the alternative", () => {
    // Pullover vs coat (28 px): block_10's probe beat the pixels by 3.8 points, the scratch CNN won on validation.
    expect(backboneFits(0.038, 28)).toBe(false);
    expect(backboneFits(0.09, 28)).toBe(true);
    expect(backboneFits(-0.02, 28)).toBe(false);
    // Larger images keep the plain threshold: learning features from scratch there needs far more data.
    expect(backboneFits(0.038, 300)).toBe(true);
    expect(backboneFits(0.02, 300)).toBe(false);
  });

  it("says what is missing and honours abort", async () => {
    const { labels, images } = await syntheticImages({
      classes: 2,
      perClass: { train: 6, val: 2 },
      pattern: true,
      seed: 4,
    });
    const onlyOneClass = images.filter((i) => i.labels[0] === 0);
    await expect(
      recommendRunConfig({
        images: onlyOneClass,
        labels,
        classMode: "binary",
        embed: syntheticEmbedder([]),
        nativeSize: 28,
      }),
    ).rejects.toThrow(/every class needs training images/);
    const controller = new AbortController();
    controller.abort();
    await expect(
      recommendRunConfig({
        images,
        labels,
        classMode: "binary",
        embed: syntheticEmbedder([]),
        nativeSize: 28,
        signal: controller.signal,
      }),
    ).rejects.toBeInstanceOf(TrainingAbortedError);
  });
});

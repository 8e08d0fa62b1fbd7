import { describe, expect, it } from "vitest";
import { type DiagnosisInput, diagnoseRun } from "../src/autopilot/diagnose.ts";
import { kernelRecipe, REFERENCE_PRESET, scratchRecipe } from "../src/autopilot/recipe.ts";
import type { EpochMetrics } from "../src/train/checkpoint.ts";

/** A head-phase history from per-epoch [trainAcc, valAcc, trainLoss, valLoss]. */
function curves(points: [number, number, number, number][]): EpochMetrics[] {
  return points.map(([acc, valAcc, loss, valLoss], i) => ({
    phase: "head",
    epoch: i + 1,
    acc,
    valAcc,
    loss,
    valLoss,
    seconds: 1,
  }));
}

const base = (over: Partial<DiagnosisInput>): DiagnosisInput => ({
  history: [],
  stoppedEarly: false,
  config: REFERENCE_PRESET.config,
  labels: ["a", "b"],
  trainCounts: [250, 250],
  valAccuracy: 0.8,
  ...over,
});

const codes = (input: DiagnosisInput) => diagnoseRun(input).map((d) => d.code);

describe("diagnoseRun", () => {
  it("calls a run still improving at its last epoch underfit and proposes a higher ceiling with early stopping", () => {
    // The default run: both curves still rising at epoch 10.
    const history = curves(
      Array.from({ length: 10 }, (_, i) => [0.5 + i * 0.03, 0.5 + i * 0.025, 1 - i * 0.05, 1 - i * 0.045]),
    );
    const [first, ...rest] = diagnoseRun(base({ history, valAccuracy: 0.72 }));
    expect(first.code).toBe("underfit");
    expect(first.finding).toMatch(/still falling/);
    expect(first.change.epochs).toBeGreaterThanOrEqual(30);
    expect(first.change.earlyStoppingPatience).toBe(10);
    expect(rest.map((d) => d.code)).not.toContain("overfit");
  });

  it("calls low train accuracy with a small gap underfit and, on a frozen backbone, proposes fine-tuning", () => {
    const flat = curves(Array.from({ length: 12 }, (_, i) => [0.7, 0.69, 0.8, i < 6 ? 0.8 - i * 0.01 : 0.76]));
    const [d] = diagnoseRun(base({ history: flat, stoppedEarly: true, valAccuracy: 0.69 }));
    expect(d.code).toBe("underfit");
    expect(d.change.fineTuneBlocks).toBe(4);
  });

  it("calls a growing train–val gap with rising val loss overfit and proposes regularisation", () => {
    const history = curves(
      Array.from({ length: 20 }, (_, i) => [
        0.7 + i * 0.015,
        Math.min(0.8, 0.7 + i * 0.02),
        0.9 - i * 0.04,
        i < 6 ? 0.8 - i * 0.05 : 0.55 + (i - 6) * 0.04,
      ]),
    );
    const found = diagnoseRun(
      base({ history, valAccuracy: 0.8, config: { ...REFERENCE_PRESET.config, augmentation: null } }),
    );
    const overfit = found.find((d) => d.code === "overfit")!;
    expect(overfit.finding).toMatch(/Validation loss rose/);
    expect(overfit.change.earlyStoppingPatience).toBe(5);
    expect(overfit.change.augmentation).not.toBeNull();
    expect(overfit.change.dropout).toBeGreaterThan(0);
    expect(found.map((d) => d.code)).not.toContain("underfit");
  });

  it("flags a run below the pixel baseline, and proposes the gradient head (few images) or scratch (many) for a frozen backbone", () => {
    const history = curves([
      [0.8, 0.78, 0.5, 0.55],
      [0.82, 0.79, 0.45, 0.5],
      [0.83, 0.79, 0.44, 0.52],
      [0.83, 0.79, 0.44, 0.53],
    ]);
    const found = diagnoseRun(base({ history, stoppedEarly: true, valAccuracy: 0.79, baselineValAccuracy: 0.86 }));
    const below = found.find((d) => d.code === "below-baseline")!;
    expect(below.finding).toMatch(/79\.0%.*86\.0%/);
    expect(below.change).toMatchObject({
      backbone: "gradients",
      headKind: "kernel",
      inputSize: 32,
      fineTuneBlocks: 0,
      augmentation: null,
    });
    // Several labels per image: the kernel head cannot take them, the dense head on the same features can.
    const multilabel = diagnoseRun(
      base({ history, stoppedEarly: true, valAccuracy: 0.79, baselineValAccuracy: 0.86, classMode: "multilabel" }),
    ).find((d) => d.code === "below-baseline")!;
    expect(multilabel.change).toMatchObject({ backbone: "gradients", headKind: "dense", epochs: 150 });
    // A kernel head below the pixels: the scratch CNN, which learns its own features, as a whole recipe.
    const kernel = diagnoseRun(
      base({ history: [], config: kernelRecipe(28), valAccuracy: 0.7, baselineValAccuracy: 0.8 }),
    ).find((d) => d.code === "below-baseline")!;
    expect(kernel.advice).toMatch(/CNN from scratch/);
    expect(kernel.change).toMatchObject({ backbone: "scratch", headKind: "dense", schedule: "one-cycle" });
    const many = diagnoseRun(
      base({ history, stoppedEarly: true, valAccuracy: 0.79, baselineValAccuracy: 0.86, trainCounts: [1200, 1100] }),
    ).find((d) => d.code === "below-baseline")!;
    expect(many.change.backbone).toBe("scratch");
    expect(many.change.inputSize).toBe(32);
    // At or above the baseline there is nothing to say.
    expect(codes(base({ history, stoppedEarly: true, valAccuracy: 0.87, baselineValAccuracy: 0.86 }))).not.toContain(
      "below-baseline",
    );
    // A scratch run below it is told to train to convergence instead.
    const scratch = diagnoseRun(
      base({ history, stoppedEarly: true, config: scratchRecipe(32, 10), valAccuracy: 0.7, baselineValAccuracy: 0.8 }),
    ).find((d) => d.code === "below-baseline")!;
    expect(scratch.change.schedule).toBe("one-cycle");
  });

  it("notes class imbalance and too few images per class, naming the class", () => {
    const found = diagnoseRun(
      base({ labels: ["coat", "shirt", "bag"], trainCounts: [200, 12, 150], valAccuracy: null, history: [] }),
    );
    const imbalance = found.find((d) => d.code === "class-imbalance")!;
    expect(imbalance.finding).toMatch(/"shirt" has 12/);
    expect(imbalance.change.augmentation!.variants).toBe(8);
    const few = found.find((d) => d.code === "too-few-images")!;
    expect(few.severity).toBe("note");
    expect(few.change.backbone).toBe("mobilenet_v2");
    expect(codes(base({ trainCounts: [100, 90], history: [] }))).toEqual([]);
  });
});

// Which model an AUTO run keeps after its retrain: the best by validation of the retrain, the winning
// trial and the extra seeds, with the retrain kept on ties and when nothing can be compared; and the
// ensemble of the retrain and seeds against that best single model.

import { parseRunConfig } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import {
  choiceWithEnsemble,
  crossFitGrowth,
  extraRunEpochs,
  extraSeed,
  type FinalCandidate,
  pickFinalModel,
  SEED_VALIDATION_FOLDS,
  shortestSeedEpochs,
} from "../src/auto-run/final-model.ts";

const config = parseRunConfig({ backbone: "scratch", inputSize: 32, seed: 5 });
const candidate = (
  source: FinalCandidate["source"],
  runId: string | null,
  valAccuracy: number | null,
  valLoss: number | null = 0.5,
): FinalCandidate => ({ source, runId, label: runId ?? "retrain", valAccuracy, valLoss, config });

describe("choiceWithEnsemble", () => {
  const singles = [candidate("retrain", null, 0.86), candidate("trial", "t1", 0.8), candidate("seed", "s1", 0.88)];
  const ensembleOf = (valAccuracy: number | null): FinalCandidate => ({
    ...candidate("ensemble", null, valAccuracy),
    label: "ensemble of the retrain and 1 seed",
    members: [
      { runId: null, label: "retrain" },
      { runId: "s1", label: "seed 1" },
    ],
  });

  it("keeps the ensemble when it validates at least as well as the best single model, and says so", () => {
    for (const accuracy of [0.88, 0.9]) {
      const { kept, note } = choiceWithEnsemble(pickFinalModel(singles), ensembleOf(accuracy));
      expect(kept.source).toBe("ensemble");
      expect(kept.members).toHaveLength(2);
      expect(note).toContain(`validation accuracy ${accuracy.toFixed(3)}, against 0.880`);
      expect(note).toContain("s1");
    }
  });

  it("keeps the best single model when it validates strictly better than the ensemble", () => {
    const { kept, note } = choiceWithEnsemble(pickFinalModel(singles), ensembleOf(0.87));
    expect(kept.runId).toBe("s1");
    expect(note).toMatch(/ensemble of the retrain and 1 seed validated 0\.870, lower/);
  });

  it("keeps the single choice when there is no ensemble or it has no validation figure", () => {
    const single = pickFinalModel(singles);
    expect(choiceWithEnsemble(single, null)).toBe(single);
    expect(choiceWithEnsemble(single, ensembleOf(null))).toBe(single);
  });
});

describe("pickFinalModel", () => {
  it("keeps the winning trial when it validates better than the retrain, and says so", () => {
    const { kept, note } = pickFinalModel([candidate("retrain", null, 0.8), candidate("trial", "t1", 0.85)]);
    expect(kept.runId).toBe("t1");
    expect(note).toContain("copied from run t1");
    expect(note).toContain("0.850");
    expect(note).toContain("retrain 0.800");
  });

  it("keeps the retrain when it validates better, and on an exact tie with the lower loss or first place", () => {
    expect(pickFinalModel([candidate("retrain", null, 0.9), candidate("trial", "t1", 0.85)]).kept.runId).toBeNull();
    const tie = [candidate("retrain", null, 0.9, 0.3), candidate("trial", "t1", 0.9, 0.3)];
    expect(pickFinalModel(tie).kept.runId).toBeNull();
    const lowerLoss = [candidate("retrain", null, 0.9, 0.4), candidate("seed", "s1", 0.9, 0.2)];
    expect(pickFinalModel(lowerLoss).kept.runId).toBe("s1");
  });

  it("picks the best seed among several, skipping candidates without a validation figure", () => {
    const { kept } = pickFinalModel([
      candidate("retrain", null, 0.8),
      candidate("trial", "t1", 0.82),
      candidate("seed", "s1", null),
      candidate("seed", "s2", 0.87),
      candidate("seed", "s3", 0.86),
    ]);
    expect(kept.runId).toBe("s2");
  });

  it("keeps the retrain when it has no validation figure to compare", () => {
    const { kept, note } = pickFinalModel([candidate("retrain", null, null), candidate("trial", "t1", 0.9)]);
    expect(kept.runId).toBeNull();
    expect(note).toMatch(/without a validation split/);
  });
});

describe("extraSeed", () => {
  it("gives distinct seeds within the run config's range", () => {
    const seeds = [1, 2, 3].map((k) => extraSeed(2 ** 31 - 2, k));
    expect(new Set([2 ** 31 - 2, ...seeds]).size).toBe(4);
    for (const seed of seeds) expect(seed).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(() => parseRunConfig({ seed: seeds[0] })).not.toThrow();
  });
});

describe("extraRunEpochs", () => {
  const scratch = { backbone: "scratch" as const, epochs: 15, fineTuneBlocks: 0 };
  it("lengthens a retrain that ran faster than planned, up to the recipe's ceiling", () => {
    // 15 epochs took 60 s (4 s each): 200 s hold 50, the recipe allows 40.
    expect(extraRunEpochs(scratch, 40, 60, 200)).toBe(40);
    expect(extraRunEpochs(scratch, 40, 60, 100)).toBe(25);
  });
  it("gives a shorter seed when less time is left, down to 70% of the retrain's epochs, and keeps a fine-tuning retrain's", () => {
    // 4 s an epoch: 48 s hold 12 of the retrain's 15; 30 s would hold 7, but a seed is never under 11.
    expect(extraRunEpochs(scratch, 40, 60, 48)).toBe(12);
    expect(extraRunEpochs(scratch, 40, 60, 30)).toBe(11);
    expect(shortestSeedEpochs(scratch)).toBe(11);
    const fineTune = { backbone: "mobilenet_v2" as const, epochs: 10, fineTuneBlocks: 2 };
    expect(extraRunEpochs(fineTune, 40, 60, 600)).toBe(10);
  });
});

describe("crossFitGrowth", () => {
  const split = (train: number, val: number, test = 0) => [
    ...Array.from({ length: train }, () => ({ split: "TRAIN" })),
    ...Array.from({ length: val }, () => ({ split: "VAL" })),
    ...Array.from({ length: test }, () => ({ split: "TEST" })),
  ];
  it("counts the validation folds a seed trains on beside TRAIN, never TEST", () => {
    expect(SEED_VALIDATION_FOLDS).toBe(3);
    // Ten classes at 100 train + 50 val each: a seed trains on 1,000 + 2/3 of 500 images.
    expect(crossFitGrowth(split(1000, 500, 2000))).toBeCloseTo(4 / 3, 10);
    expect(crossFitGrowth(split(500, 0))).toBe(1);
    expect(crossFitGrowth(split(0, 30))).toBe(1);
  });
});

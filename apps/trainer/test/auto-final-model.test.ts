// Which model an AUTO run keeps after its retrain: the best by validation of the retrain, the winning
// trial and the extra seeds, with the retrain kept on ties and when nothing can be compared; and the
// ensemble of the retrain and seeds against that best single model.

import { frozenRecipe, gradientsRecipe, kernelRecipe, scratchRecipe } from "@headstart/ml-core";
import { parseRunConfig } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { leaveOneOutFits, partnerOf, type TrialRow, type TrialRunFigures } from "../src/auto-run/auto-search.ts";
import { familyWeights, WINNER_SHARES } from "../src/auto-run/ensemble-model.ts";
import {
  choiceWithEnsemble,
  crossFitGrowth,
  distinctExtraRuns,
  ensembleLabel,
  ensembleMargin,
  extraRunEpochs,
  extraSeed,
  type FinalCandidate,
  leaveOneOutGrowth,
  MAX_EXTRA_SEEDS,
  pickFinalModel,
  SEED_VALIDATION_FOLDS,
  seedLabel,
  shortestSeedEpochs,
} from "../src/auto-run/final-model.ts";
import { runConfigOfRecipe } from "../src/auto-run/recipe-config.ts";
import type { RunDataset } from "../src/run-dataset.ts";

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

  it("keeps the ensemble within the split's noise of the best single model, and says so when a single model clears it", () => {
    // 200 validation images: a margin of sqrt(0.1 / 200) = 0.022.
    expect(ensembleMargin(200)).toBeCloseTo(0.0224, 4);
    expect(ensembleMargin(0)).toBe(0);
    expect(choiceWithEnsemble(pickFinalModel(singles), ensembleOf(0.87), 200).kept.source).toBe("ensemble");
    expect(choiceWithEnsemble(pickFinalModel(singles), ensembleOf(0.86), 200).kept.source).toBe("ensemble");
    const clear = choiceWithEnsemble(pickFinalModel(singles), ensembleOf(0.85), 200);
    expect(clear.kept.runId).toBe("s1");
    expect(clear.note).toMatch(/validated 0\.850, lower by more than the split's noise \(0\.022\)/);
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

describe("leaveOneOutGrowth", () => {
  it("counts every validation image beside TRAIN, never TEST", () => {
    const split = (train: number, val: number) => [
      ...Array.from({ length: train }, () => ({ split: "TRAIN" })),
      ...Array.from({ length: val }, () => ({ split: "VAL" })),
      { split: "TEST" },
    ];
    expect(leaveOneOutGrowth(split(1000, 500))).toBeCloseTo(1.5, 10);
    expect(leaveOneOutGrowth(split(0, 30))).toBe(1);
  });
});

describe("leaveOneOutFits", () => {
  it("fits a kernel head's final runs on every labelled image when there are validation images", () => {
    const images = (splits: string[]) => ({ images: splits.map((split) => ({ split })) as RunDataset["images"] });
    expect(leaveOneOutFits(kernelRecipe(28), images(["TRAIN", "VAL", "TEST"]))).toBe(true);
    expect(leaveOneOutFits(kernelRecipe(28), images(["TRAIN", "TEST"]))).toBe(false);
    expect(leaveOneOutFits(scratchRecipe(28), images(["TRAIN", "VAL"]))).toBe(false);
  });
});

describe("familyWeights", () => {
  it("gives the winner's runs their share of the mean and the partner's the rest, evenly within each", () => {
    expect(familyWeights(["winner", "partner", "partner", "partner", "partner"])).toEqual([
      0.5, 0.125, 0.125, 0.125, 0.125,
    ]);
    expect(familyWeights(["winner", "winner", "partner"], 0.75)).toEqual([0.375, 0.375, 0.25]);
    // One family: equal weights, whatever the share.
    expect(familyWeights(["winner", undefined], 0.75)).toEqual([0.5, 0.5]);
    expect(WINNER_SHARES[0]).toBe(0.5);
  });
});

describe("partnerOf", () => {
  const gradients = { id: "gradients-28px", config: gradientsRecipe(28) };
  const scratch = { id: "scratch-28px-lr0.005-drop0.3", config: scratchRecipe(28) };
  const slowScratch = { id: "scratch-28px-lr0.002-drop0.5", config: { ...scratchRecipe(28), learningRate: 0.002 } };
  const frozen = { id: "frozen-block_10-96px", config: frozenRecipe(96, "block_10", false) };
  const trials = [gradients, scratch, frozen, slowScratch];
  const row = (trialId: string, rung: number, epochs: number, valAccuracy: number | null, status = "finished") =>
    ({
      trialId,
      runId: `${trialId}#${rung}`,
      rung,
      epochs,
      status,
      valAccuracy,
      valLoss: 0.4,
      seconds: 9,
      verdict: null,
      note: null,
    }) as TrialRow;
  const measured = (headEpochSeconds: number): TrialRunFigures => ({
    valAccuracy: 0.8,
    valLoss: 0.4,
    headEpochSeconds,
    fineTuneEpochSeconds: headEpochSeconds,
    fixedSeconds: 3,
    epochsTrained: 3,
  });

  it("pairs the gradient head with the scratch trial that validated best at its longest rung, with its pace", () => {
    const rows = [
      row(gradients.id, 0, 3, 0.8),
      row(scratch.id, 0, 3, 0.79),
      row(slowScratch.id, 0, 3, 0.82),
      row(scratch.id, 1, 9, 0.85),
      row(frozen.id, 0, 3, 0.9),
    ];
    const figures = new Map<string, TrialRunFigures>(rows.map((r) => [`${r.trialId}#${r.rung}`, measured(r.epochs)]));
    const partner = partnerOf(gradients.config, trials, rows, figures);
    expect(partner).toMatchObject({ trialId: scratch.id, headEpochSeconds: 9, fixedSeconds: 3 });
    expect(partner!.config).toEqual(scratch.config);
    // And the other way round: the CNN's partner is the gradient head.
    expect(partnerOf(scratch.config, trials, rows, figures)?.trialId).toBe(gradients.id);
  });

  it("has none for a MobileNet winner, or when the other family's trials did not finish", () => {
    const rows = [row(gradients.id, 0, 3, 0.8), row(scratch.id, 0, 3, null, "failed"), row(frozen.id, 0, 3, 0.9)];
    const figures = new Map<string, TrialRunFigures>([
      [`${gradients.id}#0`, measured(1)],
      [`${frozen.id}#0`, measured(1)],
    ]);
    expect(partnerOf(frozen.config, trials, rows, figures)).toBeNull();
    expect(partnerOf(gradients.config, trials, rows, figures)).toBeNull();
  });

  it("trains a kernel head once per validation fold, or not again once it fitted every labelled image", () => {
    expect(distinctExtraRuns(runConfigOfRecipe(kernelRecipe(28), { parent: parseRunConfig({ seed: 1 }) }))).toBe(
      SEED_VALIDATION_FOLDS,
    );
    const everyImage = runConfigOfRecipe(kernelRecipe(28), {
      parent: parseRunConfig({ seed: 1 }),
      leaveOneOutValidation: true,
    });
    expect(everyImage.leaveOneOutValidation).toBe(true);
    expect(distinctExtraRuns(everyImage)).toBe(0);
    expect(distinctExtraRuns(runConfigOfRecipe(gradients.config, { parent: parseRunConfig({ seed: 1 }) }))).toBe(
      MAX_EXTRA_SEEDS,
    );
  });

  it("names the partner's share of the ensemble", () => {
    expect(ensembleLabel(4, true, 2, "gradients-28px", 0.75)).toBe(
      "ensemble of the retrain and 4 cross-fitted seeds (2 of them gradients-28px's, weighing 25%)",
    );
    expect(ensembleLabel(4, true, 2, "gradients-28px")).toBe(
      "ensemble of the retrain and 4 cross-fitted seeds (2 of them gradients-28px's)",
    );
    expect(ensembleLabel(1, false, 0)).toBe("ensemble of the retrain and 1 seed");
  });

  it("names an extra run by what it trained on", () => {
    const fold = { index: 1, count: SEED_VALIDATION_FOLDS };
    expect(seedLabel(2, "the winner", { epochs: 40, validationFold: fold, leaveOneOutValidation: false })).toBe(
      "seed 2 of the winner (40 epochs, validation fold 2 of 3)",
    );
    expect(seedLabel(3, "the winner", { epochs: 12, validationFold: null, leaveOneOutValidation: false })).toBe(
      "seed 3 of the winner (12 epochs)",
    );
    expect(
      seedLabel(1, "gradients-kernel-28px", { epochs: 1, validationFold: null, leaveOneOutValidation: true }),
    ).toBe("gradients-kernel-28px on every labelled image (leave-one-out validation)");
  });
});

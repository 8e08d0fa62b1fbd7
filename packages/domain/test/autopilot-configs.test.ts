// The pure parts of the autopilot services: a diagnosis's change turned into a createRun config,
// the baseline verdict, and what an AUTO run's stored summary reads as.
import { gradientsRecipe } from "@headstart/ml-core";
import { parseRunConfig } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { runBaselineOf } from "../src/autopilot/run-baseline.ts";
import { suggestedConfigOf, trainedConfigOf } from "../src/autopilot/run-diagnosis.ts";
import { autoSummaryOf } from "../src/autopilot/run-trials.ts";

const frozen = parseRunConfig({ inputSize: 96, featureLayer: "block_13", seed: 3 });

describe("suggestedConfigOf", () => {
  it("puts the change on top of the run's settings, drops the seed and validates as a createRun config", () => {
    const next = suggestedConfigOf(frozen, { epochs: 150, earlyStoppingPatience: 10, schedule: "cosine" })!;
    expect(next).toMatchObject({ epochs: 150, earlyStoppingPatience: 10, schedule: "cosine", inputSize: 96 });
    expect(next.featureLayer).toBe("block_13");
    expect(next.strategy).toBe("MANUAL");
    expect("seed" in next).toBe(false);
    expect(parseRunConfig(next).epochs).toBe(150);
  });

  it("switching to the scratch CNN or the gradient head leaves the frozen cut out; fine-tuning reads the top of the backbone", () => {
    const scratch = suggestedConfigOf(frozen, { backbone: "scratch", inputSize: 32, featureLayer: undefined })!;
    expect(scratch.backbone).toBe("scratch");
    expect("featureLayer" in scratch).toBe(false);
    expect(parseRunConfig(scratch).featureLayer).toBeNull();
    // The diagnosis's below-baseline change for few images: the gradient head at 32 px.
    const gradients = suggestedConfigOf(frozen, {
      ...gradientsRecipe(32),
      featureLayer: undefined,
    })!;
    expect(gradients).toMatchObject({ backbone: "gradients", inputSize: 32, fineTuneBlocks: 0, epochs: 150 });
    expect("featureLayer" in gradients).toBe(false);
    expect(parseRunConfig(gradients).augmentation).toBeNull();
    const fineTune = suggestedConfigOf(frozen, { fineTuneBlocks: 4, fineTuneLearningRate: 0.0001 })!;
    expect(fineTune.featureLayer).toBe("out_relu");
    expect(parseRunConfig(fineTune).fineTuneBlocks).toBe(4);
  });

  it("is null when there is nothing to change or the change would not validate", () => {
    expect(suggestedConfigOf(frozen, {})).toBeNull();
    expect(suggestedConfigOf(frozen, { inputSize: 100 })).toBeNull();
  });
});

describe("runBaselineOf", () => {
  const baseline = { model: "logistic-regression-on-pixels", size: 28, channels: 1, l2: 0.001, seconds: 2 };

  it("says when the run is below its pixel baseline", () => {
    const b = runBaselineOf({
      metrics: {
        valAccuracy: 0.8,
        baseline: { ...baseline, trainAccuracy: 0.95, valAccuracy: 0.86, testAccuracy: 0.85 },
      },
    })!;
    expect(b.runBelowBaseline).toBe(true);
    expect(b.verdict).toMatch(/below the pixel baseline's \(86\.0%\)/);
  });

  it("says when it is above, and is null for runs without a baseline", () => {
    const b = runBaselineOf({
      metrics: {
        valAccuracy: 0.93,
        baseline: { ...baseline, trainAccuracy: 0.95, valAccuracy: 0.86, testAccuracy: null },
      },
    })!;
    expect(b.runBelowBaseline).toBe(false);
    expect(b.verdict).toMatch(/above the pixel baseline's/);
    expect(runBaselineOf({ metrics: { valAccuracy: 0.9 } })).toBeNull();
    expect(runBaselineOf({ metrics: null })).toBeNull();
  });
});

describe("an AUTO run's summary", () => {
  const retrain = parseRunConfig({ backbone: "scratch", inputSize: 32, epochs: 12, seed: 9 });
  const stored = {
    phase: "retraining",
    budgetSeconds: 120,
    measureSeconds: 20,
    searchSeconds: 50,
    budgetExhausted: false,
    recommendation: { strategy: "scratch", reasons: [{ field: "strategy", sentence: "Because." }] },
    trials: [
      {
        trialId: "scratch-32px",
        runId: "r1",
        rung: 0,
        epochs: 3,
        status: "finished",
        valAccuracy: 0.9,
        valLoss: null,
        seconds: 10,
        verdict: "winner",
        note: null,
      },
    ],
    winner: { trialId: "scratch-32px", runId: "r1", valAccuracy: 0.9, reason: "scratch-32px won." },
    retrain: { epochs: 12, fineTuneEpochs: 0, plannedSeconds: 30, config: retrain },
  };

  it("reads the phase from the run's status once it ended, and the trained config from the retrain", () => {
    expect(autoSummaryOf({ status: "RUNNING", autoSummary: stored as never })!.phase).toBe("retraining");
    const done = autoSummaryOf({ status: "SUCCEEDED", autoSummary: stored as never })!;
    expect(done.phase).toBe("done");
    expect(done.winnerRunId).toBe("r1");
    expect(done.retrainConfig).not.toHaveProperty("seed");
    expect(autoSummaryOf({ status: "CANCELLED", autoSummary: stored as never })!.phase).toBe("cancelled");
    expect(autoSummaryOf({ status: "SUCCEEDED", autoSummary: null })).toBeNull();
    const auto = parseRunConfig({ strategy: "AUTO", seed: 9 });
    expect(trainedConfigOf({ config: auto as never, autoSummary: stored as never }).backbone).toBe("scratch");
    expect(trainedConfigOf({ config: auto as never, autoSummary: null }).strategy).toBe("AUTO");
    // An AUTO run that kept a child run's model (a trial or another seed) trained with that model's settings.
    const kept = parseRunConfig({ backbone: "scratch", inputSize: 32, epochs: 7, seed: 4 });
    const withFinal = { ...stored, final: { config: kept } };
    expect(trainedConfigOf({ config: auto as never, autoSummary: withFinal as never }).epochs).toBe(7);
  });
});

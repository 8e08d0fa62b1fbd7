// The AUTO retrain's epochs come from the winning trial's epoch pace, after its fixed costs.

import { describe, expect, it } from "vitest";
import { calibratedPace, retrainEpochs } from "../src/auto-run/auto-search.ts";

const headOnly = { backbone: "mobilenet_v2" as const, epochs: 40, fineTuneBlocks: 0, fineTuneEpochs: 0 };
const fineTuning = { backbone: "mobilenet_v2" as const, epochs: 20, fineTuneBlocks: 2, fineTuneEpochs: 10 };

describe("retrainEpochs", () => {
  it("fills the usable seconds at the head's epoch pace, up to the recipe's epochs", () => {
    expect(retrainEpochs(headOnly, { headEpochSeconds: 2, fineTuneEpochSeconds: 2 }, 50)).toEqual({
      headEpochs: 25,
      fineTuneEpochs: 0,
    });
    expect(retrainEpochs(headOnly, { headEpochSeconds: 2, fineTuneEpochSeconds: 2 }, 500)).toEqual({
      headEpochs: 40,
      fineTuneEpochs: 0,
    });
  });

  it("gives a fine-tuning recipe at most half to the head and prices fine-tuning epochs at their own pace", () => {
    // 100 s: head gets 50 s at 1 s/epoch (capped to 20 epochs = 20 s), fine-tuning the other 80 s at 5 s/epoch.
    expect(retrainEpochs(fineTuning, { headEpochSeconds: 1, fineTuneEpochSeconds: 5 }, 100)).toEqual({
      headEpochs: 20,
      fineTuneEpochs: 10,
    });
    expect(retrainEpochs(fineTuning, { headEpochSeconds: 1, fineTuneEpochSeconds: 10 }, 40)).toEqual({
      headEpochs: 20,
      fineTuneEpochs: 2,
    });
  });

  it("trains at least one epoch of each phase when nothing fits", () => {
    expect(retrainEpochs(fineTuning, { headEpochSeconds: 3, fineTuneEpochSeconds: 3 }, -10)).toEqual({
      headEpochs: 1,
      fineTuneEpochs: 1,
    });
  });
});

describe("calibratedPace", () => {
  const pace = {
    valAccuracy: 0.8,
    valLoss: 0.5,
    headEpochSeconds: 4,
    fineTuneEpochSeconds: 6,
    fixedSeconds: 30,
    epochsTrained: 3,
  };
  it("scales the epoch timings up to the pace the rungs' wall seconds show, with the fit's fixed part", () => {
    const calibrated = calibratedPace(pace, { perEpoch: 8, fixed: 12 }, false);
    expect(calibrated.headEpochSeconds).toBe(8);
    expect(calibrated.fineTuneEpochSeconds).toBe(12);
    expect(calibrated.fixedSeconds).toBe(12);
    // A fine-tuning rung's epoch is one head and one fine-tuning epoch (4 + 6 s measured, 20 s fitted).
    const fineTuning = calibratedPace(pace, { perEpoch: 20, fixed: 5 }, true);
    expect(fineTuning.headEpochSeconds).toBe(8);
    expect(fineTuning.fineTuneEpochSeconds).toBe(12);
  });
  it("never speeds the pace up, and keeps it without a fit", () => {
    expect(calibratedPace(pace, { perEpoch: 3, fixed: 50 }, false)).toEqual(pace);
    expect(calibratedPace(pace, null, false)).toEqual(pace);
  });
});

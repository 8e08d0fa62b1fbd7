import { describe, expect, it } from "vitest";
import {
  DEFAULT_AUGMENTATION,
  DEFAULT_AUTO,
  headKindOf,
  parseRunConfig,
  plannedEpochs,
  REFERENCE_RUN_PRESET,
  RunConfigError,
} from "../src/config.ts";

const fixedSeed = { randomSeed: () => 7 };

function fieldOf(input: unknown): string {
  try {
    parseRunConfig(input, fixedSeed);
  } catch (error) {
    expect(error).toBeInstanceOf(RunConfigError);
    return (error as RunConfigError).field;
  }
  throw new Error("expected parseRunConfig to throw");
}

describe("parseRunConfig", () => {
  it("fills the defaults: the reference recipe trained to convergence (epoch ceiling + early stopping)", () => {
    expect(parseRunConfig(undefined, fixedSeed)).toEqual({
      backbone: "mobilenet_v2",
      inputSize: 224,
      batchSize: 64,
      epochs: 50,
      learningRate: 0.001,
      optimizer: "adam",
      augmentation: { rotation: 20, widthShift: 0.2, heightShift: 0.2, zoom: 0.2, horizontalFlip: true, variants: 4 },
      headKind: "dense",
      headUnits: 64,
      dropout: 0.5,
      fineTuneBlocks: 0,
      fineTuneEpochs: 5,
      fineTuneLearningRate: 0.00001,
      fineTuneLayerDecay: 1,
      earlyStoppingPatience: 8,
      schedule: "constant",
      labelSmoothing: 0,
      weightDecay: 0,
      featureLayer: "out_relu",
      strategy: "MANUAL",
      auto: null,
      threshold: 0.75,
      seed: 7,
      validationFold: null,
      leaveOneOutValidation: false,
    });
  });

  it("keeps the reference recipe one preset away: 10 epochs, no early stopping", () => {
    const reference = parseRunConfig(REFERENCE_RUN_PRESET, fixedSeed);
    expect(reference.epochs).toBe(10);
    expect(reference.earlyStoppingPatience).toBeNull();
    expect(plannedEpochs(reference)).toBe(10);
  });

  it("allows small native input sizes for scratch only, naming the allowed sizes", () => {
    expect(parseRunConfig({ backbone: "scratch", inputSize: 32 }, fixedSeed).inputSize).toBe(32);
    expect(parseRunConfig({ backbone: "scratch", inputSize: 48 }, fixedSeed).inputSize).toBe(48);
    // Fashion-MNIST's native 28 px: the scratch CNN's padded poolings keep every pixel.
    expect(parseRunConfig({ backbone: "scratch", inputSize: 28 }, fixedSeed).inputSize).toBe(28);
    expect(fieldOf({ backbone: "scratch", inputSize: 24 })).toBe("inputSize");
    expect(() => parseRunConfig({ backbone: "scratch", inputSize: 30 }, fixedSeed)).toThrow(
      /inputSize must be a multiple of 4 for scratch from 28 to 224 \(e\.g\. 28 or 32; got 30\)/,
    );
    expect(() => parseRunConfig({ inputSize: 100 }, fixedSeed)).toThrow(/multiple of 32 for mobilenet_v2/);
    expect(fieldOf({ inputSize: 32 })).toBe("inputSize");
    expect(() => parseRunConfig({ inputSize: 64 }, fixedSeed)).toThrow(/from 96 to 224/);
  });

  it("takes the oriented-gradient backbone at 28-64 px, with nothing to fine-tune and no cut", () => {
    const config = parseRunConfig({ backbone: "gradients", inputSize: 28 }, fixedSeed);
    expect(config).toMatchObject({ backbone: "gradients", inputSize: 28, featureLayer: null, fineTuneBlocks: 0 });
    expect(parseRunConfig({ backbone: "gradients", inputSize: 64 }, fixedSeed).inputSize).toBe(64);
    expect(() => parseRunConfig({ backbone: "gradients", inputSize: 96 }, fixedSeed)).toThrow(/inputSize .*28.*64/);
    expect(() => parseRunConfig({ backbone: "gradients", inputSize: 30 }, fixedSeed)).toThrow(
      /multiple of 4 for gradients from 28 to 64/,
    );
    expect(() => parseRunConfig({ backbone: "gradients", inputSize: 28, fineTuneBlocks: 2 }, fixedSeed)).toThrow(
      /its filters are fixed, only the head trains/,
    );
    expect(fieldOf({ backbone: "gradients", inputSize: 28, featureLayer: "block_10" })).toBe("featureLayer");
    expect(() => parseRunConfig({ backbone: "hog" }, fixedSeed)).toThrow(/mobilenet_v2, scratch, gradients/);
  });

  it("takes the kernel head on frozen features only: augmentation off by default, one planned epoch", () => {
    const kernel = parseRunConfig({ backbone: "gradients", inputSize: 28, headKind: "kernel" }, fixedSeed);
    expect(kernel).toMatchObject({ headKind: "kernel", augmentation: null });
    expect(plannedEpochs(kernel)).toBe(1);
    expect(parseRunConfig({ headKind: "kernel", inputSize: 96 }, fixedSeed).backbone).toBe("mobilenet_v2");
    expect(fieldOf({ backbone: "gradients", inputSize: 28, headKind: "kernel", augmentation: true })).toBe(
      "augmentation",
    );
    expect(() => parseRunConfig({ backbone: "scratch", inputSize: 28, headKind: "kernel" }, fixedSeed)).toThrow(
      /no frozen features to solve on/,
    );
    expect(fieldOf({ headKind: "kernel", inputSize: 96, fineTuneBlocks: 2 })).toBe("fineTuneBlocks");
    expect(fieldOf({ headKind: "svm" })).toBe("headKind");
    // Rows stored before the field existed trained the dense head.
    const { headKind: _kind, ...stored } = parseRunConfig({ backbone: "gradients", inputSize: 28 }, fixedSeed);
    expect(headKindOf(stored as never)).toBe("dense");
    expect(plannedEpochs(stored as never)).toBe(stored.epochs);
  });

  it("validates schedule, label smoothing, weight decay and the feature layer", () => {
    const config = parseRunConfig(
      { schedule: "one-cycle", labelSmoothing: 0.1, weightDecay: 0.0005, featureLayer: "block_13" },
      fixedSeed,
    );
    expect(config).toMatchObject({
      schedule: "one-cycle",
      labelSmoothing: 0.1,
      weightDecay: 0.0005,
      featureLayer: "block_13",
    });
    expect(parseRunConfig({ backbone: "scratch" }, fixedSeed).featureLayer).toBeNull();
    expect(fieldOf({ schedule: "linear" })).toBe("schedule");
    expect(fieldOf({ labelSmoothing: 0.5 })).toBe("labelSmoothing");
    expect(fieldOf({ weightDecay: -0.1 })).toBe("weightDecay");
    expect(parseRunConfig({ fineTuneBlocks: 4, fineTuneLayerDecay: 0.5 }, fixedSeed).fineTuneLayerDecay).toBe(0.5);
    expect(fieldOf({ fineTuneLayerDecay: 0 })).toBe("fineTuneLayerDecay");
    expect(fieldOf({ featureLayer: "block_5" })).toBe("featureLayer");
    expect(fieldOf({ backbone: "scratch", featureLayer: "block_10" })).toBe("featureLayer");
    expect(fieldOf({ featureLayer: "block_10", fineTuneBlocks: 2 })).toBe("featureLayer");
  });

  it("turns early stopping off with an explicit null", () => {
    expect(parseRunConfig({ earlyStoppingPatience: null }, fixedSeed).earlyStoppingPatience).toBeNull();
    expect(parseRunConfig({ earlyStoppingPatience: 3 }, fixedSeed).earlyStoppingPatience).toBe(3);
  });

  it("resolves AUTO runs' search settings and refuses them on MANUAL runs", () => {
    expect(parseRunConfig({ strategy: "AUTO" }, fixedSeed).auto).toEqual(DEFAULT_AUTO);
    expect(DEFAULT_AUTO.budgetSeconds).toBe(600);
    expect(parseRunConfig({ strategy: "AUTO", auto: { budgetSeconds: 120, maxTrials: 6 } }, fixedSeed).auto).toEqual({
      ...DEFAULT_AUTO,
      budgetSeconds: 120,
      maxTrials: 6,
    });
    expect(fieldOf({ strategy: "auto" })).toBe("strategy");
    expect(fieldOf({ auto: { budgetSeconds: 60 } })).toBe("auto");
    expect(fieldOf({ strategy: "AUTO", auto: { budgetSeconds: 5 } })).toBe("auto.budgetSeconds");
    // Above the search's rung ceiling the trainer could only fail the run: refused when it is created.
    expect(fieldOf({ strategy: "AUTO", auto: { minEpochs: 61 } })).toBe("auto.minEpochs");
    expect(fieldOf({ strategy: "AUTO", auto: { trials: 3 } })).toBe("auto.trials");
    expect(fieldOf({ strategy: "AUTO", auto: "fast" })).toBe("auto");
  });

  it("reads configs stored before these fields existed with the old behaviour they were created with", () => {
    // A row written by the earlier parser: every old field resolved, none of the new ones present.
    const stored = {
      backbone: "mobilenet_v2",
      inputSize: 96,
      batchSize: 64,
      epochs: 10,
      learningRate: 0.001,
      optimizer: "adam",
      augmentation: null,
      headUnits: 64,
      dropout: 0.5,
      fineTuneBlocks: 0,
      fineTuneEpochs: 5,
      fineTuneLearningRate: 0.00001,
      earlyStoppingPatience: null,
      threshold: 0.75,
      seed: 3,
    };
    expect(parseRunConfig(stored)).toMatchObject({
      fineTuneLayerDecay: 1,
      epochs: 10,
      earlyStoppingPatience: null,
      schedule: "constant",
      labelSmoothing: 0,
      weightDecay: 0,
      strategy: "MANUAL",
    });
  });

  it("draws a seed when none is given and keeps a given one", () => {
    const drawn = parseRunConfig({}).seed;
    expect(Number.isInteger(drawn)).toBe(true);
    expect(drawn).toBeGreaterThanOrEqual(0);
    expect(parseRunConfig({ seed: 123 }).seed).toBe(123);
  });

  it("keeps explicit settings and merges partial augmentation with defaults", () => {
    const config = parseRunConfig(
      {
        inputSize: 96,
        epochs: 3,
        batchSize: 16,
        augmentation: { zoom: 0.1, horizontalFlip: false },
        fineTuneBlocks: 2,
      },
      fixedSeed,
    );
    expect(config.inputSize).toBe(96);
    expect(config.epochs).toBe(3);
    expect(config.batchSize).toBe(16);
    expect(config.augmentation).toEqual({ ...DEFAULT_AUGMENTATION, zoom: 0.1, horizontalFlip: false });
    expect(plannedEpochs(config)).toBe(8);
  });

  it('turns augmentation off with false, null or "off"', () => {
    for (const off of [false, null, "off"]) {
      expect(parseRunConfig({ augmentation: off }, fixedSeed).augmentation).toBeNull();
    }
  });

  it("names the offending field", () => {
    expect(fieldOf({ batchSize: 0 })).toBe("batchSize");
    expect(fieldOf({ batchSize: 2.5 })).toBe("batchSize");
    expect(fieldOf({ epochs: "10" })).toBe("epochs");
    expect(fieldOf({ learningRate: 0 })).toBe("learningRate");
    expect(fieldOf({ learningRate: Number.NaN })).toBe("learningRate");
    expect(fieldOf({ optimizer: "adamw" })).toBe("optimizer");
    expect(fieldOf({ backbone: "resnet" })).toBe("backbone");
    expect(fieldOf({ inputSize: 100 })).toBe("inputSize");
    expect(fieldOf({ inputSize: 512 })).toBe("inputSize");
    expect(fieldOf({ dropout: 1 })).toBe("dropout");
    expect(fieldOf({ augmentation: { zoom: -0.1 } })).toBe("augmentation.zoom");
    expect(fieldOf({ augmentation: { horizontalFlip: "yes" } })).toBe("augmentation.horizontalFlip");
    expect(fieldOf({ augmentation: { shear: 0.2 } })).toBe("augmentation.shear");
    expect(fieldOf({ augmentation: 3 })).toBe("augmentation");
    expect(fieldOf({ earlyStoppingPatience: 0 })).toBe("earlyStoppingPatience");
    expect(fieldOf({ backbone: "scratch", fineTuneBlocks: 1 })).toBe("fineTuneBlocks");
    expect(fieldOf({ threshold: 1.5 })).toBe("threshold");
    expect(fieldOf({ learningrate: 0.01 })).toBe("learningrate");
    expect(fieldOf([1, 2])).toBe("config");
  });

  it("writes messages a person can act on", () => {
    expect(() => parseRunConfig({ batchSize: 0 }, fixedSeed)).toThrow(
      "Invalid run config: batchSize must be an integer from 1 to 1024 (got 0)",
    );
    expect(() => parseRunConfig({ learningrate: 0.01 }, fixedSeed)).toThrow(/allowed: backbone, inputSize/);
  });

  it("accepts a validation fold for cross-fitted runs; null and absent mean the version's splits", () => {
    expect(parseRunConfig({ validationFold: { index: 0, count: 2 } }, fixedSeed).validationFold).toEqual({
      index: 0,
      count: 2,
    });
    expect(parseRunConfig({ validationFold: { count: 10, index: 9 } }, fixedSeed).validationFold).toEqual({
      index: 9,
      count: 10,
    });
    expect(parseRunConfig({ validationFold: null }, fixedSeed).validationFold).toBeNull();
    expect(parseRunConfig({}, fixedSeed).validationFold).toBeNull();
  });

  it("accepts leave-one-out validation for a kernel head only, and not beside a validation fold", () => {
    const kernel = { backbone: "gradients", inputSize: 28, headKind: "kernel" };
    expect(parseRunConfig({ ...kernel, leaveOneOutValidation: true }, fixedSeed).leaveOneOutValidation).toBe(true);
    expect(parseRunConfig(kernel, fixedSeed).leaveOneOutValidation).toBe(false);
    expect(() => parseRunConfig({ leaveOneOutValidation: true }, fixedSeed)).toThrow(
      /leaveOneOutValidation needs headKind "kernel"/,
    );
    expect(fieldOf({ ...kernel, leaveOneOutValidation: "yes" })).toBe("leaveOneOutValidation");
    expect(() =>
      parseRunConfig({ ...kernel, leaveOneOutValidation: true, validationFold: { index: 0, count: 3 } }, fixedSeed),
    ).toThrow(/cannot be combined with validationFold/);
  });

  it("rejects a validation fold out of range, incomplete, with unknown keys or on an AUTO run", () => {
    expect(fieldOf({ validationFold: { index: 0, count: 1 } })).toBe("validationFold.count");
    expect(fieldOf({ validationFold: { index: 0, count: 11 } })).toBe("validationFold.count");
    expect(fieldOf({ validationFold: { index: 0, count: 2.5 } })).toBe("validationFold.count");
    expect(fieldOf({ validationFold: { index: 2, count: 2 } })).toBe("validationFold.index");
    expect(fieldOf({ validationFold: { index: -1, count: 3 } })).toBe("validationFold.index");
    expect(fieldOf({ validationFold: { count: 3 } })).toBe("validationFold.index");
    expect(fieldOf({ validationFold: { index: 0 } })).toBe("validationFold.count");
    expect(fieldOf({ validationFold: { index: 0, count: 3, seed: 1 } })).toBe("validationFold.seed");
    expect(fieldOf({ validationFold: 1 })).toBe("validationFold");
    expect(fieldOf({ strategy: "AUTO", validationFold: { index: 0, count: 2 } })).toBe("validationFold");
    expect(() => parseRunConfig({ validationFold: { index: 3, count: 3 } }, fixedSeed)).toThrow(
      "Invalid run config: validationFold.index must be an integer from 0 to 2 (got 3)",
    );
    expect(() => parseRunConfig({ validationFold: { index: 0, count: 2, size: 4 } }, fixedSeed)).toThrow(
      "Invalid run config: validationFold.size is not a known setting; allowed: index, count",
    );
  });

  it("accepts backbones from a supplied registry", () => {
    expect(parseRunConfig({ backbone: "mobilenet_v1_025" }, { backbones: ["mobilenet_v1_025"] }).backbone).toBe(
      "mobilenet_v1_025",
    );
  });

  it("round-trips through JSON unchanged", () => {
    for (const input of [
      { augmentation: false, earlyStoppingPatience: 3 },
      { earlyStoppingPatience: null },
      { backbone: "scratch", inputSize: 32, schedule: "one-cycle" },
      { strategy: "AUTO", auto: { budgetSeconds: 300 } },
      { validationFold: { index: 2, count: 5 } },
    ]) {
      const config = parseRunConfig(input, fixedSeed);
      expect(parseRunConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
    }
  });
});

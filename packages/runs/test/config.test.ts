import { describe, expect, it } from "vitest";
import { DEFAULT_AUGMENTATION, parseRunConfig, plannedEpochs, RunConfigError } from "../src/config.ts";

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
  it("fills the reference recipe's defaults", () => {
    expect(parseRunConfig(undefined, fixedSeed)).toEqual({
      backbone: "mobilenet_v2",
      inputSize: 224,
      batchSize: 64,
      epochs: 10,
      learningRate: 0.001,
      optimizer: "adam",
      augmentation: { rotation: 20, widthShift: 0.2, heightShift: 0.2, zoom: 0.2, horizontalFlip: true, variants: 4 },
      headUnits: 64,
      dropout: 0.5,
      fineTuneBlocks: 0,
      fineTuneEpochs: 5,
      fineTuneLearningRate: 0.00001,
      earlyStoppingPatience: null,
      threshold: 0.75,
      seed: 7,
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

  it("accepts backbones from a supplied registry", () => {
    expect(parseRunConfig({ backbone: "mobilenet_v1_025" }, { backbones: ["mobilenet_v1_025"] }).backbone).toBe(
      "mobilenet_v1_025",
    );
  });

  it("round-trips through JSON unchanged", () => {
    const config = parseRunConfig({ augmentation: false, earlyStoppingPatience: 3 }, fixedSeed);
    expect(parseRunConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });
});

import { describe, expect, it } from "vitest";
import {
  configDiff,
  DEFAULT_RUN_FORM,
  KNOB_HELP,
  parseNumberField,
  type RunFormValues,
  validateRunForm,
} from "@/lib/run-form.ts";

const form = (patch: Partial<RunFormValues> = {}): RunFormValues => ({ ...DEFAULT_RUN_FORM, ...patch });

describe("validateRunForm", () => {
  it("turns the defaults into the reference recipe, augmented variants included", () => {
    const result = validateRunForm(form());
    expect(result).toEqual({
      ok: true,
      name: null,
      config: {
        backbone: "mobilenet_v2",
        inputSize: 224,
        batchSize: 64,
        epochs: 10,
        learningRate: 0.001,
        optimizer: "ADAM",
        augmentation: {
          enabled: true,
          rotation: 20,
          widthShift: 0.2,
          heightShift: 0.2,
          zoom: 0.2,
          horizontalFlip: true,
          variants: 4,
        },
        headUnits: 64,
        dropout: 0.5,
        fineTuneBlocks: 0,
        fineTuneEpochs: 5,
        fineTuneLearningRate: 0.00001,
        earlyStoppingPatience: null,
        threshold: 0.75,
      },
    });
  });

  it("names every bad field with what to enter instead", () => {
    const result = validateRunForm(
      form({ epochs: "0", batchSize: "12.5", learningRate: "fast", dropout: "1", inputSize: "200" }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      epochs: "Enter a whole number from 1 to 1000.",
      batchSize: "Enter a whole number from 1 to 1024.",
      learningRate: "Enter a number greater than 0 and at most 1.",
      dropout: "Enter a number from 0 up to (not including) 1.",
      inputSize: "Use a multiple of 32: 96, 128, 160, 192 or 224.",
    });
  });

  it("checks the number of augmented variants", () => {
    const result = validateRunForm(form({ variants: "0" }));
    expect(result.ok ? null : result.errors.variants).toBe("Enter a whole number from 1 to 32.");
    const two = validateRunForm(form({ variants: "2" }));
    expect(two.ok && two.config.augmentation).toMatchObject({ enabled: true, variants: 2 });
  });

  it("turns augmentation off and ignores its hidden fields when unticked", () => {
    const result = validateRunForm(form({ augment: false, rotation: "garbage", variants: "many" }));
    expect(result.ok && result.config.augmentation).toEqual({ enabled: false });
  });

  it("checks fine-tune settings only when blocks are unfrozen, and wants a smaller fine-tune rate", () => {
    expect(validateRunForm(form({ fineTuneEpochs: "" })).ok).toBe(true);
    const result = validateRunForm(form({ fineTuneBlocks: "2", fineTuneLearningRate: "0.01" }));
    expect(result.ok ? null : result.errors.fineTuneLearningRate).toMatch(/smaller learning rate/);
  });

  it("passes optional patience and seed only when given", () => {
    const result = validateRunForm(form({ earlyStoppingPatience: "3", seed: "42", name: "  baseline " }));
    expect(result.ok && [result.name, result.config.earlyStoppingPatience, result.config.seed]).toEqual([
      "baseline",
      3,
      42,
    ]);
  });
});

describe("parseNumberField", () => {
  it("reads plain decimals and refuses what Number() would silently accept", () => {
    const rule = { min: 0, max: 10 };
    expect(parseNumberField(" 2.5 ", rule)).toBe(2.5);
    expect(parseNumberField("1e-3", rule)).toBe(0.001);
    for (const bad of ["", " ", "0x10", "Infinity", "1,5", "2.5.1"])
      expect(typeof parseNumberField(bad, rule)).toBe("string");
  });
});

describe("KNOB_HELP", () => {
  it("explains every field of the form in one line", () => {
    for (const field of Object.keys(DEFAULT_RUN_FORM)) {
      const help = KNOB_HELP[field as keyof RunFormValues];
      expect(help, field).toBeTruthy();
      expect(help).not.toContain("\n");
    }
  });
});

describe("configDiff", () => {
  it("lists only the settings that differ, with nested keys flattened", () => {
    const a = { epochs: 10, augmentation: { rotation: 20, zoom: 0.2 }, optimizer: "adam" };
    const b = { epochs: 20, augmentation: { rotation: 20, zoom: 0.1 }, optimizer: "adam" };
    expect(configDiff(a, b)).toEqual([
      { key: "augmentation.zoom", a: 0.2, b: 0.1 },
      { key: "epochs", a: 10, b: 20 },
    ]);
  });
});

import { parseLabelList } from "@/lib/labels.ts";

describe("parseLabelList", () => {
  it("splits on commas and new lines and trims", () => {
    expect(parseLabelList(" sneaker, ankle_boot\n", "BINARY")).toEqual({ ok: true, labels: ["sneaker", "ankle_boot"] });
  });

  it("enforces the label count of each task and refuses duplicates", () => {
    expect(parseLabelList("a, b, c", "BINARY")).toMatchObject({
      ok: false,
      error: expect.stringMatching(/exactly two/),
    });
    expect(parseLabelList("a", "MULTICLASS")).toMatchObject({ ok: false });
    expect(parseLabelList("a", "MULTILABEL")).toEqual({ ok: true, labels: ["a"] });
    expect(parseLabelList("a, a", "MULTICLASS")).toMatchObject({ ok: false, error: expect.stringMatching(/twice/) });
    expect(parseLabelList(" , ", "MULTILABEL")).toMatchObject({ ok: false });
  });
});

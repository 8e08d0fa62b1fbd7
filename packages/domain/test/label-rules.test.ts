import { describe, expect, it } from "vitest";
import { labelCountProblem, normalizeDatasetName, normalizeLabelNames } from "../src/datasets/label-rules.ts";

describe("label rules", () => {
  it("trims names and enforces task label counts", () => {
    expect(normalizeDatasetName("  Parts  ")).toBe("Parts");
    expect(normalizeLabelNames("BINARY", [" ok", "defect "])).toEqual(["ok", "defect"]);
    expect(() => normalizeLabelNames("BINARY", ["a", "b", "c"])).toThrow(/exactly two/);
    expect(() => normalizeLabelNames("MULTICLASS", ["a"])).toThrow(/at least two/);
    expect(() => normalizeLabelNames("MULTILABEL", [])).toThrow(/at least one/);
  });

  it("refuses labels that cannot be folder names, and duplicates", () => {
    for (const bad of ["a/b", "..", ".hidden", "tab\there", ""]) {
      expect(() => normalizeLabelNames("MULTILABEL", [bad])).toThrow();
    }
    expect(() => normalizeLabelNames("MULTICLASS", ["a", "a"])).toThrow(/twice/);
    expect(() => normalizeDatasetName("   ")).toThrow(/name/);
  });

  it("checks how many labels an image carries", () => {
    expect(labelCountProblem("MULTICLASS", ["a"])).toBeNull();
    expect(labelCountProblem("BINARY", ["a", "b"])).toMatch(/exactly one/);
    expect(labelCountProblem("MULTILABEL", [])).toBeNull();
    expect(labelCountProblem("MULTILABEL", ["a", "a"])).toMatch(/twice/);
  });
});

import { describe, expect, it } from "vitest";
import {
  calibrateThreshold,
  classificationReport,
  EvaluationInputError,
  findLabelIssues,
  flagPredictions,
  multilabelReport,
  precisionRecallCurve,
} from "../src/evaluate/index.ts";

describe("classificationReport", () => {
  // 3 classes, 6 items; predictions: [0,0,1,1,2,0] vs truth [0,0,1,2,2,1]
  const probs = [
    [0.8, 0.1, 0.1],
    [0.6, 0.3, 0.1],
    [0.2, 0.7, 0.1],
    [0.1, 0.5, 0.4],
    [0.1, 0.1, 0.8],
    [0.5, 0.4, 0.1],
  ];
  const truth = [0, 0, 1, 2, 2, 1];

  it("computes accuracy, confusion and per-class precision/recall/F1 exactly", () => {
    const report = classificationReport(probs, truth, ["a", "b", "c"]);
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.confusion).toEqual([
      [2, 0, 0],
      [1, 1, 0],
      [0, 1, 1],
    ]);
    const [a, b, c] = report.perClass;
    expect(a).toMatchObject({ label: "a", precision: 2 / 3, recall: 1, support: 2 });
    expect(a.f1).toBeCloseTo(0.8, 12);
    expect(b).toMatchObject({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(c).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(c.f1).toBeCloseTo(2 / 3, 12);
    expect(report.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
  });

  it("rejects mismatched rows and out-of-range labels with a typed error", () => {
    expect(() => classificationReport(probs, truth.slice(1), ["a", "b", "c"])).toThrow(EvaluationInputError);
    expect(() => classificationReport(probs, [0, 0, 1, 2, 2, 3], ["a", "b", "c"])).toThrow(/not a class index/);
    expect(() => classificationReport([[0.5, 0.5]], [0], ["a", "b", "c"])).toThrow(/expected 3/);
  });
});

describe("precisionRecallCurve", () => {
  it("emits one point per distinct score and the step-wise average precision", () => {
    const curve = precisionRecallCurve([0.9, 0.8, 0.8, 0.3], [true, false, true, false]);
    expect(curve.points).toEqual([
      { threshold: 0.9, precision: 1, recall: 0.5 },
      { threshold: 0.8, precision: 2 / 3, recall: 1 },
      { threshold: 0.3, precision: 0.5, recall: 1 },
    ]);
    expect(curve.averagePrecision).toBeCloseTo(1 * 0.5 + (2 / 3) * 0.5, 12);
  });
});

describe("multilabelReport", () => {
  it("thresholds each label independently", () => {
    const report = multilabelReport(
      [
        [0.9, 0.2],
        [0.6, 0.7],
        [0.1, 0.8],
      ],
      [
        [true, false],
        [true, false],
        [false, true],
      ],
      ["x", "y"],
    );
    expect(report.exactMatch).toBeCloseTo(2 / 3, 12);
    expect(report.perLabel[0]).toMatchObject({ precision: 1, recall: 1, support: 2 });
    expect(report.perLabel[1]).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
  });
});

describe("flagPredictions", () => {
  it("lists most/least confident and confidently wrong items per true class", () => {
    const probs = [
      [0.95, 0.05],
      [0.7, 0.3],
      [0.1, 0.9],
      [0.4, 0.6],
      [0.8, 0.2],
      [0.45, 0.55],
    ];
    const truth = [0, 0, 0, 1, 1, 0];
    const [c0, c1] = flagPredictions(probs, truth, 2, 2);
    expect(c0.mostConfident.map((i) => i.index)).toEqual([0, 1]);
    expect(c0.leastConfident.map((i) => i.index)).toEqual([2, 5]);
    expect(c0.confidentlyWrong.map((i) => i.index)).toEqual([2, 5]);
    expect(c0.confidentlyWrong[0]).toMatchObject({ trueLabel: 0, predictedLabel: 1, confidence: 0.9 });
    expect(c1.mostConfident.map((i) => i.index)).toEqual([3, 4]);
    expect(c1.confidentlyWrong.map((i) => i.index)).toEqual([4]);
  });
});

describe("findLabelIssues (confident learning)", () => {
  it("builds per-class thresholds and the confident joint, ranking off-diagonal items by margin", () => {
    const probs = [
      [0.9, 0.1],
      [0.8, 0.2],
      [0.2, 0.8], // labelled 0, looks like 1
      [0.1, 0.9],
      [0.3, 0.7],
      [0.85, 0.15], // labelled 1, looks like 0
    ];
    const given = [0, 0, 0, 1, 1, 1];
    const result = findLabelIssues(probs, given, 2);
    expect(result.thresholds[0]).toBeCloseTo((0.9 + 0.8 + 0.2) / 3, 12);
    expect(result.thresholds[1]).toBeCloseTo((0.9 + 0.7 + 0.15) / 3, 12);
    // Item 4 (0.7 for class 1) is just above t1 = 0.5833, so it counts on the diagonal.
    expect(result.confidentJoint).toEqual([
      [2, 1],
      [1, 2],
    ]);
    expect(result.issues.map((i) => [i.index, i.givenLabel, i.suggestedLabel])).toEqual([
      [5, 1, 0],
      [2, 0, 1],
    ]);
    expect(result.issues[0].margin).toBeCloseTo(0.7, 12);
    expect(result.issues[1].selfConfidence).toBe(0.2);
  });
});

describe("calibrateThreshold", () => {
  it("reports precision, coverage and withheld share and picks the lowest threshold reaching the target", () => {
    const probs = [
      [0.95, 0.05],
      [0.9, 0.1],
      [0.3, 0.7], // wrong, confidence 0.7
      [0.2, 0.8],
      [0.45, 0.55], // wrong, confidence 0.55
    ];
    const truth = [0, 0, 0, 1, 0];
    const calibration = calibrateThreshold(probs, truth, 2, 0.9, [0.5, 0.6, 0.75, 0.99]);
    expect(calibration.points).toEqual([
      { threshold: 0.5, precision: 3 / 5, recall: 1, withheld: 0 },
      { threshold: 0.6, precision: 3 / 4, recall: 4 / 5, withheld: 1 - 4 / 5 },
      { threshold: 0.75, precision: 1, recall: 3 / 5, withheld: 1 - 3 / 5 },
      { threshold: 0.99, precision: 1, recall: 0, withheld: 1 },
    ]);
    expect(calibration.recommended).toBe(0.75);
    expect(calibrateThreshold(probs, truth, 2, 1, [0.5]).recommended).toBeNull();
  });
});

import type { SnapshotImage } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { evaluateSplit, labelIssueRows, predictionRows, type Scored } from "../src/evaluation.ts";

const labels = ["ankle_boot", "sneaker"];

function image(id: number, label: string, split: SnapshotImage["split"] = "VAL"): SnapshotImage {
  return { id: `img-${id}`, sha256: id.toString(16).padStart(64, "0"), blobKey: "k", split, labels: [label] };
}

const scored: Scored[] = [
  { image: image(1, "ankle_boot"), probabilities: [0.9, 0.1] },
  { image: image(2, "ankle_boot"), probabilities: [0.4, 0.6] },
  { image: image(3, "sneaker"), probabilities: [0.2, 0.8] },
  { image: image(4, "sneaker"), probabilities: [0.05, 0.95] },
];

describe("evaluation", () => {
  it("reports accuracy, confusion, per-class figures, thresholds and a PR curve for a binary split", () => {
    const metrics = evaluateSplit(scored, labels, "binary", 0.75)!;
    expect(metrics.count).toBe(4);
    expect(metrics.report!.accuracy).toBe(0.75);
    expect(metrics.report!.confusion).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(metrics.report!.perClass[1]).toMatchObject({ label: "sneaker", recall: 1, support: 2 });
    expect(metrics.report!.perClass[1]!.precision).toBeCloseTo(2 / 3);
    // At 0.75 the 0.6 guess is withheld and everything kept is right.
    expect(metrics.thresholds!.points.find((p) => p.threshold === 0.75)).toMatchObject({
      precision: 1,
      withheld: 0.25,
    });
    expect(metrics.prCurve!.points.length).toBe(4);
    expect(evaluateSplit([], labels, "binary", 0.75)).toBeNull();
  });

  it("writes one prediction row per image with its top label and probability", () => {
    const rows = predictionRows("run-1", scored, labels, "binary", 0.75);
    expect(rows[1]).toEqual({
      runId: "run-1",
      imageId: "img-2",
      split: "VAL",
      givenLabel: "ankle_boot",
      predictedLabel: "sneaker",
      probability: 0.6,
      probabilities: [0.4, 0.6],
      correct: false,
      labelIssueScore: null,
      suspectedLabel: null,
      labelIssueRank: null,
      labelIssueFlagged: false,
    });
  });

  it("names label sets in multilabel rows", () => {
    const multi: Scored[] = [{ image: { ...image(9, "a"), labels: ["b", "a"] }, probabilities: [0.9, 0.8, 0.1] }];
    const [row] = predictionRows("r", multi, ["a", "b", "c"], "multilabel", 0.5);
    expect(row).toMatchObject({ givenLabel: "a, b", predictedLabel: "a, b", correct: true, probability: 0.9 });
  });

  it("ranks every training image by label-issue score and flags the most suspicious", () => {
    const train: Scored[] = [
      { image: image(1, "ankle_boot", "TRAIN"), probabilities: [0.9, 0.1] },
      { image: image(2, "ankle_boot", "TRAIN"), probabilities: [0.8, 0.2] },
      // Labelled a boot, but out-of-sample models are sure it is a sneaker.
      { image: image(3, "ankle_boot", "TRAIN"), probabilities: [0.02, 0.98] },
      { image: image(4, "sneaker", "TRAIN"), probabilities: [0.1, 0.9] },
      { image: image(5, "sneaker", "TRAIN"), probabilities: [0.2, 0.8] },
    ];
    const { rows, issues, summary } = labelIssueRows("r", train, labels);
    expect(issues).toBe(1);
    expect(summary.members).toEqual(["embedding_head"]);
    expect(rows.filter((r) => r.labelIssueFlagged).map((r) => [r.imageId, r.suspectedLabel, r.labelIssueRank])).toEqual(
      [["img-3", "sneaker", 1]],
    );
    // quality = p(given) / mean p(given) of the class = 0.02 / ((0.9 + 0.8 + 0.02) / 3).
    expect(rows[2]!.labelIssueScore).toBeCloseTo(1 - 0.02 / (1.72 / 3));
    expect(rows.map((r) => r.labelIssueRank).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(rows.every((r) => r.split === "TRAIN" && r.labelIssueScore !== null)).toBe(true);
  });

  it("pools the other members' probabilities, weighted by how well they explain the given labels", () => {
    const train: Scored[] = [
      { image: image(1, "ankle_boot", "TRAIN"), probabilities: [0.9, 0.1] },
      { image: image(2, "ankle_boot", "TRAIN"), probabilities: [0.9, 0.1] },
      { image: image(3, "sneaker", "TRAIN"), probabilities: [0.1, 0.9] },
      { image: image(4, "sneaker", "TRAIN"), probabilities: [0.1, 0.9] },
    ];
    // The second member agrees with three labels more sharply than the first and doubts image 2: it
    // keeps a weight, and the pool moves image 2 to rank 1.
    const doubting = [
      [0.99, 0.01],
      [0.3, 0.7],
      [0.01, 0.99],
      [0.01, 0.99],
    ];
    const pooled = labelIssueRows("r", train, labels, [{ name: "pixel_lr", probabilities: doubting }]);
    expect(pooled.summary.members).toEqual(["embedding_head", "pixel_lr"]);
    expect(pooled.summary.memberWeights[1]).toBeGreaterThan(0);
    expect(pooled.rows[1]!.labelIssueRank).toBe(1);
    // A member certain that a label is wrong (p = 0) while no better than the first elsewhere is the
    // likelier to be wrong itself: fitted on the given labels, its weight drops to 0 and it moves nothing.
    const certain = [
      [0.9, 0.1],
      [0.0, 1.0],
      [0.1, 0.9],
      [0.1, 0.9],
    ];
    const ignored = labelIssueRows("r", train, labels, [{ name: "pixel_lr", probabilities: certain }]);
    expect(ignored.summary.memberWeights).toEqual([1, 0]);
  });
});

// The trainer's gradient-histogram member of the label-issue ensemble (label-issue-pixels.ts) on the
// shipped ten-class sample with 5% of its labels flipped: decoded as RGB rows like a run's images, it
// must rank the flips and add to the other pixel members, as it does in bench/data-loop.ts.
import { join } from "node:path";
import { loadImageFolder, precisionRecallCurve, SAMPLE_DATA_DIR, TrainingRng } from "@headstart/ml-core";
import type { SnapshotImage } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { labelIssueRows } from "../src/evaluation.ts";
import {
  gradientOutOfFoldProbabilities,
  pixelNeighborProbabilities,
  pixelOutOfFoldProbabilities,
  pixelRowsOf,
} from "../src/label-issue-pixels.ts";

describe("the gradient-histogram label-issue member", () => {
  it("ranks the flips better with the pixel members than they do alone", async () => {
    const dataset = await loadImageFolder(join(SAMPLE_DATA_DIR, "multiclass"));
    const train = dataset.images.filter((image) => image.split === "train");
    const classCount = dataset.labels.length;
    const truth = train.map((image) => image.labels[0]!);
    const rng = new TrainingRng(7);
    const flipped = new Set(rng.permutation(train.length).slice(0, Math.round(train.length * 0.05)));
    const given = truth.map((label, i) =>
      flipped.has(i) ? (label + 1 + Math.floor(rng.next() * (classCount - 1))) % classCount : label,
    );
    const rows = await pixelRowsOf(train);
    const options = { rows, labels: given, classCount, folds: 5, seed: 1 };
    const pixelLr = await pixelOutOfFoldProbabilities(options);
    const gradientLr = await gradientOutOfFoldProbabilities(options);
    const knn = pixelNeighborProbabilities(rows, given, classCount)!;
    const snapshot = (i: number): SnapshotImage => ({
      id: `img-${i}`,
      sha256: train[i]!.sha256,
      blobKey: "k",
      split: "TRAIN",
      labels: [dataset.labels[given[i]!]!],
    });
    const ranked = (others: { name: string; probabilities: Float32Array[] }[]) => {
      const { rows: predictions } = labelIssueRows(
        "r",
        train.map((_, i) => ({ image: snapshot(i), probabilities: pixelLr[i]! })),
        dataset.labels,
        others,
        "pixel_lr",
      );
      const hits = predictions.filter(
        (row) => row.labelIssueRank! <= flipped.size && flipped.has(Number(row.imageId.slice(4))),
      ).length;
      const ap = precisionRecallCurve(
        predictions.map((row) => -row.labelIssueRank!),
        predictions.map((row) => flipped.has(Number(row.imageId.slice(4)))),
      ).averagePrecision;
      return { hits, ap };
    };
    const without = ranked([{ name: "pixel_knn", probabilities: knn }]);
    const withGradients = ranked([
      { name: "pixel_gradient_lr", probabilities: gradientLr },
      { name: "pixel_knn", probabilities: knn },
    ]);
    // Measured: 15 of the 20 flips in the top 20 either way; average precision 0.714 -> 0.775.
    expect(withGradients.hits).toBeGreaterThanOrEqual(without.hits);
    expect(withGradients.ap).toBeGreaterThan(without.ap + 0.03);
  });
});

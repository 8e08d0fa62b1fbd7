// Label-issue flags on planted flips in a small fixed dataset: the shipped ten-class sample's 400
// training images (28 px Fashion-MNIST PNGs), 5% of their labels flipped with a fixed seed. The
// models are the two cheap pixel views the benchmark also uses (logistic regression out-of-fold,
// k-NN leave-one-out), so the test runs in seconds without a backbone.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import {
  averageProbabilities,
  decodeImage,
  fitSoftmaxRegression,
  gradientHistograms,
  loadImageFolder,
  nearestNeighbors,
  neighborLabelProbabilities,
  outOfFoldProbabilities,
  precisionRecallCurve,
  rankLabelIssues,
  TrainingRng,
} from "../src/index.ts";

const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), "../data/sample/multiclass");
const CLASSES = 10;

let rows: Float32Array[];
let truth: number[];
let given: number[];
let flipped: Set<number>;

beforeAll(async () => {
  const dataset = await loadImageFolder(SAMPLE);
  const train = dataset.images.filter((image) => image.split === "train");
  truth = train.map((image) => image.labels[0]);
  rows = await Promise.all(
    train.map(async (image) => {
      const { data } = await decodeImage(await image.read(), { size: 28 });
      // Grey images decode to three equal channels; keep one, scaled to 0..1.
      return Float32Array.from({ length: 28 * 28 }, (_, p) => data[p * 3] / 255);
    }),
  );
  const rng = new TrainingRng(2024);
  const picked = rng.permutation(train.length).slice(0, Math.round(0.05 * train.length));
  flipped = new Set(picked);
  given = [...truth];
  for (const i of picked) given[i] = (truth[i] + 1 + rng.int(CLASSES - 1)) % CLASSES;
});

describe("label issues on planted flips (shipped ten-class sample, 400 images, 20 flipped)", () => {
  it("out-of-fold pixel models rank the flips first, and the recommended cut is precise", async () => {
    expect(rows).toHaveLength(400);
    expect(flipped.size).toBe(20);
    const pixelLr = await outOfFoldProbabilities({
      labels: given,
      classCount: CLASSES,
      folds: 5,
      seed: 3,
      fitPredict: (trainIdx, testIdx) =>
        fitSoftmaxRegression(
          trainIdx.map((i) => rows[i]),
          trainIdx.map((i) => given[i]),
          { classCount: CLASSES, epochs: 20, l2: 1e-3, learningRate: 0.003, standardize: false },
        ).predict(testIdx.map((i) => rows[i])),
    });
    const knn = neighborLabelProbabilities(nearestNeighbors(rows, 10), given, CLASSES);
    const ensemble = averageProbabilities([pixelLr, knn]);
    const result = rankLabelIssues(ensemble, given, CLASSES);

    expect(result.ranking).toHaveLength(400);
    const ap = precisionRecallCurve(
      result.ranking.map((item) => -item.quality),
      result.ranking.map((item) => flipped.has(item.index)),
    ).averagePrecision;
    const flagged = result.ranking.slice(0, result.cut);
    const hits = flagged.filter((item) => flipped.has(item.index)).length;
    // Measured: AP 0.649; cut 29 holding 15 of the 20 flips (precision 0.52, recall 0.75); confident
    // learning's estimate 58. A pixel model fitted on 320 images is weak: the benchmark's larger task
    // with an embedding head in the ensemble does better. Margins absorb platform float differences.
    expect(ap).toBeGreaterThan(0.55);
    expect(hits / result.cut).toBeGreaterThanOrEqual(0.42);
    expect(hits / flipped.size).toBeGreaterThanOrEqual(0.6);
    // Confident learning's own count over-estimates (model confusions counted as label errors); the
    // cut must stay below it rather than flag the whole off-diagonal.
    expect(result.cut).toBeLessThanOrEqual(Math.round(result.estimatedIssueCount));
    for (const item of flagged) {
      expect(item.quality).toBeLessThan(0.1);
      expect(item.suggestedLabel).not.toBe(item.givenLabel);
    }
    // The estimates from the scores alone, against the truth. Measured: 21.0 errors estimated for 20
    // planted (confident learning: 58), recall 0.762 estimated vs 0.75 measured, precision 0.552 vs
    // 0.517. The model's own belief (mean 1 - p(given) over the cut) said 0.9+ here.
    expect(result.estimatedErrorCount).toBeGreaterThan(14);
    expect(result.estimatedErrorCount).toBeLessThan(30);
    expect(Math.abs(result.estimatedRecall - hits / flipped.size)).toBeLessThan(0.12);
    expect(Math.abs(result.estimatedPrecision - hits / result.cut)).toBeLessThan(0.15);
    // Flagged flips suggest the true class most of the time.
    const suggestedTrue = flagged.filter(
      (item) => flipped.has(item.index) && item.suggestedLabel === truth[item.index],
    );
    expect(suggestedTrue.length / hits).toBeGreaterThan(0.7);
  });
});

describe("the gradient-histogram member", () => {
  it("ranks the planted flips better added to the pixel models than without it", async () => {
    const LR = { classCount: CLASSES, epochs: 20, l2: 1e-3, learningRate: 0.003, standardize: false };
    const oofOn = (features: Float32Array[]) =>
      outOfFoldProbabilities({
        labels: given,
        classCount: CLASSES,
        folds: 5,
        seed: 3,
        fitPredict: (trainIdx, testIdx) =>
          fitSoftmaxRegression(
            trainIdx.map((i) => features[i]),
            trainIdx.map((i) => given[i]),
            LR,
          ).predict(testIdx.map((i) => features[i])),
      });
    const pixelLr = await oofOn(rows);
    const gradientLr = await oofOn(gradientHistograms(rows, 28));
    const knn = neighborLabelProbabilities(nearestNeighbors(rows, 10), given, CLASSES);
    const apOf = (members: ArrayLike<number>[][]) => {
      const r = rankLabelIssues(averageProbabilities(members), given, CLASSES);
      return precisionRecallCurve(
        r.ranking.map((item) => -item.quality),
        r.ranking.map((item) => flipped.has(item.index)),
      ).averagePrecision;
    };
    const without = apOf([pixelLr, knn]);
    const withGradients = apOf([pixelLr, gradientLr, knn]);
    // Measured: AP 0.649 without, 0.706 with (the gradient model alone: 0.690).
    expect(withGradients).toBeGreaterThan(without + 0.02);
  });

  it("says what shape it needs", () => {
    expect(() => gradientHistograms([new Float32Array(10)], 28)).toThrow(/784/);
    expect(() => gradientHistograms([new Float32Array(16)], 4)).toThrow(/side/);
    // A flat image has no edges: every histogram bin stays zero.
    expect(gradientHistograms([new Float32Array(28 * 28).fill(0.5)], 28)[0].every((v) => v === 0)).toBe(true);
  });
});

describe("rankLabelIssues", () => {
  it("ranks by self-confidence relative to the class threshold and caps the cut by quality and by confident learning's count", () => {
    // Class 0 is easy (p ~ 0.9), class 1 hard (p ~ 0.5): item 4 (class 1, p 0.3) is less suspicious
    // than item 1 (class 0, p 0.2) once each is compared with its class's typical confidence.
    const probabilities = [
      [0.9, 0.1],
      [0.2, 0.8],
      [0.95, 0.05],
      [0.35, 0.65],
      [0.7, 0.3],
      [0.02, 0.98],
    ];
    const given = [0, 0, 0, 1, 1, 0];
    const result = rankLabelIssues(probabilities, given, 2, { maxQuality: 1 });
    expect(result.ranking.map((r) => r.index)).toEqual([5, 1, 4, 3, 0, 2]);
    expect(result.thresholds[0]).toBeCloseTo((0.9 + 0.2 + 0.95 + 0.02) / 4, 6);
    expect(result.ranking[0]).toMatchObject({ index: 5, givenLabel: 0, suggestedLabel: 1 });
    expect(result.cut).toBeLessThanOrEqual(Math.round(result.estimatedIssueCount));
    // The estimates come from the scores alone: recall in [0, 1], precision from count x recall / cut.
    expect(result.estimatedRecall).toBeGreaterThan(0);
    expect(result.estimatedRecall).toBeLessThanOrEqual(1);
    expect(result.estimatedPrecision).toBeCloseTo(
      Math.min(1, (result.estimatedErrorCount * result.estimatedRecall) / result.cut),
      9,
    );
    for (const item of result.ranking) {
      expect(item.estimatedPrecision).toBeGreaterThanOrEqual(0);
      expect(item.estimatedPrecision).toBeLessThanOrEqual(1);
    }
    // Item 5 (quality 0.02 / 0.5175 = 0.039) is the only one under the default quality cap of 0.1.
    const strict = rankLabelIssues(probabilities, given, 2);
    expect(strict.cut).toBe(1);
    expect(() => rankLabelIssues(probabilities, given, 2, { maxQuality: 0 })).toThrow(/maxQuality/);
  });
});

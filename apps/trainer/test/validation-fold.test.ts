// A cross-fitted run (RunConfig.validationFold, AUTO's seed runs) trains on the VAL images outside
// its fold and validates on the fold alone: a daemon trains one on the sample version and its stored
// predictions and validation figures name exactly the fold's images.

import { parseDatasetSnapshot, parseRunConfig, validationFolds } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { useTrainerFixture } from "./trainer-fixture.ts";

const fixture = useTrainerFixture({
  dataDirPrefix: "headstart-trainer-fold-",
  sample: { train: 12, val: 6, test: 2 },
});

describe("validationFold", () => {
  it("validates on fold 0 alone and trains on the other VAL images", async () => {
    const { prisma: db, sample } = fixture;
    const config = parseRunConfig({
      backbone: "scratch",
      inputSize: 28,
      batchSize: 8,
      epochs: 2,
      augmentation: null,
      earlyStoppingPatience: null,
      seed: 5,
      validationFold: { index: 0, count: 2 },
    });
    const [run] = await fixture.trainRuns("trainer-fold", [{ config, name: "fold 0 of 2" }], 240_000);
    expect(run!.error).toBeNull();
    expect(run!.status).toBe("SUCCEEDED");

    const version = await db.datasetVersion.findUniqueOrThrow({ where: { id: sample.versionId } });
    const snapshot = parseDatasetSnapshot(version.snapshot);
    const folds = validationFolds(snapshot.images, 2);
    const val = snapshot.images.filter((image) => image.split === "VAL");
    const fold0 = val.filter((image) => folds.get(image.id) === 0).map((image) => image.id);
    const others = val.filter((image) => folds.get(image.id) === 1).map((image) => image.id);
    // 6 VAL images per label, dealt per label: 3 of each label in each fold.
    expect(val).toHaveLength(12);
    expect(fold0).toHaveLength(6);
    for (const label of sample.labels) {
      expect(val.filter((image) => image.labels[0] === label && fold0.includes(image.id))).toHaveLength(3);
    }

    const predictions = await db.prediction.findMany({
      where: { runId: run!.id },
      select: { imageId: true, split: true },
    });
    const predictedVal = predictions.filter((p) => p.split === "VAL").map((p) => p.imageId);
    expect(predictedVal.sort()).toEqual([...fold0].sort());
    // The other fold trained: any row it has (a label-issue row) is a TRAIN row.
    const otherRows = predictions.filter((p) => others.includes(p.imageId));
    for (const row of otherRows) expect(row.split).toBe("TRAIN");
    // TEST is as frozen.
    const test = snapshot.images.filter((image) => image.split === "TEST").map((image) => image.id);
    expect(
      predictions
        .filter((p) => p.split === "TEST")
        .map((p) => p.imageId)
        .sort(),
    ).toEqual(test.sort());

    const metrics = run!.metrics as { val: { count: number }; labelIssues: { scored: number } };
    expect(metrics.val.count).toBe(6);
    // Label issues are judged on the training split, which now holds the other fold too.
    const scoredTrain = predictions.filter((p) => p.split === "TRAIN").map((p) => p.imageId);
    expect(scoredTrain).toHaveLength(metrics.labelIssues.scored);
    if (scoredTrain.length > 0) expect(scoredTrain).toEqual(expect.arrayContaining(others));
    // The snapshot itself still says VAL for the other fold.
    for (const id of others) expect(snapshot.images.find((image) => image.id === id)!.split).toBe("VAL");
  }, 300_000);
});

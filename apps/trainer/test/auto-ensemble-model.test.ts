// An AUTO run that keeps its ensemble (ensemble-model.ts) ends SUCCEEDED with ONE stored model whose
// output is the mean of its members': two real runs of one recipe with different seeds are trained
// by a trainer daemon; the first stands as the AUTO run's retrain (its stored model, figures and
// predictions are what the retrain's evaluation hands over), the second as a seed. The merge and its
// ONNX conversion run on a real compute worker, as the daemon's do. The stored model is then loaded
// and run on the validation and test images against the stored predictions and the members' own.

import path from "node:path";
import {
  currentBackend,
  ENSEMBLE_AVERAGE_LAYER,
  importModel,
  initBackend,
  type ModelManifest,
  predict,
} from "@headstart/ml-core";
import { parseRunConfig, readModelBundle, validationFolds } from "@headstart/runs";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateEnsemble, storeEnsembleModel, WINNER_SHARES } from "../src/auto-run/ensemble-model.ts";
import { ComputePool } from "../src/compute/pool.ts";
import type { AttemptResult, OnnxExport } from "../src/compute/protocol.ts";
import type { PredictionRow } from "../src/evaluation.ts";
import { loadRunDataset, readImage } from "../src/run-dataset.ts";
import { useTrainerFixture } from "./trainer-fixture.ts";

const fixture = useTrainerFixture({
  dataDirPrefix: "headstart-ensemble-test-",
  sample: { train: 8, val: 4, test: 4 },
});
let pool: ComputePool | null = null;

afterAll(async () => {
  await pool?.close();
});

describe("storeEnsembleModel", () => {
  it("ends the AUTO run SUCCEEDED with one model averaging its members, and predictions that model gives", async () => {
    const { prisma, blobs, sample, dataDir } = fixture;
    const trained = await fixture.trainRuns(
      "ensemble-1",
      [3, 4].map((seed) => ({
        config: parseRunConfig({ backbone: "scratch", inputSize: 32, epochs: 2, seed }),
        name: `member seed ${seed}`,
      })),
      240_000,
    );
    expect(trained.map((run) => run.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);

    const [retrainId, seedId] = trained.map((run) => run.id) as [string, string];
    // The daemon is stopped: the parent is held by this test alone.
    const { parentId, lease } = await fixture.claimAutoParent("ensemble-test-worker");
    const version = await prisma.datasetVersion.findUniqueOrThrow({ where: { id: sample.versionId } });
    const dataset = await loadRunDataset(version.snapshot, blobs);

    // What the retrain's evaluation hands over: its full model's files, manifest, figures and rows.
    const retrainRun = await prisma.run.findUniqueOrThrow({ where: { id: retrainId } });
    const full = await prisma.modelArtifact.findUniqueOrThrow({
      where: { runId_kind: { runId: retrainId, kind: "FULL" } },
    });
    const rowsOf = async (runId: string) =>
      (await prisma.prediction.findMany({ where: { runId }, orderBy: { imageId: "asc" } })).map(
        ({ id: _id, createdAt: _at, ...row }) => row as PredictionRow,
      );
    const retrainRows = await rowsOf(retrainId);
    const manifest = full.manifest as unknown as ModelManifest & { onnx: OnnxExport };
    const result: AttemptResult = {
      models: { full: await readModelBundle(blobs, full.blobKey), head: {} },
      manifest,
      onnx: manifest.onnx,
      metrics: retrainRun.metrics as Record<string, unknown>,
      rows: retrainRows,
      seconds: {},
    };
    const members = [
      { runId: null, label: "retrain" },
      { runId: seedId, label: "seed 1" },
    ];
    const ensemble = await evaluateEnsemble({ db: prisma }, dataset, 0.5, retrainRows, members);
    expect(ensemble).not.toBeNull();
    let settling = false;
    const logged: string[] = [];
    const log = (message: string) => logged.push(message);
    pool = new ComputePool({ size: 1, log, onnxCacheDir: path.join(dataDir, "onnx-cache") });
    await pool.start();
    const worker = (await pool.acquire())!;
    const tensorsBefore = worker.numTensors;
    const retrainFiles = Object.values(result.models.full);
    await storeEnsembleModel(
      { db: prisma, blobs, log, worker },
      { lease, beginSettling: () => (settling = true) },
      ensemble!,
      { result, config: { threshold: 0.5 } },
      { search: 12.5 },
    );
    expect(settling).toBe(true);
    expect(logged.filter((line) => line.includes("no model.onnx"))).toEqual([]);
    // The model was loaded and converted on the worker, which disposed of it: this thread never
    // started a tfjs backend, and the retrain's files (still held by its result) were copied, not moved.
    expect(currentBackend()).toBeUndefined();
    expect(worker.running).toBe(false);
    expect(worker.numTensors).toBe(tensorsBefore);
    expect(retrainFiles.every((bytes) => bytes.byteLength > 0)).toBe(true);
    pool.release(worker);

    const parent = await prisma.run.findUniqueOrThrow({ where: { id: parentId } });
    expect(parent.status).toBe("SUCCEEDED");
    const metrics = parent.metrics as Record<string, unknown> & { ensemble: { members: unknown[] } };
    // One family: equal weights, a plain Average (checked on the stored model below).
    expect(metrics.ensemble.members).toEqual(members.map((m) => ({ ...m, weight: 0.5 })));
    expect((metrics.seconds as { search: number }).search).toBe(12.5);
    expect(metrics.baseline).toEqual((retrainRun.metrics as { baseline: unknown }).baseline);
    expect(await prisma.modelArtifact.count({ where: { runId: parentId, kind: "HEAD" } })).toBe(0);

    // Its predictions: the members' VAL and TEST rows averaged; the retrain's TRAIN (label-issue) rows.
    const parentRows = await rowsOf(parentId);
    const seedRows = await rowsOf(seedId);
    expect(parentRows.length).toBe(retrainRows.length);
    const byImage = (rows: PredictionRow[]) => new Map(rows.map((row) => [row.imageId, row]));
    const [retrainBy, seedBy] = [byImage(retrainRows), byImage(seedRows)];
    const scored = parentRows.filter((row) => row.split !== "TRAIN");
    expect(scored.length).toBe(16);
    for (const row of parentRows) {
      if (row.split === "TRAIN") {
        expect(row.labelIssueScore).toBe(retrainBy.get(row.imageId)!.labelIssueScore);
        continue;
      }
      const a = retrainBy.get(row.imageId)!.probabilities;
      const b = seedBy.get(row.imageId)!.probabilities;
      row.probabilities.forEach((p, c) => expect(p).toBeCloseTo((a[c]! + b[c]!) / 2, 5));
    }
    const valRows = parentRows.filter((row) => row.split === "VAL");
    expect(metrics.valAccuracy).toBeCloseTo(valRows.filter((row) => row.correct).length / valRows.length, 10);

    // The stored model is that ensemble: loaded and run on the images, it gives the stored predictions.
    const stored = await prisma.modelArtifact.findUniqueOrThrow({
      where: { runId_kind: { runId: parentId, kind: "FULL" } },
    });
    expect((stored.manifest as { ensembleMembers: number }).ensembleMembers).toBe(2);
    const files = await readModelBundle(blobs, stored.blobKey);
    // This test reads the model back as a client would, on a backend of its own.
    await initBackend("cpu");
    expect(Object.keys(files).sort()).toEqual(["manifest.json", "model.json", "model.onnx", "weights.bin"]);
    const classifier = await importModel({
      "model.json": files["model.json"]!,
      "weights.bin": files["weights.bin"]!,
      "manifest.json": files["manifest.json"]!,
    });
    try {
      expect(classifier.model.layers.at(-1)!.name).toBe(ENSEMBLE_AVERAGE_LAYER);
      const images = [...dataset.images.filter((image) => image.split === "VAL"), ...dataset.test];
      const bytes = await Promise.all(images.map((image) => readImage(blobs, image)()));
      const predicted = await predict(classifier, bytes);
      const parentBy = byImage(parentRows);
      predicted.forEach((prediction, i) => {
        const row = parentBy.get(images[i]!.id)!;
        prediction.probabilities.forEach((p, c) => expect(p).toBeCloseTo(row.probabilities[c]!, 4));
      });
    } finally {
      classifier.model.dispose();
    }
  }, 300_000);

  it("scores each validation image with the members that held it out when a seed is cross-fitted", async () => {
    const { prisma, blobs, sample } = fixture;
    // The retrain trains on TRAIN alone; the seed also on the VAL images outside fold 0 of 2.
    const trained = await fixture.trainRuns(
      "ensemble-oof",
      [
        { config: parseRunConfig({ backbone: "scratch", inputSize: 32, epochs: 2, seed: 5 }), name: "retrain" },
        {
          config: parseRunConfig({
            backbone: "scratch",
            inputSize: 32,
            epochs: 2,
            seed: 6,
            validationFold: { index: 0, count: 2 },
          }),
          name: "cross-fitted seed",
        },
      ],
      240_000,
    );
    expect(trained.map((run) => run.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const [retrainId, seedId] = trained.map((run) => run.id) as [string, string];
    const version = await prisma.datasetVersion.findUniqueOrThrow({ where: { id: sample.versionId } });
    const dataset = await loadRunDataset(version.snapshot, blobs);
    const rowsOf = async (runId: string) =>
      (await prisma.prediction.findMany({ where: { runId } })).map(
        ({ id: _id, createdAt: _at, ...row }) => row as PredictionRow,
      );
    const retrainRows = await rowsOf(retrainId);
    const seedRows = await rowsOf(seedId);
    const ensemble = await evaluateEnsemble({ db: prisma }, dataset, 0.5, retrainRows, [
      { runId: null, label: "retrain" },
      { runId: seedId, label: "seed 1" },
    ]);
    expect(ensemble).not.toBeNull();

    const folds = validationFolds(dataset.images, 2);
    const valImages = dataset.images.filter((image) => image.split === "VAL");
    // Every validation image is scored, the seed's fold by both members and the other fold (which the
    // seed trained on) by the retrain alone; test images by both.
    expect(ensemble!.val.map((s) => s.image.id).sort()).toEqual(valImages.map((image) => image.id).sort());
    expect(new Set(folds.values())).toEqual(new Set([0, 1]));
    const find = (rows: PredictionRow[], imageId: string, split: string) =>
      rows.find((row) => row.imageId === imageId && row.split === split)?.probabilities;
    for (const { image, probabilities } of ensemble!.val) {
      const a = find(retrainRows, image.id, "VAL")!;
      const b = find(seedRows, image.id, "VAL");
      if (folds.get(image.id) === 0) {
        expect(b).toBeDefined();
        Array.from(probabilities).forEach((p, c) => expect(p).toBeCloseTo((a[c]! + b![c]!) / 2, 5));
      } else {
        expect(b).toBeUndefined();
        expect(find(seedRows, image.id, "TRAIN")).toBeDefined();
        Array.from(probabilities).forEach((p, c) => expect(p).toBeCloseTo(a[c]!, 6));
      }
    }
    expect(ensemble!.test.length).toBe(dataset.test.length);
    for (const { image, probabilities } of ensemble!.test) {
      const a = find(retrainRows, image.id, "TEST")!;
      const b = find(seedRows, image.id, "TEST")!;
      Array.from(probabilities).forEach((p, c) => expect(p).toBeCloseTo((a[c]! + b[c]!) / 2, 5));
    }
    const correct = ensemble!.valMetrics!.report!.accuracy * valImages.length;
    expect(Math.abs(correct - Math.round(correct))).toBeLessThan(1e-9);
    expect(ensemble!.winnerShare).toBeNull();

    // Two families (the seed as the partner's run): the winner's share is the one of WINNER_SHARES
    // with the lowest out-of-fold validation loss, and test images get that weighted mean.
    const mixed = await evaluateEnsemble({ db: prisma }, dataset, 0.5, retrainRows, [
      { runId: null, label: "retrain", family: "winner" },
      { runId: seedId, label: "partner run", family: "partner" },
    ]);
    const share = mixed!.winnerShare!;
    expect(WINNER_SHARES).toContain(share);
    expect(mixed!.members.map((m) => m.weight)).toEqual([share, 1 - share]);
    for (const { image, probabilities } of mixed!.test) {
      const a = find(retrainRows, image.id, "TEST")!;
      const b = find(seedRows, image.id, "TEST")!;
      Array.from(probabilities).forEach((p, c) => expect(p).toBeCloseTo(share * a[c]! + (1 - share) * b[c]!, 5));
    }
    const lossAt = (w: number) => {
      let sum = 0;
      for (const image of valImages) {
        const a = find(retrainRows, image.id, "VAL")!;
        const b = folds.get(image.id) === 0 ? find(seedRows, image.id, "VAL")! : a;
        const truth = dataset.labels.indexOf(image.labels[0]!);
        sum -= Math.log(Math.max(w * a[truth]! + (1 - w) * b[truth]!, 1e-7));
      }
      return sum / valImages.length;
    };
    expect(mixed!.valLoss).toBeCloseTo(lossAt(share), 5);
    for (const other of WINNER_SHARES) expect(lossAt(other)).toBeGreaterThanOrEqual(lossAt(share) - 1e-9);
  }, 300_000);
});

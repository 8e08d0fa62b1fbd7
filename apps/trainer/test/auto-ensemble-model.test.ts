// An AUTO run that keeps its ensemble (ensemble-model.ts) ends SUCCEEDED with ONE stored model whose
// output is the mean of its members': two real runs of one recipe with different seeds are trained
// by a trainer daemon; the first stands as the AUTO run's retrain (its stored model, figures and
// predictions are what the retrain's evaluation hands over), the second as a seed. The merge and its
// ONNX conversion run on a real compute worker, as the daemon's do. The stored model is then loaded
// and run on the validation and test images against the stored predictions and the members' own.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import {
  currentBackend,
  ENSEMBLE_AVERAGE_LAYER,
  importModel,
  initBackend,
  type ModelManifest,
  predict,
} from "@headstart/ml-core";
import { claimNextRun, enqueueRun, parseRunConfig, readModelBundle } from "@headstart/runs";
import { createBlobStore, type FsBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateEnsemble, storeEnsembleModel } from "../src/auto-run/ensemble-model.ts";
import { ComputePool } from "../src/compute/pool.ts";
import type { AttemptResult, OnnxExport } from "../src/compute/protocol.ts";
import type { PredictionRow } from "../src/evaluation.ts";
import { loadRunDataset, readImage } from "../src/run-dataset.ts";

let database: TestDatabase;
let dataDir: string;
let blobs: FsBlobStore;
let sample: SampleVersion;
let trainer: TrainerProcess | null = null;
let pool: ComputePool | null = null;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-ensemble-test-"));
  blobs = createBlobStore(dataDir);
  sample = await createSampleVersion(database.prisma, blobs, { train: 8, val: 4, test: 4 });
});

afterAll(async () => {
  trainer?.kill("SIGKILL");
  await trainer?.exited;
  await pool?.close();
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("storeEnsembleModel", () => {
  it("ends the AUTO run SUCCEEDED with one model averaging its members, and predictions that model gives", async () => {
    const prisma = database.prisma;
    const childIds: string[] = [];
    for (const seed of [3, 4]) {
      const config = parseRunConfig({ backbone: "scratch", inputSize: 32, epochs: 2, seed });
      childIds.push((await enqueueRun(prisma, { ...sample, config, name: `member seed ${seed}` })).id);
    }
    trainer = await startTrainer("ensemble-1", { databaseUrl: database.url, dataDir, timing: "daemon-defaults" });
    const deadline = Date.now() + 240_000;
    for (;;) {
      const runs = await prisma.run.findMany({ where: { id: { in: childIds } } });
      if (runs.every((run) => ["SUCCEEDED", "FAILED", "CANCELLED"].includes(run.status))) {
        expect(runs.map((run) => run.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
        break;
      }
      if (Date.now() > deadline) throw new Error(`the member runs did not finish\n${trainer.output().slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Stop the daemon so the parent below is held by this test alone.
    trainer.kill("SIGKILL");
    await trainer.exited;
    trainer = null;

    const [retrainId, seedId] = childIds as [string, string];
    const parentConfig = parseRunConfig({ strategy: "AUTO", auto: { budgetSeconds: 60 }, seed: 3 });
    const { id: parentId } = await enqueueRun(prisma, { ...sample, config: parentConfig, name: "parent" });
    const lease = await claimNextRun(prisma, "ensemble-test-worker");
    expect(lease?.runId).toBe(parentId);
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
      { lease: lease!, beginSettling: () => (settling = true) },
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
    expect(metrics.ensemble.members).toEqual(members);
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
});

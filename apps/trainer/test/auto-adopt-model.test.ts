// An AUTO run whose best model by validation is a child run's (the winning trial, or the winner with
// another seed) ends SUCCEEDED with that child's model: the same model blobs, figures, epoch curves
// and predictions, copied in the run's own outcome transaction. The child is trained for real by a
// trainer daemon; the parent is claimed here, as the trainer holding an AUTO run would hold it.

import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { claimNextRun, enqueueRun, parseRunConfig } from "@headstart/runs";
import { createBlobStore, type FsBlobStore } from "@headstart/storage";
import { createSampleVersion, type SampleVersion, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adoptChildModel } from "../src/auto-run/final-model.ts";

let database: TestDatabase;
let dataDir: string;
let blobs: FsBlobStore;
let sample: SampleVersion;
let trainer: TrainerProcess | null = null;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(os.tmpdir(), "headstart-adopt-test-"));
  blobs = createBlobStore(dataDir);
  sample = await createSampleVersion(database.prisma, blobs, { train: 8, val: 4, test: 4 });
});

afterAll(async () => {
  trainer?.kill("SIGKILL");
  await trainer?.exited;
  await database?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("adoptChildModel", () => {
  it("ends the parent SUCCEEDED with the child's model, figures, curves and predictions", async () => {
    const prisma = database.prisma;
    const childConfig = parseRunConfig({ backbone: "scratch", inputSize: 32, epochs: 2, seed: 3 });
    const { id: childId } = await enqueueRun(prisma, { ...sample, config: childConfig, name: "child" });
    trainer = await startTrainer("adopt-1", { databaseUrl: database.url, dataDir, timing: "daemon-defaults" });
    const deadline = Date.now() + 180_000;
    let child = await prisma.run.findUniqueOrThrow({ where: { id: childId } });
    while (!["SUCCEEDED", "FAILED", "CANCELLED"].includes(child.status)) {
      if (Date.now() > deadline) throw new Error(`the child run did not finish\n${trainer.output().slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      child = await prisma.run.findUniqueOrThrow({ where: { id: childId } });
    }
    expect(child.status).toBe("SUCCEEDED");
    // Stop the daemon so the parent below is held by this test alone.
    trainer.kill("SIGKILL");
    await trainer.exited;
    trainer = null;

    const parentConfig = parseRunConfig({ strategy: "AUTO", auto: { budgetSeconds: 60 }, seed: 3 });
    const { id: parentId } = await enqueueRun(prisma, { ...sample, config: parentConfig, name: "parent" });
    const lease = await claimNextRun(prisma, "adopt-test-worker");
    expect(lease?.runId).toBe(parentId);
    let settling = false;
    const logged: string[] = [];
    await adoptChildModel(
      { db: prisma, blobs, log: (message) => logged.push(message) },
      { lease: lease!, beginSettling: () => (settling = true) },
      childId,
      { search: 12.5 },
    );
    expect(settling).toBe(true);

    const parent = await prisma.run.findUniqueOrThrow({ where: { id: parentId } });
    expect(parent.status).toBe("SUCCEEDED");
    const childMetrics = child.metrics as Record<string, unknown>;
    const parentMetrics = parent.metrics as Record<string, unknown>;
    expect(parentMetrics.modelFromRunId).toBe(childId);
    expect(parentMetrics.valAccuracy).toBe(childMetrics.valAccuracy);
    expect(parentMetrics.testAccuracy).toBe(childMetrics.testAccuracy);
    expect((parentMetrics.seconds as { search: number }).search).toBe(12.5);

    for (const kind of ["FULL", "HEAD"] as const) {
      const [own, theirs] = await Promise.all(
        [parentId, childId].map((runId) =>
          prisma.modelArtifact.findUniqueOrThrow({ where: { runId_kind: { runId, kind } } }),
        ),
      );
      expect(own.blobKey).toBe(theirs.blobKey);
      expect(own.manifest).toEqual(theirs.manifest);
    }
    const epochs = async (runId: string) =>
      (await prisma.epochMetric.findMany({ where: { runId }, orderBy: { epoch: "asc" } })).map(
        ({ id: _id, runId: _run, createdAt: _at, ...row }) => row,
      );
    expect(await epochs(parentId)).toEqual(await epochs(childId));
    expect((await epochs(parentId)).length).toBeGreaterThanOrEqual(1);
    const predictions = async (runId: string) =>
      (await prisma.prediction.findMany({ where: { runId }, orderBy: { imageId: "asc" } })).map(
        ({ id: _id, runId: _run, createdAt: _at, ...row }) => row,
      );
    const childPredictions = await predictions(childId);
    // Every image of the version (2 labels × (8 train + 4 val + 4 test)) has a prediction.
    expect(childPredictions.length).toBe(32);
    expect(await predictions(parentId)).toEqual(childPredictions);
  });
});

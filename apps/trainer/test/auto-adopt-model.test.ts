// An AUTO run whose best model by validation is a child run's (the winning trial, or the winner with
// another seed) ends SUCCEEDED with that child's model: the same model blobs, figures, epoch curves
// and predictions, copied in the run's own outcome transaction. The child is trained for real by a
// trainer daemon; the parent is claimed here, as the trainer holding an AUTO run would hold it.

import { parseRunConfig } from "@headstart/runs";
import { describe, expect, it } from "vitest";
import { adoptChildModel } from "../src/auto-run/final-model.ts";
import { useTrainerFixture } from "./trainer-fixture.ts";

const fixture = useTrainerFixture({ dataDirPrefix: "headstart-adopt-test-", sample: { train: 8, val: 4, test: 4 } });

describe("adoptChildModel", () => {
  it("ends the parent SUCCEEDED with the child's model, figures, curves and predictions", async () => {
    const { prisma, blobs } = fixture;
    const childConfig = parseRunConfig({ backbone: "scratch", inputSize: 32, epochs: 2, seed: 3 });
    const [child] = await fixture.trainRuns("adopt-1", [{ config: childConfig, name: "child" }], 180_000);
    expect(child!.status).toBe("SUCCEEDED");
    const childId = child!.id;
    // The daemon is stopped: the parent is held by this test alone.
    const { parentId, lease } = await fixture.claimAutoParent("adopt-test-worker");
    let settling = false;
    const logged: string[] = [];
    await adoptChildModel(
      { db: prisma, blobs, log: (message) => logged.push(message) },
      { lease, beginSettling: () => (settling = true) },
      childId,
      { search: 12.5 },
    );
    expect(settling).toBe(true);

    const parent = await prisma.run.findUniqueOrThrow({ where: { id: parentId } });
    expect(parent.status).toBe("SUCCEEDED");
    const childMetrics = child!.metrics as Record<string, unknown>;
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

// Run.labelIssues over real HTTP and Postgres: the label-issue estimates the trainer stores in
// Run.metrics.labelIssues (apps/trainer/src/compute/attempt.ts) come back as typed fields, agree with
// the run's flagged Prediction rows, are null before evaluation and for a run that ranked nothing, and
// stay inside the team. The rows and metrics are written here as the trainer writes them, so the test
// needs no training run (apps/api/test/runs/trained-run.test.ts checks a real trainer's).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
let runId: string;
let trainCount: number;
const FLAGGED = 3;

const QUERY = `query ($id: ID!) { run(id: $id) { id labelIssues {
  scored flagged folds scoreThreshold estimatedIssues estimatedErrors estimatedPrecision estimatedRecall members memberWeights } } }`;

async function createRun(): Promise<string> {
  const created = await world
    .client("EDITOR")
    .data<{ createRun: { id: string } }>(`mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`, {
      input: { versionId: sample.versionId, config: { epochs: 1, inputSize: 96 } },
    });
  return created.createRun.id;
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 6, val: 2, test: 0 });
  runId = await createRun();
  const { prisma } = api.db;
  const images = await prisma.image.findMany({
    where: { datasetId: sample.datasetId, split: "TRAIN" },
    include: { labels: { include: { label: true } } },
    orderBy: { sha256: "asc" },
  });
  trainCount = images.length;
  // Ranked by score, the first FLAGGED within the cut: the trainer's labelIssueRows.
  const scores = images.map((_, i) => 1 - (i + 1) / (images.length + 1));
  await prisma.prediction.createMany({
    data: images.map((image, i) => {
      const given = image.labels[0]!.label.name;
      const other = sample.labels.find((l) => l !== given)!;
      return {
        runId,
        imageId: image.id,
        split: "TRAIN" as const,
        givenLabel: given,
        predictedLabel: i < FLAGGED ? other : given,
        probability: 0.9,
        probabilities: sample.labels.map((l) => (l === given ? 0.5 : 0.5 / (sample.labels.length - 1))),
        correct: i >= FLAGGED,
        labelIssueScore: scores[i]!,
        suspectedLabel: other,
        labelIssueRank: i + 1,
        labelIssueFlagged: i < FLAGGED,
      };
    }),
  });
  await prisma.run.update({
    where: { id: runId },
    data: {
      status: "SUCCEEDED",
      metrics: {
        valAccuracy: 0.8,
        labelIssues: {
          candidates: FLAGGED,
          scored: images.length,
          folds: 5,
          flagged: FLAGGED,
          estimatedIssues: 7.4,
          estimatedErrors: 3.6,
          estimatedPrecision: 0.83,
          estimatedRecall: 0.71,
          scoreThreshold: scores[FLAGGED - 1]!,
          members: ["embedding_head", "pixel_lr", "pixel_gradient_lr", "patch_lr", "pixel_knn"],
          memberWeights: [0.2, 0.06, 0.44, 0.19, 0.11],
        },
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe("Run.labelIssues", () => {
  it("gives the stored estimates, consistent with the run's flagged images", async () => {
    const data = await world.client("VIEWER").data(QUERY, { id: runId });
    const issues = data.run.labelIssues;
    expect(issues).toEqual({
      scored: trainCount,
      flagged: FLAGGED,
      folds: 5,
      scoreThreshold: expect.any(Number),
      estimatedIssues: 7.4,
      estimatedErrors: 3.6,
      estimatedPrecision: 0.83,
      estimatedRecall: 0.71,
      members: ["embedding_head", "pixel_lr", "pixel_gradient_lr", "patch_lr", "pixel_knn"],
      memberWeights: [0.2, 0.06, 0.44, 0.19, 0.11],
    });
    // The cut and the threshold describe the same flagged rows that the review lists show.
    const flagged = await api.db.prisma.prediction.findMany({ where: { runId, labelIssueFlagged: true } });
    expect(flagged).toHaveLength(issues.flagged);
    expect(issues.scoreThreshold).toBeCloseTo(Math.min(...flagged.map((row) => row.labelIssueScore!)), 6);
    const unflagged = await api.db.prisma.prediction.findMany({
      where: { runId, split: "TRAIN", labelIssueFlagged: false },
    });
    for (const row of unflagged) expect(row.labelIssueScore!).toBeLessThan(issues.scoreThreshold);
  });

  it("is null before the run has evaluated and when the run ranked no training image", async () => {
    const queued = await createRun();
    const before = await world.client("VIEWER").data(QUERY, { id: queued });
    expect(before.run).toEqual({ id: queued, labelIssues: null });
    // A multilabel run (or one with a class too small for folds) stores zeros and no summary.
    await api.db.prisma.run.update({
      where: { id: queued },
      data: { status: "SUCCEEDED", metrics: { labelIssues: { candidates: 0, scored: 0, folds: 0 } } },
    });
    const none = await world.client("VIEWER").data(QUERY, { id: queued });
    expect(none.run.labelIssues).toBeNull();
  });

  it("stays inside the team", async () => {
    const outsider = await world.client("otherTeam").request(QUERY, { id: runId });
    expect(errorCode(outsider)).not.toBeNull();
    expect(outsider.body.data?.run ?? null).toBeNull();
  });
});

// A lasso on the embedding map can move images to another split: through
// reviewPredictions with MOVE_SPLIT, over real HTTP and Postgres. Each image
// gets its own decision row (the audit trail: who, when, from which split to
// which), the next frozen version holds the move, and undo puts the splits back.
// Prediction rows are written here as the trainer writes them, so no training run is needed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "./helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "./helpers/team-world.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./runs/upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
let runId: string;
let trainIds: string[];

const MUTATION = `mutation ($input: ReviewPredictionsInput!) {
  reviewPredictions(input: $input) { id action newSplit previousSplit user { email } } }`;

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 4, val: 2, test: 0 });
  const created = await world
    .client("EDITOR")
    .data<{ createRun: { id: string } }>(`mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`, {
      input: { versionId: sample.versionId, config: { epochs: 1, inputSize: 96 } },
    });
  runId = created.createRun.id;
  const { prisma } = api.db;
  const images = await prisma.image.findMany({
    where: { datasetId: sample.datasetId },
    include: { labels: { include: { label: true } } },
    orderBy: { sha256: "asc" },
  });
  await prisma.prediction.createMany({
    data: images.map((image) => {
      const given = image.labels[0]!.label.name;
      return {
        runId,
        imageId: image.id,
        split: image.split,
        givenLabel: given,
        predictedLabel: given,
        probability: 0.9,
        probabilities: sample.labels.map((l) => (l === given ? 0.9 : 0.1 / (sample.labels.length - 1))),
        correct: true,
      };
    }),
  });
  await prisma.run.update({ where: { id: runId }, data: { status: "SUCCEEDED" } });
  trainIds = images.filter((image) => image.split === "TRAIN").map((image) => image.id);
}, 120_000);

afterAll(async () => {
  await api?.close();
});

const splitsOf = async (ids: string[]) =>
  (await api.db.prisma.image.findMany({ where: { id: { in: ids } }, select: { split: true } })).map((i) => i.split);

describe("lasso -> move split", () => {
  it("moves the selection, records each move, freezes it into the next version and undoes it", async () => {
    const chosen = trainIds.slice(0, 3);
    const editor = world.client("EDITOR");
    const done = await editor.data<{
      reviewPredictions: { action: string; newSplit: string; previousSplit: string; user: { email: string } }[];
    }>(MUTATION, { input: { runId, imageIds: chosen, action: "MOVE_SPLIT", split: "TEST" } });
    expect(done.reviewPredictions).toHaveLength(3);
    for (const decision of done.reviewPredictions) {
      expect(decision).toMatchObject({ action: "MOVE_SPLIT", newSplit: "TEST", previousSplit: "TRAIN" });
      expect(decision.user.email).toBe(world.accounts.EDITOR.email);
    }
    expect(await splitsOf(chosen)).toEqual(["TEST", "TEST", "TEST"]);

    // The version frozen now holds the move; the one the run trained on keeps its own splits.
    const before = await editor.data<{ datasetVersion: { splitCounts: { train: number; test: number } } }>(
      `query ($id: ID!) { datasetVersion(id: $id) { splitCounts { train test } } }`,
      { id: sample.versionId },
    );
    const frozen = await editor.data<{ freezeDatasetVersion: { splitCounts: { train: number; test: number } } }>(
      `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { splitCounts { train test } } }`,
      { input: { datasetId: sample.datasetId, note: "moved three images to test" } },
    );
    expect(frozen.freezeDatasetVersion.splitCounts.train).toBe(before.datasetVersion.splitCounts.train - 3);
    expect(frozen.freezeDatasetVersion.splitCounts.test).toBe(before.datasetVersion.splitCounts.test + 3);

    const undone = await editor.data<{ undoLastReviewDecision: { undoneAt: string | null }[] }>(
      `mutation ($runId: ID!) { undoLastReviewDecision(runId: $runId) { undoneAt } }`,
      { runId },
    );
    expect(undone.undoLastReviewDecision).toHaveLength(3);
    expect(await splitsOf(chosen)).toEqual(["TRAIN", "TRAIN", "TRAIN"]);
  });

  it("says what is missing: a split for MOVE_SPLIT, no split for other actions", async () => {
    const editor = world.client("EDITOR");
    const missing = await editor.request(MUTATION, { input: { runId, imageIds: [trainIds[0]], action: "MOVE_SPLIT" } });
    expect(errorCode(missing)).toBe("BAD_USER_INPUT");
    expect(missing.body.errors![0]!.message).toContain("MOVE_SPLIT needs split");
    const stray = await editor.request(MUTATION, {
      input: { runId, imageIds: [trainIds[0]], action: "CONFIRM", split: "VAL" },
    });
    expect(errorCode(stray)).toBe("BAD_USER_INPUT");
    expect(stray.body.errors![0]!.message).toContain("split only goes with MOVE_SPLIT");
    expect(await splitsOf([trainIds[0]!])).toEqual(["TRAIN"]);
  });
});

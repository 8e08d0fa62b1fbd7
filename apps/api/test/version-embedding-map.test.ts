// DatasetVersion.embeddingMap over real HTTP and Postgres: a version's own map
// from the embeddings cached for its images (written here as the trainer's
// embedding cache stores them), before any run; images never embedded are
// left out; access as for the version. A lasso on it acts through review
// decisions of the version's latest finished run (reviewRunId), so its bulk
// actions leave the review page's audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "./helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "./helpers/team-world.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./runs/upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
/** Images of the version with a cached vector, and the one left without. */
let embedded: { id: string; label: string }[];

/** Little-endian float32, as the embedding cache stores vectors. */
function vectorBytes(values: number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

const QUERY = `query ($id: ID!) { datasetVersion(id: $id) { embeddingMap {
  space imageCount labels imageIds x y labelIndex mistakes suspected reviewRunId reviewable explainedVariance } } }`;

interface MapAnswer {
  datasetVersion: {
    embeddingMap: {
      space: string | null;
      imageCount: number;
      labels: string[];
      imageIds: string[];
      x: number[];
      labelIndex: number[];
      mistakes: boolean[];
      suspected: boolean[];
      reviewRunId: string | null;
      reviewable: boolean[];
      explainedVariance: number[];
    };
  };
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 4, val: 2, test: 0 });
  const images = await api.db.prisma.image.findMany({
    where: { datasetId: sample.datasetId },
    include: { labels: { include: { label: true } } },
    orderBy: { sha256: "asc" },
  });
  // Every image but the last gets a vector: one cluster per label along the first axis.
  const withVector = images.slice(0, -1);
  embedded = withVector.map((image) => ({ id: image.id, label: image.labels[0]!.label.name }));
  await api.db.prisma.embeddingCacheEntry.createMany({
    data: withVector.map((image, i) => ({
      key: `mapcheck@1/96px/none/features/original/${image.sha256}`,
      backbone: "mapcheck@1",
      dims: 4,
      vector: vectorBytes([
        image.labels[0]!.label.name === sample.labels[0] ? -2 : 2,
        0.1 * (i % 3),
        0.05 * (i % 5),
        0.01 * i,
      ]),
    })),
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe("a dataset version's own embedding map", () => {
  it("places the version's embedded images, by label, with no run marks", async () => {
    const data = await world.client("VIEWER").data<MapAnswer>(QUERY, { id: sample.versionId });
    const map = data.datasetVersion.embeddingMap;
    expect(map.space).toBe("mapcheck@1/96px/none");
    expect(map.imageCount).toBe(embedded.length + 1);
    expect([...map.imageIds].sort()).toEqual(embedded.map((e) => e.id).sort());
    expect(map.mistakes.every((m) => !m)).toBe(true);
    expect(map.suspected.every((s) => !s)).toBe(true);
    // The label clusters fall on opposite sides of the first axis.
    const sideOf = (label: number) =>
      new Set(map.x.flatMap((x, i) => (map.labelIndex[i] === label ? [Math.sign(x)] : [])));
    expect(sideOf(0).size).toBe(1);
    expect(sideOf(1).size).toBe(1);
    expect([...sideOf(0)][0]).toBe(-[...sideOf(1)][0]!);
    expect(map.explainedVariance[0]!).toBeGreaterThan(0.5);
    // No run has finished on the version: nothing to record a lasso action as.
    expect(map.reviewRunId).toBeNull();
    expect(map.reviewable.every((r) => !r)).toBe(true);
  });

  it("records a lasso action as review decisions of the version's latest finished run", async () => {
    const editor = world.client("EDITOR");
    const created = await editor.data<{ createRun: { id: string } }>(
      `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`,
      { input: { versionId: sample.versionId, config: { epochs: 1, inputSize: 96 } } },
    );
    const runId = created.createRun.id;
    const { prisma } = api.db;
    // Prediction rows as the trainer writes them, for every embedded image but the first; one wrong and
    // flagged, which the version's own map still does not mark (that is the run map's job).
    const predicted = embedded.slice(1);
    await prisma.prediction.createMany({
      data: predicted.map((image, i) => ({
        runId,
        imageId: image.id,
        split: "TRAIN" as const,
        givenLabel: image.label,
        predictedLabel: i === 0 ? sample.labels.find((l) => l !== image.label)! : image.label,
        probability: 0.9,
        probabilities: sample.labels.map(() => 1 / sample.labels.length),
        correct: i !== 0,
        labelIssueFlagged: i === 0,
      })),
    });
    await prisma.run.update({ where: { id: runId }, data: { status: "SUCCEEDED", finishedAt: new Date() } });

    const map = (await editor.data<MapAnswer>(QUERY, { id: sample.versionId })).datasetVersion.embeddingMap;
    expect(map.reviewRunId).toBe(runId);
    const reviewableIds = map.imageIds.filter((_, i) => map.reviewable[i]).sort();
    expect(reviewableIds).toEqual(predicted.map((image) => image.id).sort());
    expect(map.mistakes.every((m) => !m)).toBe(true);
    expect(map.suspected.every((s) => !s)).toBe(true);

    // What the dataset map's Exclude button sends: one audited decision per image, undone as a batch.
    const chosen = reviewableIds.slice(0, 2);
    const decided = await editor.data<{ reviewPredictions: { action: string; user: { email: string } }[] }>(
      `mutation ($input: ReviewPredictionsInput!) { reviewPredictions(input: $input) { action user { email } } }`,
      { input: { runId: map.reviewRunId, imageIds: chosen, action: "EXCLUDE" } },
    );
    expect(decided.reviewPredictions).toEqual(
      chosen.map(() => ({ action: "EXCLUDE", user: { email: world.accounts.EDITOR.email } })),
    );
    const excluded = async () =>
      (await prisma.image.findMany({ where: { id: { in: chosen } }, select: { excluded: true } })).map(
        (i) => i.excluded,
      );
    expect(await excluded()).toEqual([true, true]);
    const rows = await prisma.reviewDecision.findMany({ where: { runId, imageId: { in: chosen } } });
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.batchId)).size).toBe(1);
    expect(rows.every((row) => row.previousExcluded === false && row.userId !== null)).toBe(true);
    const undone = await editor.data<{ undoLastReviewDecision: { id: string }[] }>(
      `mutation ($runId: ID!) { undoLastReviewDecision(runId: $runId) { id } }`,
      { runId },
    );
    expect(undone.undoLastReviewDecision).toHaveLength(2);
    expect(await excluded()).toEqual([false, false]);
  });

  it("is not shown outside the team", async () => {
    const res = await world.client("otherTeam").request(QUERY, { id: sample.versionId });
    expect(errorCode(res)).not.toBeNull();
  });
});

// Review at scale over real HTTP and Postgres: every list pages through all of
// its items exactly once, filters by split and score, the suspected-issues list
// shows the flagged cut or the whole ranked tail, bulk decisions and undo.
// The Prediction rows are written here as the trainer writes them (rank, score,
// flag per training image) so the test needs no training run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
let runId: string;
/** Per label, its training image ids in the rank order written. */
const trainByLabel = new Map<string, string[]>();
const FLAGGED = 4;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { imageId: string; labelIssueRank: number | null; labelIssueFlagged: boolean; split: string } }[];
}

async function pageAll(field: string, args: string, size: number): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const data: { run: Record<string, Page> } = await world.client("VIEWER").data(
      `query ($id: ID!, $after: String) { run(id: $id) { ${field}(${args}, first: ${size}, after: $after) {
          totalCount pageInfo { hasNextPage endCursor } edges { node { imageId labelIssueRank labelIssueFlagged split } } } } }`,
      { id: runId, after },
    );
    const page = data.run[field]!;
    totals.push(page.totalCount);
    ids.push(...page.edges.map((e) => e.node.imageId));
    if (!page.pageInfo.hasNextPage) return { ids, totals };
    after = page.pageInfo.endCursor;
  }
  throw new Error("pagination did not end within 100 pages");
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 13, val: 3, test: 0 });
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
  const rows = images.map((image, i) => {
    const given = image.labels[0]!.label.name;
    const other = sample.labels.find((l) => l !== given)!;
    const p = 0.05 + (0.9 * ((i * 37) % 100)) / 100;
    const probabilities = sample.labels.map((l) => (l === given ? p : 1 - p));
    return {
      runId,
      imageId: image.id,
      split: image.split,
      givenLabel: given,
      predictedLabel: p >= 0.5 ? given : other,
      probability: Math.max(p, 1 - p),
      probabilities,
      correct: p >= 0.5,
      labelIssueScore: image.split === "TRAIN" ? 1 - p : null,
      suspectedLabel: image.split === "TRAIN" ? other : null,
      labelIssueRank: null as number | null,
      labelIssueFlagged: false,
    };
  });
  // Rank the training rows per label by score, as the trainer does over the whole run.
  const train = rows.filter((r) => r.split === "TRAIN").sort((a, b) => b.labelIssueScore! - a.labelIssueScore!);
  train.forEach((row, rank) => {
    row.labelIssueRank = rank + 1;
  });
  for (const label of sample.labels) {
    const mine = train.filter((r) => r.givenLabel === label);
    mine.slice(0, FLAGGED).forEach((r) => {
      r.labelIssueFlagged = true;
    });
    trainByLabel.set(
      label,
      mine.map((r) => r.imageId),
    );
  }
  await prisma.prediction.createMany({ data: rows });
  await prisma.run.update({ where: { id: runId }, data: { status: "SUCCEEDED" } });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe("review pagination", () => {
  it("pages through every item of every list exactly once, in order", async () => {
    const label = sample.labels[0]!;
    const ranked = trainByLabel.get(label)!;
    const tail = await pageAll("suspectedLabelIssues", `label: "${label}", includeUnflagged: true`, 5);
    expect(tail.ids).toEqual(ranked);
    expect(new Set(tail.totals)).toEqual(new Set([ranked.length]));

    const flagged = await pageAll("suspectedLabelIssues", `label: "${label}"`, 3);
    expect(flagged.ids).toEqual(ranked.slice(0, FLAGGED));

    for (const field of ["mostConfident", "leastConfident", "confidentlyWrong"]) {
      const all = await pageAll(field, `label: "${label}", split: TRAIN`, 4);
      expect(new Set(all.ids).size).toBe(all.ids.length);
      expect(all.ids.length).toBe(all.totals[0]);
      if (field !== "confidentlyWrong") expect(new Set(all.ids)).toEqual(new Set(ranked));
    }
  });

  it("filters by split and by score", async () => {
    const label = sample.labels[1]!;
    const val = await pageAll("mostConfident", `label: "${label}", split: VAL`, 10);
    expect(val.ids.length).toBe(3);
    const data = await world
      .client("VIEWER")
      .data<{ run: { suspectedLabelIssues: { edges: { node: { labelIssueScore: number } }[] } } }>(
        `query ($id: ID!) { run(id: $id) { suspectedLabelIssues(label: "${label}", includeUnflagged: true, minScore: 0.5, first: 100) {
          totalCount edges { node { imageId labelIssueScore } } } } }`,
        { id: runId },
      );
    const scores = data.run.suspectedLabelIssues.edges.map((e) => e.node.labelIssueScore);
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.length).toBeLessThan(trainByLabel.get(label)!.length);
    expect(scores.every((s) => s >= 0.5)).toBe(true);
    const low = await pageAll("suspectedLabelIssues", `label: "${label}", includeUnflagged: true, maxScore: 0.5`, 50);
    expect(low.ids.length + scores.length).toBeGreaterThanOrEqual(trainByLabel.get(label)!.length);
    expect(low.ids.length).toBeLessThan(trainByLabel.get(label)!.length);
  });
});

describe("bulk decisions and undo", () => {
  const labelsOf = async (ids: string[]) => {
    const images = await api.db.prisma.image.findMany({
      where: { id: { in: ids } },
      include: { labels: { include: { label: true } } },
    });
    return new Map(images.map((i) => [i.id, i.labels.map((l) => l.label.name)]));
  };

  it("relabels a selection with one audit row each, and one undo puts all of it back", async () => {
    const [from, to] = sample.labels as [string, string];
    const chosen = trainByLabel.get(from)!.slice(0, 3);
    const editor = world.client("EDITOR");
    const done = await editor.data<{ reviewPredictions: { id: string; action: string; newLabel: string }[] }>(
      `mutation ($input: ReviewPredictionsInput!) { reviewPredictions(input: $input) { id action newLabel } }`,
      { input: { runId, imageIds: chosen, action: "RELABEL", newLabel: to } },
    );
    expect(done.reviewPredictions.map((d) => [d.action, d.newLabel])).toEqual(chosen.map(() => ["RELABEL", to]));
    expect([...(await labelsOf(chosen)).values()]).toEqual(chosen.map(() => [to]));
    expect(await api.db.prisma.labelChange.count({ where: { imageId: { in: chosen } } })).toBe(3);

    const undone = await editor.data<{ undoLastReviewDecision: { id: string; undoneAt: string | null }[] }>(
      `mutation ($runId: ID!) { undoLastReviewDecision(runId: $runId) { id undoneAt } }`,
      { runId },
    );
    expect(undone.undoLastReviewDecision.map((d) => d.id).sort()).toEqual(
      done.reviewPredictions.map((d) => d.id).sort(),
    );
    expect(undone.undoLastReviewDecision.every((d) => d.undoneAt !== null)).toBe(true);
    expect([...(await labelsOf(chosen)).values()]).toEqual(chosen.map(() => [from]));
    // The undo is audited like any relabel: three more rows, back to the original label.
    const changes = await api.db.prisma.labelChange.findMany({ where: { imageId: { in: chosen } } });
    expect(changes.filter((c) => c.to[0] === from && c.reason?.startsWith("Undo"))).toHaveLength(3);
    const latest = await editor.data<{
      run: { suspectedLabelIssues: { edges: { node: { latestDecision: unknown } }[] } };
    }>(
      `query ($id: ID!) { run(id: $id) { suspectedLabelIssues(label: "${from}", first: 3) { edges { node { latestDecision { id } } } } } }`,
      { id: runId },
    );
    expect(latest.run.suspectedLabelIssues.edges.map((e) => e.node.latestDecision)).toEqual([null, null, null]);
  });

  it("undoes a single exclusion, then has nothing left to undo", async () => {
    const imageId = trainByLabel.get(sample.labels[1]!)![0]!;
    const editor = world.client("ADMIN");
    await editor.data(`mutation ($input: ReviewPredictionInput!) { reviewPrediction(input: $input) { id } }`, {
      input: { runId, imageId, action: "EXCLUDE" },
    });
    expect((await api.db.prisma.image.findUniqueOrThrow({ where: { id: imageId } })).excluded).toBe(true);
    await editor.data(`mutation ($runId: ID!) { undoLastReviewDecision(runId: $runId) { id } }`, { runId });
    expect((await api.db.prisma.image.findUniqueOrThrow({ where: { id: imageId } })).excluded).toBe(false);
    const none = await editor.request(`mutation ($runId: ID!) { undoLastReviewDecision(runId: $runId) { id } }`, {
      runId,
    });
    expect(errorCode(none)).toBe("BAD_USER_INPUT");
    expect(none.body.errors![0]!.message).toContain("left to undo");
  });

  it("refuses an empty or repeated selection and a VIEWER", async () => {
    const id = trainByLabel.get(sample.labels[0]!)![0]!;
    const mutation = `mutation ($input: ReviewPredictionsInput!) { reviewPredictions(input: $input) { id } }`;
    for (const imageIds of [[], [id, id]]) {
      const res = await world.client("EDITOR").request(mutation, { input: { runId, imageIds, action: "CONFIRM" } });
      expect(errorCode(res)).toBe("BAD_USER_INPUT");
    }
    const viewer = await world
      .client("VIEWER")
      .request(mutation, { input: { runId, imageIds: [id], action: "CONFIRM" } });
    expect(errorCode(viewer)).not.toBeNull();
  });
});

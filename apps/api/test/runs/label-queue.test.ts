// The unlabeled pool end to end on the real stack: images uploaded without a
// label, a run trained by a REAL trainer, its suggestions for the pool, the
// queue in margin and random order, accepting a suggestion and picking another
// label, the audit rows, and the next frozen version holding the new labels.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { binarySampleFiles, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
let trainer: TrainerProcess | null = null;
let runId: string;
/** The unlabeled files and the label each really has. */
const pool: { name: string; label: string; bytes: Buffer }[] = [];

async function uploadUnlabeled(files: { name: string; bytes: Buffer }[], fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append("file", new Blob([file.bytes], { type: "image/png" }), file.name);
  return fetch(`${api.server.origin}/upload/datasets/${sample.datasetId}/images`, {
    method: "POST",
    headers: { authorization: `Bearer ${world.accounts.EDITOR.token}` },
    body: form,
  });
}

async function waitForRun(id: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const data = await world
      .client("VIEWER")
      .data<{ run: { status: string } }>(`query ($id: ID!) { run(id: $id) { status } }`, { id });
    if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(data.run.status)) return data.run.status;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`run ${id} did not finish in 5 minutes:\n${trainer?.output()}`);
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 12, val: 4, test: 0 });
  // Unlabeled: validation images the sample did not upload (offset past the 4 used).
  for (const label of sample.labels) {
    const [, paths] = (await binarySampleFiles(label, { train: 0, val: 8, test: 0 }))[1]!;
    for (const file of paths.slice(4)) {
      pool.push({ name: `${label}-${path.basename(file)}`, label, bytes: await readFile(file) });
    }
  }
  const created = await world
    .client("EDITOR")
    .data<{ createRun: { id: string } }>(`mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`, {
      input: {
        versionId: sample.versionId,
        config: { epochs: 3, inputSize: 96, batchSize: 8, augmentation: { enabled: false }, seed: 3 },
      },
    });
  runId = created.createRun.id;
  trainer = await startTrainer("label-queue-trainer", {
    databaseUrl: api.db.url,
    dataDir: api.config.dataDir,
    timing: "daemon-defaults",
  });
  expect(await waitForRun(runId)).toBe("SUCCEEDED");
}, 400_000);

afterAll(async () => {
  await trainer?.stop();
  await api?.close();
}, 60_000);

const QUEUE = `query ($id: ID!, $order: LabelQueueOrder, $first: Int) { dataset(id: $id) { labelQueue(order: $order, first: $first) {
  totalCount suggestedCount labelledCount edges { node { imageId suggestedLabel confidence margin probabilities originalName } } } } }`;

interface QueueNode {
  imageId: string;
  suggestedLabel: string | null;
  confidence: number | null;
  margin: number | null;
  probabilities: number[];
  originalName: string | null;
}

async function queue(order: string) {
  const data = await world.client("VIEWER").data<{
    dataset: {
      labelQueue: { totalCount: number; suggestedCount: number; labelledCount: number; edges: { node: QueueNode }[] };
    };
  }>(QUEUE, { id: sample.datasetId, order, first: 100 });
  return data.dataset.labelQueue;
}

describe("the unlabeled pool and the label queue", () => {
  it("takes images without a label, refusing a label and unlabeled=true together", async () => {
    const both = await uploadUnlabeled(pool.slice(0, 1), { label: sample.labels[0]!, unlabeled: "true" });
    expect(both.status).toBe(400);
    expect(await both.text()).toContain("not both");
    const response = await uploadUnlabeled(pool, { unlabeled: "true" });
    expect(response.status).toBe(200);
    const before = await queue("MARGIN");
    expect(before).toMatchObject({ totalCount: pool.length, suggestedCount: 0, labelledCount: 0 });
    // A version frozen now leaves them out.
    const frozen = await world
      .client("EDITOR")
      .data<{ freezeDatasetVersion: { imageCount: number } }>(
        `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { imageCount } }`,
        { input: { datasetId: sample.datasetId } },
      );
    expect(frozen.freezeDatasetVersion.imageCount).toBe(2 * (12 + 4));
  });

  it("suggests labels with the latest run and orders the queue by margin, or at random", async () => {
    const viewer = await world
      .client("VIEWER")
      .request(`mutation ($input: SuggestLabelsInput!) { suggestLabels(input: $input) { suggested } }`, {
        input: { datasetId: sample.datasetId },
      });
    expect(errorCode(viewer)).not.toBeNull();
    const done = await world
      .client("EDITOR")
      .data<{ suggestLabels: { runId: string; suggested: number } }>(
        `mutation ($input: SuggestLabelsInput!) { suggestLabels(input: $input) { runId suggested } }`,
        { input: { datasetId: sample.datasetId } },
      );
    expect(done.suggestLabels).toEqual({ runId, suggested: pool.length });
    const byMargin = await queue("MARGIN");
    expect(byMargin.suggestedCount).toBe(pool.length);
    const margins = byMargin.edges.map((e) => e.node.margin!);
    expect(margins).toEqual([...margins].sort((a, b) => a - b));
    for (const { node } of byMargin.edges) {
      expect(node.probabilities).toHaveLength(2);
      expect(sample.labels).toContain(node.suggestedLabel);
      expect(node.confidence).toBeCloseTo(Math.max(...node.probabilities), 5);
    }
    const random = await queue("RANDOM");
    expect(new Set(random.edges.map((e) => e.node.imageId))).toEqual(
      new Set(byMargin.edges.map((e) => e.node.imageId)),
    );
    // The trained model is better than chance on the pool it never saw.
    const right = byMargin.edges.filter(
      (e) => pool.find((f) => f.name === e.node.originalName)!.label === e.node.suggestedLabel,
    );
    expect(right.length).toBeGreaterThan(pool.length / 2);
  });

  it("accepts a suggestion or another label with an audit row, and the next version holds both", async () => {
    const { edges } = await queue("MARGIN");
    const [first, second] = [edges[0]!.node, edges[1]!.node];
    const other = sample.labels.find((l) => l !== second.suggestedLabel)!;
    const label = `mutation ($input: LabelFromQueueInput!) { labelFromQueue(input: $input) { id labels } }`;
    const accepted = await world.client("EDITOR").data<{ labelFromQueue: { labels: string[] } }>(label, {
      input: { imageId: first.imageId, label: first.suggestedLabel },
    });
    expect(accepted.labelFromQueue.labels).toEqual([first.suggestedLabel]);
    await world.client("EDITOR").data(label, { input: { imageId: second.imageId, label: other } });
    const again = await world.client("EDITOR").request(label, { input: { imageId: first.imageId, label: other } });
    expect(errorCode(again)).toBe("CONFLICT");

    const changes = await api.db.prisma.labelChange.findMany({
      where: { imageId: { in: [first.imageId, second.imageId] } },
      include: { user: true },
    });
    const change = (id: string) => changes.find((c) => c.imageId === id)!;
    expect(change(first.imageId)).toMatchObject({
      from: [],
      to: [first.suggestedLabel],
      user: { email: world.accounts.EDITOR.email },
    });
    expect(change(first.imageId).reason).toMatch(/^Label queue: suggested .* by run .*, accepted$/);
    expect(change(second.imageId)).toMatchObject({ from: [], to: [other] });
    expect(change(second.imageId).reason).not.toContain("accepted");

    const progress = await queue("MARGIN");
    expect(progress).toMatchObject({ totalCount: pool.length - 2, labelledCount: 2 });
    const frozen = await world
      .client("EDITOR")
      .data<{ freezeDatasetVersion: { id: string; imageCount: number } }>(
        `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id imageCount } }`,
        { input: { datasetId: sample.datasetId } },
      );
    expect(frozen.freezeDatasetVersion.imageCount).toBe(2 * (12 + 4) + 2);
    const version = await api.db.prisma.datasetVersion.findUniqueOrThrow({
      where: { id: frozen.freezeDatasetVersion.id },
    });
    const images = (version.snapshot as { images: { id: string; labels: string[] }[] }).images;
    expect(images.find((i) => i.id === first.imageId)?.labels).toEqual([first.suggestedLabel]);
    expect(images.find((i) => i.id === second.imageId)?.labels).toEqual([other]);
  });

  it("shows a retrained run's lift over the previous run: accuracy, per class, label fixes applied", async () => {
    // Fix one training label the first run flagged (or its most suspicious one), freeze, retrain.
    const flagged = await api.db.prisma.prediction.findFirstOrThrow({
      where: { runId, split: "TRAIN" },
      orderBy: [{ labelIssueFlagged: "desc" }, { labelIssueRank: "asc" }],
    });
    await world
      .client("EDITOR")
      .data(`mutation ($input: ReviewPredictionInput!) { reviewPrediction(input: $input) { id } }`, {
        input: { runId, imageId: flagged.imageId, action: "RELABEL", newLabel: flagged.suspectedLabel },
      });
    const frozen = await world
      .client("EDITOR")
      .data<{ freezeDatasetVersion: { id: string; number: number } }>(
        `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id number } }`,
        { input: { datasetId: sample.datasetId } },
      );
    const created = await world
      .client("EDITOR")
      .data<{ createRun: { id: string } }>(`mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`, {
        input: {
          versionId: frozen.freezeDatasetVersion.id,
          config: { epochs: 3, inputSize: 96, batchSize: 8, augmentation: { enabled: false }, seed: 3 },
        },
      });
    expect(await waitForRun(created.createRun.id)).toBe("SUCCEEDED");
    const data = await world
      .client("VIEWER")
      .data<{ run: { lift: Record<string, unknown> & { perClass: unknown[] } } }>(
        `query ($id: ID!) { run(id: $id) { lift { previousRun { id } previousVersionNumber versionNumber split accuracy previousAccuracy
        accuracyDelta perClass { label f1 previousF1 } relabelled relabelledFlagged relabelledInSplit removed added } } }`,
        { id: created.createRun.id },
      );
    const lift = data.run.lift;
    expect(lift).toMatchObject({
      previousRun: { id: runId },
      previousVersionNumber: 1,
      versionNumber: frozen.freezeDatasetVersion.number,
      split: "VAL",
      relabelled: 1,
      relabelledFlagged: flagged.labelIssueFlagged ? 1 : 0,
      relabelledInSplit: 0,
      removed: 0,
      added: 2,
    });
    expect(lift.accuracyDelta).toBeCloseTo((lift.accuracy as number) - (lift.previousAccuracy as number), 10);
    expect(lift.perClass).toHaveLength(2);
    // The first run has no earlier version to compare with.
    const first = await world
      .client("VIEWER")
      .data<{ run: { lift: unknown } }>(`query ($id: ID!) { run(id: $id) { lift { accuracy } } }`, { id: runId });
    expect(first.run.lift).toBeNull();
  }, 300_000);
});

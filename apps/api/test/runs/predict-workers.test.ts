// Predict on the API's worker pool: a run trained by a REAL trainer on the shipped sample, then
// classified through GraphQL (ONNX sessions in the predict workers) and checked against the tfjs
// reference computed here from the same stored model; and the HTTP thread stays free while a
// 32-image batch runs.
import { blobStoreFor, readServedBundle } from "@headstart/domain";
import { importModel, initBackend, predict } from "@headstart/ml-core";
import { startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
let trainer: TrainerProcess | null = null;
let runId: string;

const PREDICT_SPLIT = `mutation ($input: PredictSplitInput!) {
  predictSplit(input: $input) { totalCount items { imageId prediction { label probabilities { label probability } } } }
}`;

async function waitForRun(id: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await world
      .client("VIEWER")
      .data<{ run: { status: string } }>(`query ($id: ID!) { run(id: $id) { status } }`, { id });
    if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(run.status)) return run.status;
    if (Date.now() > deadline) throw new Error(`run ${id} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  // 16 training images per label: one 32-image page of TRAIN for the batch predict below.
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 16, val: 4, test: 2 });
  const created = await world
    .client("EDITOR")
    .data<{ createRun: { id: string } }>(`mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`, {
      input: {
        versionId: sample.versionId,
        name: "predict workers",
        config: { epochs: 2, inputSize: 96, batchSize: 8, augmentation: { enabled: false }, seed: 5 },
      },
    });
  runId = created.createRun.id;
  trainer = await startTrainer("api-predict-workers-trainer", {
    databaseUrl: api.db.url,
    dataDir: api.config.dataDir,
    timing: "daemon-defaults",
  });
  const status = await waitForRun(runId, 240_000);
  if (status !== "SUCCEEDED") throw new Error(`the run ended ${status}\nTrainer output:\n${trainer.output()}`);
  await trainer.stop();
  trainer = null;
}, 300_000);

afterAll(async () => {
  await trainer?.stop();
  await api?.close();
}, 60_000);

describe("predict on the worker pool", () => {
  it("answers a health query within 100 ms while a 32-image batch predict runs", async () => {
    // The first predict of the run: the worker starts, loads the model and converts it to ONNX on
    // top of decoding and classifying 32 images, the longest a predict keeps a worker busy.
    const started = performance.now();
    let finished = 0;
    const batch = world
      .client("VIEWER")
      .data<any>(PREDICT_SPLIT, { input: { runId, split: "TRAIN", limit: 32 } })
      .then((result) => {
        finished = performance.now();
        return result;
      });
    const latencies: number[] = [];
    // Give the request time to reach the worker, then ask for health until the batch is done.
    await new Promise((resolve) => setTimeout(resolve, 50));
    while (!finished) {
      const asked = performance.now();
      const health = await api.http.data<{ health: { db: boolean } }>(`{ health { db } }`);
      expect(health.health.db).toBe(true);
      if (!finished || performance.now() < finished) latencies.push(performance.now() - asked);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await batch).predictSplit.items).toHaveLength(32);
    expect(latencies.length).toBeGreaterThan(0);
    // On the HTTP thread the batch (seconds here: worker start, conversion, 32 images) would hold
    // every query until it finished. Off it, queries answer as fast as the machine allows; on a
    // shared two-core machine the OS alone delays a few of them, so the bound is on the typical and
    // the 90th-percentile query rather than the single slowest.
    const sorted = [...latencies].sort((x, y) => x - y);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    expect(sorted.length).toBeGreaterThanOrEqual(3);
    expect(at(0.5)).toBeLessThan(100);
    expect(at(0.9)).toBeLessThan(100);
    // Never a stall as long as the batch itself.
    expect(sorted.at(-1)!).toBeLessThan(Math.max(500, (finished - started) / 2));
  });

  it("gives the tfjs reference's probabilities (within 1e-4) through GraphQL", async () => {
    const result = await world.client("VIEWER").data<any>(PREDICT_SPLIT, {
      input: { runId, split: "TRAIN", limit: 32 },
    });
    const items = result.predictSplit.items as Array<{
      imageId: string;
      prediction: { label: string; probabilities: { label: string; probability: number }[] };
    }>;
    expect(items).toHaveLength(32);

    // The reference: the stored model on tfjs in this thread, on the same image bytes.
    const artifact = await api.db.prisma.modelArtifact.findUniqueOrThrow({
      where: { runId_kind: { runId, kind: "FULL" } },
    });
    const blobs = blobStoreFor(api.config.dataDir);
    const bundle = await readServedBundle(blobs, artifact.blobKey);
    const images = await api.db.prisma.image.findMany({
      where: { id: { in: items.map((item) => item.imageId) } },
      select: { id: true, blobKey: true },
    });
    const blobKeys = new Map(images.map((image) => [image.id, image.blobKey]));
    const bytes = await Promise.all(items.map((item) => blobs.get(blobKeys.get(item.imageId)!)));
    await initBackend();
    const loaded = await importModel(bundle.files);
    try {
      const reference = await predict(loaded, bytes, { inference: { engine: "tfjs", log: null } });
      let worst = 0;
      items.forEach((item, i) => {
        expect(item.prediction.probabilities.map((p) => p.label)).toEqual(bundle.manifest.labels);
        item.prediction.probabilities.forEach((p, k) => {
          worst = Math.max(worst, Math.abs(p.probability - reference[i]!.probabilities[k]!));
        });
        expect(item.prediction.label).toBe(reference[i]!.label);
      });
      expect(worst).toBeLessThanOrEqual(1e-4);
    } finally {
      loaded.model.dispose();
    }
  });
});

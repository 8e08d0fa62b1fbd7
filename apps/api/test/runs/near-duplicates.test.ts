// Near-duplicates and leaks on the real stack: a training image re-encoded with
// one pixel changed (so the hash check lets it in) is uploaded to TEST, a REAL
// trainer trains on the version (caching every image's embedding), and the
// version's data quality lists the pair as a leak across splits; freezing the
// next version answers with the same warning.
import { readFile } from "node:fs/promises";
import { binarySampleFiles, startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
let trainer: TrainerProcess | null = null;
let versionId: string;
let originalId: string;
let copyId: string;

const QUALITY = `dataQuality { space imageCount checked threshold leaks { imageIds splits leak maxSimilarity } groups { imageIds leak } outliers { imageId score } }`;

interface Quality {
  space: string | null;
  imageCount: number;
  checked: number;
  threshold: number;
  leaks: { imageIds: string[]; splits: string[]; leak: boolean; maxSimilarity: number }[];
  groups: { imageIds: string[]; leak: boolean }[];
}

/** The same picture with one pixel changed, re-encoded: a new hash, (almost) the same embedding. */
async function nearCopy(bytes: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  data[0] = data[0]! > 127 ? data[0]! - 20 : data[0]! + 20;
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .png()
    .toBuffer();
}

async function freeze(): Promise<{ id: string; dataQuality: Quality }> {
  const data = await world
    .client("EDITOR")
    .data<{ freezeDatasetVersion: { id: string; dataQuality: Quality } }>(
      `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id ${QUALITY} } }`,
      { input: { datasetId: sample.datasetId } },
    );
  return data.freezeDatasetVersion;
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 10, val: 4, test: 0 });
  const label = sample.labels[0]!;
  const [, trainPaths] = (await binarySampleFiles(label, { train: 1, val: 0, test: 0 }))[0]!;
  const original = await readFile(trainPaths[0]!);
  const form = new FormData();
  form.append("label", label);
  form.append("split", "TEST");
  form.append("file", new Blob([await nearCopy(original)], { type: "image/png" }), "planted-copy.png");
  const response = await fetch(`${api.server.origin}/upload/datasets/${sample.datasetId}/images`, {
    method: "POST",
    headers: { authorization: `Bearer ${world.accounts.EDITOR.token}` },
    body: form,
  });
  const report = (await response.json()) as { stored: { imageId: string }[] };
  expect(report.stored).toHaveLength(1);
  copyId = report.stored[0]!.imageId;
  const images = await api.db.prisma.image.findMany({
    where: { datasetId: sample.datasetId, originalName: { not: "planted-copy.png" } },
  });
  const { createHash } = await import("node:crypto");
  const sha = createHash("sha256").update(original).digest("hex");
  originalId = images.find((image) => image.sha256 === sha)!.id;

  const version = await freeze();
  versionId = version.id;
  // Nothing embedded yet: nothing to compare, and the answer says so.
  expect(version.dataQuality).toMatchObject({ space: null, checked: 0, leaks: [] });
  const created = await world
    .client("EDITOR")
    .data<{ createRun: { id: string } }>(`mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`, {
      input: { versionId, config: { epochs: 1, inputSize: 96, batchSize: 8, augmentation: { enabled: false } } },
    });
  trainer = await startTrainer("near-duplicates-trainer", {
    databaseUrl: api.db.url,
    dataDir: api.config.dataDir,
    timing: "daemon-defaults",
  });
  for (let i = 0; ; i++) {
    const data = await world
      .client("VIEWER")
      .data<{ run: { status: string } }>(`query ($id: ID!) { run(id: $id) { status } }`, { id: created.createRun.id });
    if (data.run.status === "SUCCEEDED") break;
    if (["FAILED", "CANCELLED"].includes(data.run.status) || i > 600) {
      throw new Error(`run ended ${data.run.status}:\n${trainer.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 400_000);

afterAll(async () => {
  await trainer?.stop();
  await api?.close();
}, 60_000);

describe("near-duplicates and leaks", () => {
  it("flags the planted copy across train and test over the cached embeddings", async () => {
    const data = await world
      .client("VIEWER")
      .data<{ datasetVersion: { dataQuality: Quality } }>(
        `query ($id: ID!) { datasetVersion(id: $id) { ${QUALITY} } }`,
        { id: versionId },
      );
    const quality = data.datasetVersion.dataQuality;
    expect(quality.space).toMatch(/^mobilenet_v2@.*\/96px\//);
    expect(quality.checked).toBe(quality.imageCount);
    const leak = quality.leaks.find((g) => g.imageIds.includes(copyId));
    expect(leak).toBeDefined();
    expect(new Set(leak!.imageIds)).toEqual(new Set([originalId, copyId]));
    expect(new Set(leak!.splits)).toEqual(new Set(["TRAIN", "TEST"]));
    expect(leak!.maxSimilarity).toBeGreaterThanOrEqual(quality.threshold);
    // Distinct sample images do not pair up at the default threshold.
    expect(quality.leaks).toHaveLength(1);
  });

  it("warns about the leak when the next version is frozen", async () => {
    const next = await freeze();
    expect(next.dataQuality.leaks.map((g) => new Set(g.imageIds))).toEqual([new Set([originalId, copyId])]);
  });
});

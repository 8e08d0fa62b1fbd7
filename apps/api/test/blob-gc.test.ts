// Deleting a run or a dataset leaves no file behind that nothing references,
// and never removes one that something still does: checked by listing the
// blob store before and after. Model files are written the way the trainer
// writes them (@headstart/runs' storeModelBundle, then ModelArtifact rows),
// images through the real upload route, deletions through GraphQL.
import { readdir, readFile, utimes } from "node:fs/promises";
import path from "node:path";
import { sweepUnreferencedBlobs } from "@headstart/domain";
import { SAMPLE_DATA_DIR } from "@headstart/ml-core";
import { claimNextRun, finishRun, storeModelBundle } from "@headstart/runs";
import { createBlobStore, type FsBlobStore } from "@headstart/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createTeam, signUp, type TestAccount } from "./helpers/accounts.ts";
import { errorCode, type GraphQLClient } from "./helpers/http-client.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";

const SAMPLE = path.join(SAMPLE_DATA_DIR, "binary", "train");

let api: TestApi;
let owner: TestAccount;
let client: GraphQLClient;
let teamId: string;
let store: FsBlobStore;
let images: { label: string; name: string; bytes: Buffer }[];

beforeAll(async () => {
  api = await startTestApi();
  owner = await signUp(api, "gc-owner");
  client = api.http.as(owner.credential);
  teamId = await createTeam(api, owner, "GC Lab");
  store = createBlobStore(api.config.dataDir);
  images = [];
  for (const label of ["sneaker", "ankle_boot"]) {
    const names = (await readdir(path.join(SAMPLE, label))).sort().slice(0, 12);
    for (const name of names) images.push({ label, name, bytes: await readFile(path.join(SAMPLE, label, name)) });
  }
});
afterAll(async () => {
  await api?.close();
});

async function storedKeys(): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const blob of store.list()) keys.add(blob.key);
  return keys;
}

let datasets = 0;
async function createDataset(): Promise<string> {
  const data = await client.data<{ createDataset: { id: string } }>(
    `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
    { input: { teamId, name: `gc-${++datasets}`, task: "BINARY", labels: ["sneaker", "ankle_boot"] } },
  );
  return data.createDataset.id;
}

async function upload(
  datasetId: string,
  files: typeof images,
  split: "TRAIN" | "VAL" = "TRAIN",
): Promise<{ stored: unknown[]; duplicates: unknown[] }> {
  const form = new FormData();
  form.append("label", files[0]!.label);
  form.append("split", split);
  for (const file of files) form.append("file", new Blob([file.bytes], { type: "image/png" }), file.name);
  const response = await fetch(`${api.server.origin}/upload/datasets/${datasetId}/images`, {
    method: "POST",
    headers: { authorization: `Bearer ${owner.token}` },
    body: form,
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`Upload failed with HTTP ${response.status}: ${body}`);
  return JSON.parse(body);
}

async function imageKeys(datasetId: string): Promise<string[]> {
  const rows = await api.db.prisma.image.findMany({ where: { datasetId }, select: { blobKey: true } });
  return rows.map((row) => row.blobKey);
}

/** A run on the dataset, trained as far as the blob store is concerned: two model bundles and a checkpoint. */
async function finishedRun(datasetId: string, weights: Buffer): Promise<{ runId: string; keys: string[] }> {
  const frozen = await client.data<{ freezeDatasetVersion: { id: string } }>(
    `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id } }`,
    { input: { datasetId } },
  );
  const created = await client.data<{ createRun: { id: string } }>(
    `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`,
    { input: { versionId: frozen.freezeDatasetVersion.id, config: { epochs: 1 } } },
  );
  const runId = created.createRun.id;
  const prisma = api.db.prisma;
  const lease = await claimNextRun(prisma, "gc-test-trainer");
  expect(lease?.runId).toBe(runId);
  // The manifest is the same for every run here: one file two bundles share.
  const manifest = Buffer.from(JSON.stringify({ format: "test-manifest" }));
  const full = await storeModelBundle(store, {
    "model.json": Buffer.from(`{"run":"${runId}"}`),
    "weights.bin": weights,
    "manifest.json": manifest,
  });
  const head = await storeModelBundle(store, {
    "head.bin": Buffer.concat([weights, Buffer.from("head")]),
    "manifest.json": manifest,
  });
  const checkpoint = await store.put(Buffer.from(`checkpoint of ${runId}`));
  for (const [kind, stored] of [
    ["FULL", { blobKey: full.blobKey, byteSize: full.byteSize }],
    ["HEAD", { blobKey: head.blobKey, byteSize: head.byteSize }],
    ["CHECKPOINT", { blobKey: checkpoint.key, byteSize: checkpoint.size }],
  ] as const) {
    await prisma.modelArtifact.create({ data: { runId, kind, ...stored, manifest: {} } });
  }
  await finishRun(prisma, lease!, { status: "SUCCEEDED", metrics: {} });
  return { runId, keys: [...new Set([...full.blobKeys, ...head.blobKeys, checkpoint.key])] };
}

const DELETE_RUN = `mutation ($input: RunIdInput!) { deleteRun(input: $input) { runId } }`;
const DELETE_DATASET = `mutation ($input: DeleteDatasetInput!) { deleteDataset(input: $input) { datasetId } }`;

describe("blob garbage collection", () => {
  it("deleteRun removes the run's model and checkpoint files and keeps files another run shares", async () => {
    const datasetId = await createDataset();
    await upload(datasetId, images.slice(0, 3));
    await upload(datasetId, images.slice(12, 15));
    // A run needs validation images of both labels.
    await upload(datasetId, [images[3]!], "VAL");
    await upload(datasetId, [images[15]!], "VAL");
    const uploaded = await imageKeys(datasetId);
    const first = await finishedRun(datasetId, Buffer.from("weights of the first run"));
    const second = await finishedRun(datasetId, Buffer.from("weights of the second run"));
    const shared = first.keys.filter((key) => second.keys.includes(key));
    expect(shared).toHaveLength(1); // manifest.json
    const before = await storedKeys();
    for (const key of [...uploaded, ...first.keys, ...second.keys]) expect(before.has(key)).toBe(true);

    // Access rules as for deleting a dataset: an EDITOR may not; a running run must be cancelled first.
    const response = await client.request(DELETE_RUN, { input: { runId: first.runId } });
    expect(errorCode(response)).toBeNull();
    const after = await storedKeys();
    const gone = first.keys.filter((key) => !shared.includes(key));
    expect(before.size - after.size).toBe(gone.length);
    for (const key of gone) expect(after.has(key)).toBe(false);
    for (const key of [...uploaded, ...second.keys]) expect(after.has(key)).toBe(true);
    expect(await api.db.prisma.run.count({ where: { id: first.runId } })).toBe(0);

    // The dataset's deletion takes everything that is left of it: images, the other run, the shared file.
    expect(errorCode(await client.request(DELETE_DATASET, { input: { datasetId } }))).toBeNull();
    const end = await storedKeys();
    for (const key of [...uploaded, ...second.keys]) expect(end.has(key)).toBe(false);
    expect(before.size - end.size).toBe(new Set([...uploaded, ...first.keys, ...second.keys]).size);
  });

  it("refuses to delete a queued run and lets only an ADMIN delete one", async () => {
    const datasetId = await createDataset();
    await upload(datasetId, [images[4]!]);
    await upload(datasetId, [images[16]!]);
    await upload(datasetId, [images[11]!], "VAL");
    await upload(datasetId, [images[17]!], "VAL");
    const frozen = await client.data<{ freezeDatasetVersion: { id: string } }>(
      `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id } }`,
      { input: { datasetId } },
    );
    const queued = await client.data<{ createRun: { id: string } }>(
      `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`,
      { input: { versionId: frozen.freezeDatasetVersion.id, config: { epochs: 1 } } },
    );
    const refused = await client.request(DELETE_RUN, { input: { runId: queued.createRun.id } });
    expect(errorCode(refused)).toBe("CONFLICT");
    expect(refused.body.errors?.[0].message).toMatch(/cancel it first/);
    const editor = await signUp(api, "gc-editor");
    await addMember(api, owner, teamId, editor, "EDITOR");
    const notAdmin = await api.http
      .as(editor.credential)
      .request(DELETE_RUN, { input: { runId: queued.createRun.id } });
    expect(errorCode(notAdmin)).toBe("FORBIDDEN");
    const outsider = await signUp(api, "gc-outsider");
    const hidden = await api.http
      .as(outsider.credential)
      .request(DELETE_RUN, { input: { runId: queued.createRun.id } });
    expect(errorCode(hidden)).toBe("NOT_FOUND");
    await client.data(`mutation ($input: RunIdInput!) { cancelRun(input: $input) { outcome } }`, {
      input: { runId: queued.createRun.id },
    });
    expect(errorCode(await client.request(DELETE_RUN, { input: { runId: queued.createRun.id } }))).toBeNull();
    expect(errorCode(await client.request(DELETE_DATASET, { input: { datasetId } }))).toBeNull();
  });

  it("keeps a blob when the same bytes are uploaded to another dataset while the first is deleted", async () => {
    const keeper = await createDataset();
    const rounds = 6;
    for (let round = 0; round < rounds; round++) {
      const file = images[5 + round]!;
      const doomed = await createDataset();
      await upload(doomed, [file]);
      const [key] = await imageKeys(doomed);
      // Both at once: the deletion releases the blob while the upload of identical bytes references it again.
      const [deleted, uploaded] = await Promise.all([
        client.request(DELETE_DATASET, { input: { datasetId: doomed } }),
        upload(keeper, [file]),
      ]);
      expect(errorCode(deleted)).toBeNull();
      expect(uploaded.stored.length + uploaded.duplicates.length).toBe(1);
      expect(await imageKeys(keeper)).toContain(key);
      expect((await storedKeys()).has(key!)).toBe(true);
    }
    // Nothing of the deleted datasets is left: the store holds exactly the keeper's images.
    const keys = await imageKeys(keeper);
    expect(keys).toHaveLength(rounds);
    const stored = await storedKeys();
    for (const key of keys) expect(stored.has(key)).toBe(true);
    expect(errorCode(await client.request(DELETE_DATASET, { input: { datasetId: keeper } }))).toBeNull();
    for (const key of keys) expect((await storedKeys()).has(key)).toBe(false);
  });

  it("sweeps old unreferenced blobs and leaves young ones and referenced ones alone", async () => {
    const datasetId = await createDataset();
    await upload(datasetId, images.slice(20, 22));
    const referenced = await imageKeys(datasetId);
    const oldStray = await store.put(Buffer.from("a stray blob from a crashed write"));
    const youngStray = await store.put(Buffer.from("a blob whose row is still being written"));
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    for (const key of [oldStray.key, ...referenced]) await utimes(store.pathFor(key), twoDaysAgo, twoDaysAgo);

    const report = await sweepUnreferencedBlobs(api.db.prisma, store, { minAgeMs: 6 * 3600_000 });
    expect(report.deleted).toBe(1);
    const after = await storedKeys();
    expect(after.has(oldStray.key)).toBe(false);
    expect(after.has(youngStray.key)).toBe(true);
    for (const key of referenced) expect(after.has(key)).toBe(true);
    await store.delete(youngStray.key);
    expect(errorCode(await client.request(DELETE_DATASET, { input: { datasetId } }))).toBeNull();
  });
});

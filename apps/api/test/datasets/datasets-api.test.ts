// The dataset workflow end to end over real HTTP: GraphQL for metadata,
// multipart and zip uploads for bytes, image and thumbnail URLs for reading.
import { readdir } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, type GraphQLClient } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { makeImage } from "./fixtures/images.ts";
import { fetchFile, uploadImages, uploadZip } from "./fixtures/upload-client.ts";
import { buildZip } from "./fixtures/zip-writer.ts";

let api: TestApi;
let world: TeamWorld;
let editor: GraphQLClient;

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  editor = world.client("EDITOR");
});
afterAll(async () => {
  await api?.close();
});

const CREATE = `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id name task labels { name position } } }`;
const DATASET = `query ($id: ID!, $filter: ImageFilter) {
  dataset(id: $id) {
    id name
    stats { images { train val test total } excluded labels { label train val test total } }
    images(first: 30, filter: $filter) { edges { node { id labels split excluded mime width height url thumbnailUrl originalName } } }
  }
}`;

async function createDataset(name: string, labels = ["cat", "dog"], task = "MULTICLASS"): Promise<string> {
  const data = await editor.data<{ createDataset: { id: string } }>(CREATE, {
    input: { teamId: world.teamId, name, task, labels },
  });
  return data.createDataset.id;
}

async function blobFiles(): Promise<string[]> {
  const root = path.join(api.config.dataDir, "blobs");
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.name === ".tmp") continue;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name));
      else out.push(entry.name);
    }
  };
  await walk(root);
  return out;
}

describe("datasets over GraphQL", () => {
  it("creates, lists with cursors, renames and extends labels", async () => {
    const created = await editor.data<{
      createDataset: { name: string; task: string; labels: Array<{ name: string; position: number }> };
    }>(CREATE, {
      input: { teamId: world.teamId, name: "Defects", task: "BINARY", labels: ["ok", "defect"] },
    });
    expect(created.createDataset).toMatchObject({
      name: "Defects",
      task: "BINARY",
      labels: [
        { name: "ok", position: 0 },
        { name: "defect", position: 1 },
      ],
    });
    await createDataset("Second");

    const page1 = await editor.data<any>(
      `query ($id: ID!) { team(id: $id) { datasets(first: 1) { edges { node { name } } pageInfo { hasNextPage endCursor } } } }`,
      {
        id: world.teamId,
      },
    );
    expect(page1.team.datasets.edges.map((e: any) => e.node.name)).toEqual(["Defects"]);
    expect(page1.team.datasets.pageInfo.hasNextPage).toBe(true);
    const page2 = await editor.data<any>(
      `query ($id: ID!, $after: String) { team(id: $id) { datasets(first: 5, after: $after) { edges { node { name } } } } }`,
      {
        id: world.teamId,
        after: page1.team.datasets.pageInfo.endCursor,
      },
    );
    expect(page2.team.datasets.edges.map((e: any) => e.node.name)).toEqual(["Second"]);
    const tooBig = await editor.request(
      `query ($id: ID!) { team(id: $id) { datasets(first: 1000) { edges { node { id } } } } }`,
      { id: world.teamId },
    );
    expect(errorCode(tooBig)).toBe("BAD_USER_INPUT");

    const duplicate = await editor.request(CREATE, {
      input: { teamId: world.teamId, name: "Defects", task: "MULTICLASS", labels: ["a", "b"] },
    });
    expect(errorCode(duplicate)).toBe("CONFLICT");

    const id = await createDataset("To rename");
    const renamed = await editor.data<any>(
      `mutation ($input: RenameDatasetInput!) { renameDataset(input: $input) { name } }`,
      {
        input: { datasetId: id, name: "Renamed" },
      },
    );
    expect(renamed.renameDataset.name).toBe("Renamed");
    const extended = await editor.data<any>(
      `mutation ($input: AddDatasetLabelsInput!) { addDatasetLabels(input: $input) { labels { name position } } }`,
      {
        input: { datasetId: id, labels: ["bird"] },
      },
    );
    expect(extended.addDatasetLabels.labels.map((l: any) => l.name)).toEqual(["cat", "dog", "bird"]);
  });
});

describe("uploads and image URLs", () => {
  it("stores good files, reports duplicates and bad files by name, and serves originals and thumbnails", async () => {
    const datasetId = await createDataset("Uploads");
    const cat1 = await makeImage(11, "jpeg", { width: 640, height: 480 });
    const cat2 = await makeImage(12, "webp");
    const response = await uploadImages(api.server.origin, world.credential("EDITOR"), datasetId, {
      labels: ["cat"],
      split: "val",
      files: [
        { name: "cat1.jpg", bytes: cat1 },
        { name: "cat2.webp", bytes: cat2 },
        { name: "again.jpg", bytes: cat1 },
        { name: "notes.png", bytes: Buffer.from("plain text pretending to be a png") },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.stored?.map((s) => s.name)).toEqual(["cat1.jpg", "cat2.webp"]);
    expect(response.body.duplicates).toEqual([
      { name: "again.jpg", existingImageId: response.body.stored![0].imageId, sha256: response.body.stored![0].sha256 },
    ]);
    expect(response.body.rejected?.map((r) => [r.name, r.code])).toEqual([["notes.png", "UNSUPPORTED_FORMAT"]]);

    const data = await editor.data<any>(DATASET, { id: datasetId });
    const images = data.dataset.images.edges.map((e: any) => e.node);
    expect(images).toHaveLength(2);
    expect(images[0]).toMatchObject({
      labels: ["cat"],
      split: "VAL",
      mime: "image/jpeg",
      width: 640,
      height: 480,
      originalName: "cat1.jpg",
    });
    expect(data.dataset.stats.labels).toEqual([
      { label: "cat", train: 0, val: 2, test: 0, total: 2 },
      { label: "dog", train: 0, val: 0, test: 0, total: 0 },
    ]);

    const original = await fetchFile(api.server.origin, world.credential("VIEWER"), images[0].url);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/jpeg");
    expect(original.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await original.arrayBuffer())).toEqual(cat1);
    const etag = original.headers.get("etag")!;
    const cached = await fetchFile(api.server.origin, world.credential("VIEWER"), images[0].url, {
      "if-none-match": etag,
    });
    expect(cached.status).toBe(304);

    const thumbnail = await fetchFile(api.server.origin, world.credential("VIEWER"), images[0].thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 256, 192]);
  });

  it("imports a zip in the Keras layout and splits a single-root tree with the given seed and ratios", async () => {
    const datasetId = await createDataset("Zipped");
    const entries = [];
    for (let i = 0; i < 10; i++) {
      entries.push({ name: `pets/cat/${i}.png`, data: await makeImage(100 + i) });
      entries.push({ name: `pets/dog/${i}.png`, data: await makeImage(200 + i), deflate: true });
    }
    const response = await uploadZip(api.server.origin, world.credential("EDITOR"), datasetId, buildZip(entries), {
      seed: "5",
      ratios: "60,20,20",
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      layout: "SINGLE_ROOT",
      splitOfNewImages: { TRAIN: 12, VAL: 4, TEST: 4 },
      rejected: [],
      duplicates: [],
    });
    expect(response.body.stored).toHaveLength(20);
    const data = await editor.data<any>(DATASET, { id: datasetId });
    expect(data.dataset.stats.labels).toEqual([
      { label: "cat", train: 6, val: 2, test: 2, total: 10 },
      { label: "dog", train: 6, val: 2, test: 2, total: 10 },
    ]);

    const notZip = await uploadZip(
      api.server.origin,
      world.credential("EDITOR"),
      datasetId,
      Buffer.from("not a zip at all"),
    );
    expect(notZip.status).toBe(400);
    expect(notZip.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "NOT_A_ZIP" });
    expect(await readdir(path.join(api.config.dataDir, "tmp"))).toEqual([]);
  });
});

describe("splits, relabels and versions over GraphQL", () => {
  it("relabels with an audit trail, moves and excludes images, freezes versions and diffs them", async () => {
    const datasetId = await createDataset("Lifecycle");
    const files = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => ({ name: `${i}.png`, bytes: await makeImage(300 + i) })),
    );
    await uploadImages(api.server.origin, world.credential("EDITOR"), datasetId, {
      labels: ["cat"],
      files: files.slice(0, 5),
    });
    await uploadImages(api.server.origin, world.credential("EDITOR"), datasetId, {
      labels: ["dog"],
      files: files.slice(5),
    });

    const split = await editor.data<any>(
      `mutation ($input: SplitDatasetInput!) { splitDataset(input: $input) { stats { images { train val test } } } }`,
      {
        input: { datasetId, ratios: { train: 3, val: 1, test: 1 }, seed: 42 },
      },
    );
    expect(split.splitDataset.stats.images).toEqual({ train: 6, val: 2, test: 2 });

    const v1 = await editor.data<any>(
      `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id number imageCount labels splitCounts { train val test } } }`,
      {
        input: { datasetId, note: "baseline" },
      },
    );
    expect(v1.freezeDatasetVersion).toMatchObject({
      number: 1,
      imageCount: 10,
      labels: ["cat", "dog"],
      splitCounts: { train: 6, val: 2, test: 2 },
    });

    const list = await editor.data<any>(DATASET, { id: datasetId, filter: { label: "cat" } });
    const [first, second, third] = list.dataset.images.edges.map((e: any) => e.node);
    const relabelled = await editor.data<any>(
      `mutation ($input: RelabelImageInput!) { relabelImage(input: $input) { labels labelChanges { edges { node { from to reason user { email } } } } } }`,
      { input: { imageId: first.id, labels: ["dog"], reason: "clearly a dog" } },
    );
    expect(relabelled.relabelImage.labels).toEqual(["dog"]);
    expect(relabelled.relabelImage.labelChanges.edges.map((e: any) => e.node)).toEqual([
      { from: ["cat"], to: ["dog"], reason: "clearly a dog", user: { email: world.accounts.EDITOR.email } },
    ]);
    const unknown = await editor.request(
      `mutation ($input: RelabelImageInput!) { relabelImage(input: $input) { id } }`,
      {
        input: { imageId: first.id, labels: ["horse"] },
      },
    );
    expect(errorCode(unknown)).toBe("BAD_USER_INPUT");

    const target = second.split === "TEST" ? "VAL" : "TEST";
    const moved = await editor.data<any>(`mutation ($input: MoveImageInput!) { moveImage(input: $input) { split } }`, {
      input: { imageId: second.id, split: target },
    });
    expect(moved.moveImage.split).toBe(target);
    await editor.data(`mutation ($input: SetImageExcludedInput!) { setImageExcluded(input: $input) { excluded } }`, {
      input: { imageId: third.id, excluded: true },
    });
    await uploadImages(api.server.origin, world.credential("EDITOR"), datasetId, {
      labels: ["cat"],
      split: "train",
      files: [{ name: "new.png", bytes: await makeImage(399) }],
    });

    const v2 = await editor.data<any>(
      `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id number imageCount } }`,
      { input: { datasetId } },
    );
    expect(v2.freezeDatasetVersion).toMatchObject({ number: 2, imageCount: 10 });

    const diff = await editor.data<any>(
      `query ($from: ID!, $to: ID!) { datasetVersionDiff(fromId: $from, toId: $to) {
        addedCount removedCount relabelledCount movedCount
        added { labels split } removed { id } relabelled { id from to } moved { id from to } } }`,
      { from: v1.freezeDatasetVersion.id, to: v2.freezeDatasetVersion.id },
    );
    expect(diff.datasetVersionDiff).toMatchObject({
      addedCount: 1,
      removedCount: 1,
      relabelledCount: 1,
      movedCount: 1,
      added: [{ labels: ["cat"], split: "TRAIN" }],
      removed: [{ id: third.id }],
      relabelled: [{ id: first.id, from: ["cat"], to: ["dog"] }],
      moved: [{ id: second.id, from: second.split, to: target }],
    });

    // Re-splitting afterwards leaves both frozen versions exactly as they were.
    await editor.data(`mutation ($input: SplitDatasetInput!) { splitDataset(input: $input) { id } }`, {
      input: { datasetId, seed: 7 },
    });
    const again = await editor.data<any>(
      `query ($id: ID!) { datasetVersion(id: $id) { splitCounts { train val test } } }`,
      { id: v1.freezeDatasetVersion.id },
    );
    expect(again.datasetVersion.splitCounts).toEqual({ train: 6, val: 2, test: 2 });
    const versions = await editor.data<any>(
      `query ($id: ID!) { dataset(id: $id) { versions { edges { node { number note } } } } }`,
      { id: datasetId },
    );
    expect(versions.dataset.versions.edges.map((e: any) => e.node)).toEqual([
      { number: 1, note: "baseline" },
      { number: 2, note: null },
    ]);
  });

  it("deletes a dataset with its images and the blobs no one else uses", async () => {
    const keep = await createDataset("Keeps a shared blob");
    const doomed = await createDataset("Doomed");
    const shared = await makeImage(900);
    const own = await makeImage(901);
    await uploadImages(api.server.origin, world.credential("EDITOR"), keep, {
      labels: ["cat"],
      files: [{ name: "s.png", bytes: shared }],
    });
    const uploaded = await uploadImages(api.server.origin, world.credential("EDITOR"), doomed, {
      labels: ["cat"],
      files: [
        { name: "s.png", bytes: shared },
        { name: "o.png", bytes: own },
      ],
    });
    const [sharedKey, ownKey] = uploaded.body.stored!.map((s) => s.sha256);
    expect(await blobFiles()).toEqual(expect.arrayContaining([sharedKey, ownKey]));

    const denied = await editor.request(
      `mutation ($input: DeleteDatasetInput!) { deleteDataset(input: $input) { datasetId } }`,
      { input: { datasetId: doomed } },
    );
    expect(errorCode(denied)).toBe("FORBIDDEN");
    await world
      .client("ADMIN")
      .data(`mutation ($input: DeleteDatasetInput!) { deleteDataset(input: $input) { datasetId } }`, {
        input: { datasetId: doomed },
      });
    const gone = await editor.request(`query ($id: ID!) { dataset(id: $id) { id } }`, { id: doomed });
    expect(errorCode(gone)).toBe("NOT_FOUND");
    const files = await blobFiles();
    expect(files).toContain(sharedKey);
    expect(files).not.toContain(ownKey);
  });
});

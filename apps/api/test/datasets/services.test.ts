// The dataset services against a real Postgres and a real blob store on disk.
// (The HTTP and GraphQL tests cover the same rules end to end; these pin the
// invariants between rows and blobs directly.)
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import {
  addLabels,
  createDataset,
  DEFAULT_UPLOAD_LIMITS,
  datasetStats,
  deleteDataset,
  diffVersions,
  freezeVersion,
  type IngestDeps,
  type IngestTarget,
  importFolder,
  importZipFile,
  ingestImage,
  loadIngestTarget,
  moveImage,
  RejectedFileError,
  relabelImage,
  renameDataset,
  resplitImages,
} from "@headstart/domain";
import { parseDatasetSnapshot } from "@headstart/runs";
import { FsBlobStore } from "@headstart/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeImage, makePngBomb } from "./fixtures/images.ts";
import { buildZip } from "./fixtures/zip-writer.ts";

let db: TestDatabase;
let dir: string;
let blobs: FsBlobStore;
let deps: IngestDeps;
let teamId: string;
let userId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "headstart-datasets-"));
  blobs = new FsBlobStore(path.join(dir, "blobs"));
  deps = { prisma: db.prisma, blobs, limits: { ...DEFAULT_UPLOAD_LIMITS, maxFileBytes: 2 * 1024 * 1024 } };
  teamId = (await db.prisma.team.create({ data: { name: "Lab", slug: "lab" } })).id;
  userId = (await db.prisma.user.create({ data: { email: "ada@example.com", passwordHash: "not-used-here" } })).id;
});

afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function newDataset(
  name: string,
  labels = ["cat", "dog"],
  task: "MULTICLASS" | "BINARY" | "MULTILABEL" = "MULTICLASS",
) {
  const dataset = await createDataset(db.prisma, { teamId, name, task, labels });
  return (await loadIngestTarget(db.prisma, dataset.id)) as IngestTarget;
}

async function storedBlobCount(): Promise<number> {
  const walk = async (p: string): Promise<number> => {
    const entries = await readdir(p, { withFileTypes: true }).catch(() => []);
    let n = 0;
    for (const e of entries) {
      if (e.name === ".tmp") continue;
      n += e.isDirectory() ? await walk(path.join(p, e.name)) : 1;
    }
    return n;
  };
  return walk(blobs.root);
}

describe("datasets", () => {
  it("creates, renames and refuses a duplicate name with CONFLICT", async () => {
    const a = await createDataset(db.prisma, { teamId, name: " Pets ", task: "BINARY", labels: ["cat", "dog"] });
    expect(a.name).toBe("Pets");
    await expect(
      createDataset(db.prisma, { teamId, name: "Pets", task: "BINARY", labels: ["x", "y"] }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      createDataset(db.prisma, { teamId, name: "Bad", task: "BINARY", labels: ["x"] }),
    ).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      field: "labels",
    });
    const b = await createDataset(db.prisma, { teamId, name: "Other", task: "BINARY", labels: ["x", "y"] });
    await expect(renameDataset(db.prisma, b.id, "Pets")).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await renameDataset(db.prisma, b.id, "Renamed")).name).toBe("Renamed");
  });

  it("appends labels after the existing class indices", async () => {
    const target = await newDataset("Growing");
    await addLabels(db.prisma, target.id, ["bird"]);
    const labels = await db.prisma.label.findMany({ where: { datasetId: target.id }, orderBy: { position: "asc" } });
    expect(labels.map((l) => [l.name, l.position])).toEqual([
      ["cat", 0],
      ["dog", 1],
      ["bird", 2],
    ]);
    await expect(addLabels(db.prisma, target.id, ["cat"])).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
    });
  });
});

describe("ingest", () => {
  it("stores a valid image with its blob, and reports the same bytes again as a duplicate", async () => {
    const target = await newDataset("Ingest");
    const bytes = await makeImage(1, "jpeg");
    const first = await ingestImage(deps, target, { bytes, name: "a.jpg", labels: ["cat"], split: "VAL" });
    expect(first.kind).toBe("stored");
    const image = await db.prisma.image.findFirstOrThrow({
      where: { datasetId: target.id },
      include: { labels: { include: { label: true } } },
    });
    expect(image).toMatchObject({ mime: "image/jpeg", split: "VAL", byteSize: bytes.length, originalName: "a.jpg" });
    expect(image.labels.map((l) => l.label.name)).toEqual(["cat"]);
    expect(await blobs.get(image.blobKey)).toEqual(bytes);

    const again = await ingestImage(deps, target, { bytes, name: "copy.jpg", labels: ["dog"], split: null });
    expect(again).toEqual({ kind: "duplicate", existingImageId: image.id, sha256: image.sha256 });
    expect(await db.prisma.image.count({ where: { datasetId: target.id } })).toBe(1);
  });

  it.each([
    ["EMPTY", async () => Buffer.alloc(0), ["cat"]],
    ["UNSUPPORTED_FORMAT", async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), ["cat"]],
    ["UNSUPPORTED_FORMAT", async () => Buffer.from("just some text, named cat.png"), ["cat"]],
    ["CORRUPT", async () => (await makeImage(2, "jpeg", { width: 64, height: 64 })).subarray(0, 200), ["cat"]],
    ["TOO_MANY_PIXELS", async () => makePngBomb(), ["cat"]],
    ["TOO_LARGE", async () => Buffer.alloc(3 * 1024 * 1024, 1), ["cat"]],
    ["UNKNOWN_LABEL", async () => makeImage(3), ["horse"]],
    ["BAD_LABELS", async () => makeImage(4), ["cat", "dog"]],
  ] as const)("rejects %s without writing a row or a blob", async (code, bytes, labels) => {
    const target = await newDataset(`Reject ${code} ${Math.random()}`);
    const blobsBefore = await storedBlobCount();
    const error = await ingestImage(deps, target, {
      bytes: await bytes(),
      name: "x",
      labels: [...labels],
      split: null,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(RejectedFileError);
    expect((error as RejectedFileError).code).toBe(code);
    expect(await db.prisma.image.count({ where: { datasetId: target.id } })).toBe(0);
    expect(await storedBlobCount()).toBe(blobsBefore);
  });

  it("shares one blob between datasets and keeps it until the last reference goes", async () => {
    const a = await newDataset("Share A");
    const b = await newDataset("Share B");
    const bytes = await makeImage(77);
    await ingestImage(deps, a, { bytes, name: "x.png", labels: ["cat"], split: null });
    await ingestImage(deps, b, { bytes, name: "x.png", labels: ["dog"], split: null });
    const key = (await db.prisma.image.findFirstOrThrow({ where: { datasetId: a.id } })).blobKey;
    await deleteDataset(db.prisma, blobs, a.id);
    expect(await blobs.exists(key)).toBe(true);
    await deleteDataset(db.prisma, blobs, b.id);
    expect(await blobs.exists(key)).toBe(false);
  });

  it("stores each distinct image once under concurrent duplicate uploads", async () => {
    const target = await newDataset("Race");
    const images = await Promise.all(Array.from({ length: 6 }, (_, i) => makeImage(500 + i)));
    const attempts = images.flatMap((bytes, i) =>
      Array.from({ length: 4 }, () =>
        ingestImage(deps, target, { bytes, name: `${i}.png`, labels: ["cat"], split: null }),
      ),
    );
    const outcomes = await Promise.all(attempts);
    expect(outcomes.filter((o) => o.kind === "stored")).toHaveLength(6);
    expect(outcomes.filter((o) => o.kind === "duplicate")).toHaveLength(18);
    expect(await db.prisma.image.count({ where: { datasetId: target.id } })).toBe(6);
  });
});

describe("splits, relabel and versions", () => {
  it("re-splits stratified and deterministically, and never changes a frozen version", async () => {
    const target = await newDataset("Versioned");
    for (let i = 0; i < 20; i++) {
      await ingestImage(deps, target, {
        bytes: await makeImage(1000 + i),
        name: `${i}.png`,
        labels: [i % 2 ? "cat" : "dog"],
        split: null,
      });
    }
    const totals = await resplitImages(db.prisma, target.id, { ratios: { train: 0.8, val: 0.1, test: 0.1 }, seed: 1 });
    expect(totals).toEqual({ TRAIN: 16, VAL: 2, TEST: 2 });
    const stats = await datasetStats(db.prisma, target.id);
    expect(stats.labels).toEqual([
      { label: "cat", train: 8, val: 1, test: 1, total: 10 },
      { label: "dog", train: 8, val: 1, test: 1, total: 10 },
    ]);
    const splitsAfterFirst = await db.prisma.image.findMany({
      where: { datasetId: target.id },
      orderBy: { id: "asc" },
      select: { split: true },
    });
    await resplitImages(db.prisma, target.id, { ratios: { train: 0.8, val: 0.1, test: 0.1 }, seed: 1 });
    expect(
      await db.prisma.image.findMany({
        where: { datasetId: target.id },
        orderBy: { id: "asc" },
        select: { split: true },
      }),
    ).toEqual(splitsAfterFirst);

    const v1 = await freezeVersion(db.prisma, target.id, "first");
    expect(v1).toMatchObject({ number: 1, imageCount: 20, note: "first" });
    const frozen = JSON.stringify(v1.snapshot);

    const [moved, relabelled, excluded] = await db.prisma.image.findMany({
      where: { datasetId: target.id },
      orderBy: { id: "asc" },
      take: 3,
    });
    await moveImage(db.prisma, moved.id, moved.split === "TEST" ? "VAL" : "TEST");
    const change = await relabelImage(db.prisma, {
      imageId: relabelled.id,
      labels: ["cat"],
      actorId: userId,
      reason: "was mislabelled",
    });
    const fromLabels = parseDatasetSnapshot(v1.snapshot).images.find((i) => i.id === relabelled.id)!.labels;
    if (fromLabels[0] === "cat") {
      expect(change).toBeNull();
      await relabelImage(db.prisma, { imageId: relabelled.id, labels: ["dog"], actorId: userId });
    } else {
      expect(change).toMatchObject({ from: ["dog"], to: ["cat"], userId, reason: "was mislabelled" });
    }
    await db.prisma.image.update({ where: { id: excluded.id }, data: { excluded: true } });
    await ingestImage(deps, target, { bytes: await makeImage(2000), name: "new.png", labels: ["dog"], split: "TRAIN" });
    await resplitImages(db.prisma, target.id, { ratios: { train: 1, val: 1, test: 1 }, seed: 9 });

    const v1Again = await db.prisma.datasetVersion.findUniqueOrThrow({ where: { id: v1.id } });
    expect(JSON.stringify(v1Again.snapshot)).toBe(frozen);

    const v2 = await freezeVersion(db.prisma, target.id);
    expect(v2.number).toBe(2);
    const diff = await diffVersions(db.prisma, v1.id, v2.id);
    expect(diff.added).toHaveLength(1);
    expect(diff.removed.map((i) => i.id)).toEqual([excluded.id]);
    expect(diff.relabelled.map((r) => r.id)).toEqual([relabelled.id]);
    expect(diff.moved.length).toBeGreaterThan(0);
    expect(await db.prisma.labelChange.count({ where: { imageId: relabelled.id } })).toBe(1);
  });

  it("numbers concurrent freezes without gaps or collisions", async () => {
    const target = await newDataset("Freeze race");
    await ingestImage(deps, target, { bytes: await makeImage(3000), name: "a.png", labels: ["cat"], split: null });
    const versions = await Promise.all([1, 2, 3].map(() => freezeVersion(db.prisma, target.id)));
    expect(versions.map((v) => v.number).sort()).toEqual([1, 2, 3]);
  });

  it("refuses to relabel to an unknown label or the wrong number of labels", async () => {
    const target = await newDataset("Relabel rules");
    const outcome = await ingestImage(deps, target, {
      bytes: await makeImage(4000),
      name: "a.png",
      labels: ["cat"],
      split: null,
    });
    if (outcome.kind !== "stored") throw new Error("expected a stored image");
    await expect(
      relabelImage(db.prisma, { imageId: outcome.imageId, labels: ["horse"], actorId: userId }),
    ).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
    });
    await expect(
      relabelImage(db.prisma, { imageId: outcome.imageId, labels: [], actorId: userId }),
    ).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
    });
    expect(await db.prisma.labelChange.count({ where: { imageId: outcome.imageId } })).toBe(0);
  });
});

describe("tree imports", () => {
  it("imports a pre-split zip, naming each bad entry and storing the good ones", async () => {
    const target = await newDataset("Zip");
    const zip = buildZip([
      { name: "flowers/train/cat/1.png", data: await makeImage(5001) },
      { name: "flowers/train/dog/2.jpg", data: await makeImage(5002, "jpeg"), deflate: true },
      { name: "flowers/val/cat/3.webp", data: await makeImage(5003, "webp") },
      { name: "flowers/test/dog/4.gif", data: await makeImage(5004, "gif") },
      { name: "flowers/train/cat/dup.png", data: await makeImage(5001) },
      { name: "flowers/train/horse/5.png", data: await makeImage(5005) },
      { name: "flowers/train/cat/notes.txt", data: Buffer.from("not an image") },
      { name: "../../escape.png", data: await makeImage(5006) },
      { name: "/abs/cat/x.png", data: await makeImage(5007) },
      { name: "__MACOSX/flowers/train/cat/._1.png", data: Buffer.from("junk") },
    ]);
    const file = path.join(dir, "upload.zip");
    await writeFile(file, zip);
    const report = await importZipFile(deps, target, file);
    expect(report.layout).toBe("PRE_SPLIT");
    expect(report.stored.map((s) => s.name).sort()).toEqual([
      "flowers/test/dog/4.gif",
      "flowers/train/cat/1.png",
      "flowers/train/dog/2.jpg",
      "flowers/val/cat/3.webp",
    ]);
    expect(report.duplicates.map((d) => d.name)).toEqual(["flowers/train/cat/dup.png"]);
    expect(Object.fromEntries(report.rejected.map((r) => [r.name, r.code]))).toEqual({
      "../../escape.png": "UNSAFE_PATH",
      "/abs/cat/x.png": "UNSAFE_PATH",
      "flowers/train/horse/5.png": "UNKNOWN_LABEL",
      "flowers/train/cat/notes.txt": "UNSUPPORTED_FORMAT",
    });
    expect(report.ignored).toBe(1);
    const stats = await datasetStats(db.prisma, target.id);
    expect(stats.images).toEqual({ train: 2, val: 1, test: 1, total: 4 });
  });

  it("imports a single-root folder and splits only the new images, without following symlinks", async () => {
    const target = await newDataset("Folder");
    const root = path.join(dir, "folder");
    for (const label of ["cat", "dog"]) {
      await mkdir(path.join(root, label), { recursive: true });
      for (let i = 0; i < 10; i++)
        await writeFile(path.join(root, label, `${i}.png`), await makeImage(6000 + i + (label === "cat" ? 0 : 100)));
    }
    await writeFile(path.join(dir, "outside.png"), await makeImage(6999));
    await symlink(path.join(dir, "outside.png"), path.join(root, "cat", "link.png"));
    const report = await importFolder(deps, target, root, { seed: 3 });
    expect(report.layout).toBe("SINGLE_ROOT");
    expect(report.stored).toHaveLength(20);
    expect(report.rejected.map((r) => [r.name, r.code])).toEqual([["cat/link.png", "NOT_A_FILE"]]);
    expect(report.splitOfNewImages).toEqual({ TRAIN: 16, VAL: 2, TEST: 2 });
  });
});

// The chunked write the imports use (storePreparedBatch), against a real Postgres and a real blob
// store on disk: the same guarantees as one upload at a time (duplicates by content, a reason for
// every refused file, no row without its blob, no blob left behind by a failure), in far fewer
// transactions.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import {
  createDataset,
  DEFAULT_UPLOAD_LIMITS,
  type IngestDeps,
  type IngestTarget,
  importFolder,
  ingestImage,
  loadIngestTarget,
  lockBlobKeys,
  prepareImage,
  storePreparedBatch,
} from "@headstart/domain";
import { type BlobStore, FsBlobStore } from "@headstart/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeImage } from "./fixtures/images.ts";

let db: TestDatabase;
let dir: string;
let teamId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "headstart-batch-ingest-"));
  teamId = (await db.prisma.team.create({ data: { name: "Batch", slug: "batch" } })).id;
});

afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** A blob store of its own per test, so counting its files counts only that test's blobs. */
function depsWith(name: string, wrap?: (store: FsBlobStore) => BlobStore): { deps: IngestDeps; store: FsBlobStore } {
  const store = new FsBlobStore(path.join(dir, name));
  return { store, deps: { prisma: db.prisma, blobs: wrap ? wrap(store) : store, limits: DEFAULT_UPLOAD_LIMITS } };
}

async function blobKeysOnDisk(store: FsBlobStore): Promise<string[]> {
  const names = await readdir(store.root, { recursive: true }).catch(() => [] as string[]);
  return names
    .map((name) => path.basename(String(name)))
    .filter((name) => /^[0-9a-f]{64}$/.test(name))
    .sort();
}

async function newTarget(name: string): Promise<IngestTarget> {
  const dataset = await createDataset(db.prisma, { teamId, name, task: "MULTICLASS", labels: ["cat", "dog"] });
  return (await loadIngestTarget(db.prisma, dataset.id))!;
}

/** Rows as the dataset lists them: by (createdAt, id). */
async function listed(datasetId: string) {
  return db.prisma.image.findMany({
    where: { datasetId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, originalName: true, split: true, blobKey: true, labels: { select: { label: true } } },
  });
}

describe("storePreparedBatch", () => {
  it("stores a chunk in file order; the same bytes again in the chunk or already in the dataset are duplicates", async () => {
    const { deps, store } = depsWith("order");
    const target = await newTarget("Order");
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map((seed) => makeImage(seed)));
    const existing = await ingestImage(deps, target, { bytes: a, name: "a.png", labels: ["cat"], split: null });
    expect(existing.kind).toBe("stored");

    const files = await Promise.all(
      [
        { bytes: b, name: "b.png", labels: ["cat"], split: null },
        { bytes: c, name: "c.png", labels: ["dog"], split: null },
        { bytes: b, name: "b-copy.png", labels: ["dog"], split: null },
        { bytes: a, name: "a-again.png", labels: ["cat"], split: null },
        { bytes: d, name: "d.png", labels: ["dog"], split: "VAL" as const },
      ].map((file) => prepareImage(deps.limits, target, file)),
    );
    const outcomes = await storePreparedBatch(deps, target, files);

    expect(outcomes.map((o) => o.kind)).toEqual(["stored", "stored", "duplicate", "duplicate", "stored"]);
    const storedB = outcomes[0] as { imageId: string };
    expect(outcomes[2]).toMatchObject({ existingImageId: storedB.imageId, sha256: files[0].sha256 });
    expect(outcomes[3]).toMatchObject({ existingImageId: (existing as { imageId: string }).imageId });

    const rows = await listed(target.id);
    expect(rows.map((r) => [r.originalName, r.split, r.labels.map((l) => l.label.name)])).toEqual([
      ["a.png", "TRAIN", ["cat"]],
      ["b.png", "TRAIN", ["cat"]],
      ["c.png", "TRAIN", ["dog"]],
      ["d.png", "VAL", ["dog"]],
    ]);
    // Every row's blob is on disk, and no blob is there without a row.
    expect(await blobKeysOnDisk(store)).toEqual([...new Set(rows.map((r) => r.blobKey))].sort());
  });

  it("settles files one by one when a label went meanwhile: those files are refused, the rest stored, no stray blob", async () => {
    const { deps, store } = depsWith("label-gone");
    const target = await newTarget("Label gone");
    const files = await Promise.all(
      [10, 11, 12, 13].map(async (seed, i) =>
        prepareImage(deps.limits, target, {
          bytes: await makeImage(seed),
          name: `${seed}.png`,
          labels: [i % 2 ? "dog" : "cat"],
          split: null,
        }),
      ),
    );
    // Checked against the labels as they were; deleted before the chunk is written.
    await db.prisma.label.delete({ where: { id: target.labelIds.get("dog")! } });

    const outcomes = await storePreparedBatch(deps, target, files);

    expect(outcomes.map((o) => o.kind)).toEqual(["stored", "rejected", "stored", "rejected"]);
    expect(outcomes[1]).toMatchObject({
      kind: "rejected",
      rejection: { code: "UNKNOWN_LABEL", message: expect.stringMatching(/deleted during the upload/) },
    });
    const rows = await listed(target.id);
    expect(rows.map((r) => r.originalName)).toEqual(["10.png", "12.png"]);
    expect(await blobKeysOnDisk(store)).toEqual(rows.map((r) => r.blobKey).sort());
  });

  it("writes no row and leaves no blob when the store fails part-way (a full disk)", async () => {
    const failing = await makeImage(22);
    const { deps, store } = depsWith("disk-full", (real) =>
      Object.assign(Object.create(real) as FsBlobStore, {
        put: async (source: Buffer) => {
          if (source.equals(failing)) throw new Error("ENOSPC: no space left on device");
          return real.put(source);
        },
      }),
    );
    const target = await newTarget("Disk full");
    const files = await Promise.all(
      [20, 21, 22, 23].map(async (seed) =>
        prepareImage(deps.limits, target, {
          bytes: await makeImage(seed),
          name: `${seed}.png`,
          labels: ["cat"],
          split: null,
        }),
      ),
    );

    await expect(storePreparedBatch(deps, target, files)).rejects.toThrow(/ENOSPC/);
    expect(await db.prisma.image.count({ where: { datasetId: target.id } })).toBe(0);
    expect(await blobKeysOnDisk(store)).toEqual([]);
  });

  it("holds the lock of every key of the chunk until the transaction ends", async () => {
    const keys = ["00000001", "0000000a", "ffffffff", "00000001"].map((prefix) => prefix.padEnd(64, "0"));
    const held = await db.prisma.$transaction(async (tx) => {
      await lockBlobKeys(tx, keys);
      const rows = await tx.$queryRaw<{ objid: number }[]>`
        SELECT objid::text::int8 AS objid FROM pg_locks
        WHERE locktype = 'advisory' AND objsubid = 2 AND pid = pg_backend_pid() AND granted`;
      return rows.map((r) => Number(r.objid)).sort((x, y) => x - y);
    });
    // Three distinct lock ids (the repeated key is one lock); 0xffffffff is -1 as int4, 4294967295 as oid.
    expect(held).toEqual([1, 10, 4294967295]);
  });
});

describe("importFolder across chunks", () => {
  it("reports bytes seen in an earlier chunk as a duplicate of that image and keeps the tree's order", async () => {
    const { deps } = depsWith("chunks");
    const target = await newTarget("Chunks");
    const root = path.join(dir, "chunks-tree");
    const count = 140; // more than one chunk
    for (const label of ["cat", "dog"]) await mkdir(path.join(root, label), { recursive: true });
    const first = await makeImage(3000);
    for (let i = 0; i < count; i++) {
      const label = i % 2 ? "dog" : "cat";
      await writeFile(path.join(root, label, `${String(i).padStart(3, "0")}.png`), await makeImage(3000 + i));
    }
    // Sorts after every other file: it lands in the last chunk.
    await writeFile(path.join(root, "dog", "zzz-copy-of-000.png"), first);

    const report = await importFolder(deps, target, root, { seed: 1 });

    expect(report.rejected).toEqual([]);
    expect(report.stored).toHaveLength(count);
    expect(report.duplicates).toEqual([
      expect.objectContaining({ name: "dog/zzz-copy-of-000.png", existingImageId: report.stored[0].imageId }),
    ]);
    expect(report.stored[0].name).toBe("cat/000.png");
    expect(report.stored.map((s) => s.name)).toEqual([...report.stored.map((s) => s.name)].sort());
    expect(await db.prisma.image.count({ where: { datasetId: target.id } })).toBe(count);
    expect(report.splitOfNewImages).not.toBeNull();
  });

  it("stores each distinct image once when single uploads of the same bytes race the import", async () => {
    const { deps, store } = depsWith("race");
    const target = await newTarget("Race");
    const root = path.join(dir, "race-tree");
    await mkdir(path.join(root, "cat"), { recursive: true });
    const images = await Promise.all(Array.from({ length: 40 }, (_, i) => makeImage(5000 + i)));
    for (const [i, bytes] of images.entries()) await writeFile(path.join(root, "cat", `${i}.png`), bytes);

    const [report, ...singles] = await Promise.all([
      importFolder(deps, target, root),
      ...images.map((bytes, i) =>
        ingestImage(deps, target, { bytes, name: `up-${i}.png`, labels: ["cat"], split: null }),
      ),
    ]);

    // Every file of both paths has an outcome; each image has exactly one row, whoever won it.
    expect(report.rejected).toEqual([]);
    expect(report.stored.length + report.duplicates.length).toBe(images.length);
    const storedBySingles = singles.filter((o) => o.kind === "stored").length;
    expect(report.stored.length + storedBySingles).toBe(images.length);
    const rows = await listed(target.id);
    expect(rows).toHaveLength(images.length);
    const ids = new Set(rows.map((r) => r.id));
    for (const d of report.duplicates) expect(ids.has(d.existingImageId)).toBe(true);
    for (const o of singles) expect(ids.has(o.kind === "stored" ? o.imageId : o.existingImageId)).toBe(true);
    expect(await blobKeysOnDisk(store)).toEqual(rows.map((r) => r.blobKey).sort());
  });

  it("stops at a real fault: the failing chunk writes nothing, and no later chunk is written", async () => {
    const root = path.join(dir, "fault-tree");
    await mkdir(path.join(root, "cat"), { recursive: true });
    const images = await Promise.all(Array.from({ length: 140 }, (_, i) => makeImage(7000 + i)));
    for (const [i, bytes] of images.entries())
      await writeFile(path.join(root, "cat", `${String(i).padStart(3, "0")}.png`), bytes);
    const failing = images[3]; // in the first chunk
    const { deps, store } = depsWith("fault", (real) =>
      Object.assign(Object.create(real) as FsBlobStore, {
        put: async (source: Buffer) => {
          if (source.equals(failing)) throw new Error("ENOSPC: no space left on device");
          return real.put(source);
        },
      }),
    );
    const target = await newTarget("Fault");

    await expect(importFolder(deps, target, root)).rejects.toThrow(/ENOSPC/);
    expect(await db.prisma.image.count({ where: { datasetId: target.id } })).toBe(0);
    expect(await blobKeysOnDisk(store)).toEqual([]);
  });
});

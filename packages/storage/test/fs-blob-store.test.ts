import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  BlobNotFoundError,
  BlobStoreFullError,
  BlobTooLargeError,
  createBlobStore,
  FsBlobStore,
  InvalidBlobKeyError,
  resolveDataDir,
} from "../src/index.ts";

let root: string;
let store: FsBlobStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "headstart-blobs-"));
  store = new FsBlobStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Node 20 has no Array.fromAsync. */
async function listAll(blobs: FsBlobStore) {
  const listed = [];
  for await (const blob of blobs.list()) listed.push(blob);
  return listed;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("FsBlobStore", () => {
  it("stores bytes under their SHA-256 and reads them back", async () => {
    const bytes = randomBytes(4096);
    const result = await store.put(bytes);
    expect(result).toEqual({ key: sha256(bytes), size: 4096, created: true });
    expect(await store.get(result.key)).toEqual(bytes);
    expect(await store.exists(result.key)).toBe(true);
    expect(await store.stat(result.key)).toEqual({ size: 4096, modifiedAt: expect.any(Date) });
    expect(store.pathFor(result.key)).toBe(path.join(root, result.key.slice(0, 2), result.key.slice(2, 4), result.key));
  });

  it("lists every stored blob with its size and write time, and nothing else in the folder", async () => {
    expect(await listAll(store)).toEqual([]);
    const a = await store.put(randomBytes(10));
    const b = await store.put(randomBytes(20));
    // Not blobs: a temp file and a stray file in a fan-out folder.
    await writeFile(path.join(root, ".tmp", "leftover.part"), "x");
    await writeFile(path.join(path.dirname(store.pathFor(a.key)), "notes.txt"), "x");
    const listed = await listAll(store);
    expect(listed.map((blob) => blob.key).sort()).toEqual([a.key, b.key].sort());
    expect(listed.find((blob) => blob.key === b.key)).toMatchObject({ size: 20, modifiedAt: expect.any(Date) });
    await store.delete(a.key);
    expect((await listAll(store)).map((blob) => blob.key)).toEqual([b.key]);
  });

  it("streams a source in chunks and hashes it incrementally", async () => {
    const parts = [randomBytes(1000), randomBytes(70_000), randomBytes(3)];
    const result = await store.put(Readable.from(parts));
    const whole = Buffer.concat(parts);
    expect(result.key).toBe(sha256(whole));
    expect(result.size).toBe(whole.length);
    expect(await store.get(result.key)).toEqual(whole);
  });

  it("is idempotent for identical content and reports it was not created", async () => {
    const bytes = Buffer.from("same bytes");
    const first = await store.put(bytes);
    const second = await store.put(Readable.from([bytes]));
    expect(second).toEqual({ ...first, created: false });
  });

  it("survives concurrent puts of the same content", async () => {
    const bytes = randomBytes(200_000);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(await store.get(results[0].key)).toEqual(bytes);
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  });

  it("aborts an oversize stream without leaving a blob or temp file behind", async () => {
    const source = Readable.from([randomBytes(600), randomBytes(600)]);
    await expect(store.put(source, { maxBytes: 1000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
    const entries = await readdir(root);
    expect(entries).toEqual([".tmp"]);
  });

  it("cleans up when the source stream fails mid-way", async () => {
    async function* failing() {
      yield Buffer.from("partial");
      throw new Error("client went away");
    }
    await expect(store.put(failing())).rejects.toThrow("client went away");
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
  });

  it("streams whole blobs and byte ranges", async () => {
    const { key } = await store.put(Buffer.from("0123456789"));
    expect(await text(await store.stream(key))).toBe("0123456789");
    expect(await text(await store.stream(key, { start: 2, end: 5 }))).toBe("2345");
  });

  it("raises typed errors for missing blobs and deletes idempotently", async () => {
    const { key } = await store.put(Buffer.from("to delete"));
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    expect(await store.exists(key)).toBe(false);
    expect(await store.stat(key)).toBeNull();
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.stream(key)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it("refuses keys that are not SHA-256 digests, so no key can escape the root", async () => {
    for (const key of ["../../etc/passwd", "ABC", sha256(Buffer.from("x")).toUpperCase(), ""]) {
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    }
  });

  it("sweeps only stale temp files", async () => {
    await store.put(Buffer.from("creates the tmp dir"));
    const stale = path.join(root, ".tmp", "stale.part");
    const fresh = path.join(root, ".tmp", "fresh.part");
    await writeFile(stale, "x");
    await writeFile(fresh, "y");
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(stale, old, old);
    expect(await store.sweepTemp()).toBe(1);
    expect(await readdir(path.join(root, ".tmp"))).toEqual(["fresh.part"]);
  });
});

// A real full disk: a 1-MiB tmpfs (mounting needs root; elsewhere the test says why it skipped).
describe("FsBlobStore on a full disk", () => {
  let mountPoint = "";
  let unavailable: string | null = null;

  beforeAll(async () => {
    mountPoint = await mkdtemp(path.join(tmpdir(), "headstart-blobs-full-"));
    if (process.getuid?.() !== 0) {
      unavailable = "not root, so no tmpfs can be mounted";
      return;
    }
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", mountPoint], { stdio: "pipe" });
    } catch (error) {
      unavailable = `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
    }
  });

  afterAll(async () => {
    if (!unavailable) execFileSync("umount", [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  });

  /** Every stored file, by its path relative to the store, with whether its content matches its key. */
  async function storedFiles(dir: string): Promise<Array<{ file: string; matches: boolean }>> {
    const out: Array<{ file: string; matches: boolean }> = [];
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      out.push({ file: path.relative(dir, file), matches: sha256(await readFile(file)) === entry.name });
    }
    return out;
  }

  it("fails a write that does not fit with BlobStoreFullError, storing nothing, and stores it once space is freed", async (context) => {
    if (unavailable) context.skip(unavailable);
    const full = new FsBlobStore(mountPoint);
    const first = await full.put(randomBytes(600 * 1024));
    const big = randomBytes(700 * 1024);
    // One buffer: a single write(2) that the disk takes only part of (a short write, no error).
    const error = await full.put(big).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobStoreFullError);
    expect((error as Error).message).toMatch(/disk of the blob store at .* is full .*Free space there and retry/);
    // A stream of chunks, where the error comes on a later write.
    const chunks = Array.from({ length: 20 }, () => randomBytes(64 * 1024));
    await expect(full.put(Readable.from(chunks))).rejects.toBeInstanceOf(BlobStoreFullError);

    const files = await storedFiles(mountPoint);
    expect(files).toEqual([{ file: path.relative(mountPoint, full.pathFor(first.key)), matches: true }]);

    await full.delete(first.key);
    const stored = await full.put(big);
    expect(stored).toMatchObject({ key: sha256(big), size: big.length, created: true });
    expect(await full.get(stored.key)).toEqual(big);
  });
});

describe("data folder", () => {
  it("uses HEADSTART_DATA_DIR when set and puts blobs under it", () => {
    expect(resolveDataDir({ HEADSTART_DATA_DIR: "/srv/headstart" })).toBe("/srv/headstart");
    expect(createBlobStore("/srv/headstart").root).toBe("/srv/headstart/blobs");
  });

  it("defaults to .data at the repository root", () => {
    expect(resolveDataDir({})).toBe(path.resolve(import.meta.dirname, "../../../.data"));
  });
});

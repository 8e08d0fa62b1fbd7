import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createBlobStore } from "@headstart/storage";
import { afterAll, describe, expect, it } from "vitest";
import { readModelBundle, storeModelBundle } from "../src/model-bundle.ts";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function blobStore() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "headstart-bundle-test-"));
  dirs.push(dir);
  return createBlobStore(dir);
}

const files = (): Record<string, Uint8Array> => ({
  "model.json": Buffer.from('{"format":"layers-model"}'),
  "weights.bin": new Uint8Array(300_000).map((_, i) => i % 251),
  "manifest.json": Buffer.from('{"kind":"full"}'),
  // Same bytes as another file: one blob, named twice.
  "copy.json": Buffer.from('{"kind":"full"}'),
});

describe("storeModelBundle", () => {
  it("stores every file (written at once) and an index naming them in the given order", async () => {
    const blobs = await blobStore();
    const stored = await storeModelBundle(blobs, files());
    expect(stored.byteSize).toBe(25 + 300_000 + 15 + 15);
    const index = JSON.parse((await blobs.get(stored.blobKey)).toString("utf8"));
    expect(Object.keys(index.files)).toEqual(["model.json", "weights.bin", "manifest.json", "copy.json"]);
    expect(index.files["copy.json"]).toEqual(index.files["manifest.json"]);
    const read = await readModelBundle(blobs, stored.blobKey);
    for (const [name, bytes] of Object.entries(files())) expect(read[name]).toEqual(Buffer.from(bytes));
  });

  it("gives the same index key for the same files, and two bundles stored at once share their blobs", async () => {
    const blobs = await blobStore();
    const [first, second] = await Promise.all([storeModelBundle(blobs, files()), storeModelBundle(blobs, files())]);
    expect(second.blobKey).toBe(first.blobKey);
    expect((await storeModelBundle(blobs, files())).blobKey).toBe(first.blobKey);
    const read = await readModelBundle(blobs, first.blobKey);
    expect(read["weights.bin"]).toEqual(Buffer.from(files()["weights.bin"]!));
  });
});

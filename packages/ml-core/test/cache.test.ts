import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { embeddingKey, FileEmbeddingStore, MemoryEmbeddingStore, resolveEmbeddings } from "../src/cache/index.ts";
import { DatasetError, datasetFromMemory, loadImageFolder } from "../src/dataset/index.ts";

const parts = {
  backboneId: "mobilenet_v2",
  backboneVersion: "v1",
  inputSize: 96,
  preprocessing: "minus_one_to_one",
  sha256: "ab".repeat(32),
};

describe("embeddingKey", () => {
  it("changes with every part that changes the vector", () => {
    const base = embeddingKey(parts);
    expect(base).toBe(`mobilenet_v2@v1/96px/minus_one_to_one/features/original/${"ab".repeat(32)}`);
    const variants = [
      embeddingKey({ ...parts, inputSize: 224 }),
      embeddingKey({ ...parts, backboneVersion: "v2" }),
      embeddingKey({ ...parts, preprocessing: "zero_to_one" }),
      embeddingKey({ ...parts, variant: 0, augmentationHash: "h1" }),
      embeddingKey({ ...parts, variant: 1, augmentationHash: "h1" }),
      embeddingKey({ ...parts, variant: 1, augmentationHash: "h2" }),
      embeddingKey({ ...parts, layer: "block_15_add" }),
    ];
    expect(new Set([base, ...variants]).size).toBe(8);
  });
});

describe("FileEmbeddingStore", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "headstart-cache-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("persists exact float32 values across instances and ignores corrupt entries", async () => {
    const value = Float32Array.of(1.5, -0, Math.PI, 3.4e38);
    await new FileEmbeddingStore(dir).putMany([
      ["k1", value],
      ["k2", Float32Array.of(7)],
    ]);
    const reopened = new FileEmbeddingStore(dir);
    const found = await reopened.getMany(["k1", "k2", "missing"]);
    expect([...found.keys()].sort()).toEqual(["k1", "k2"]);
    expect(Array.from(found.get("k1")!)).toEqual(Array.from(value));

    // Truncate every entry file: a damaged cache must read as "not cached", never throw.
    for (const sub of await readdir(dir)) {
      for (const file of await readdir(join(dir, sub))) await writeFile(join(dir, sub, file), Buffer.from([1, 2, 3]));
    }
    expect((await reopened.getMany(["k1", "k2"])).size).toBe(0);
  });
});

describe("resolveEmbeddings", () => {
  it("computes only missing entries, in batches, and drops cached vectors of the wrong length", async () => {
    const store = new MemoryEmbeddingStore();
    await store.putMany([
      ["a", Float32Array.of(1, 1)],
      ["b", Float32Array.of(9)],
    ]);
    const computed: string[][] = [];
    const result = await resolveEmbeddings({
      store,
      requests: ["a", "b", "c", "d", "a"].map((key) => ({ key, item: key })),
      batchSize: 2,
      expectedLength: 2,
      compute: async (items) => {
        computed.push(items);
        return items.map((k) => Float32Array.of(k.charCodeAt(0), 0));
      },
    });
    expect(computed).toEqual([["b", "c"], ["d"]]);
    expect(Array.from(result.get("a")!)).toEqual([1, 1]);
    expect(Array.from(result.get("b")!)).toEqual([98, 0]);
    expect(store.size).toBe(4);
  });
});

describe("datasets", () => {
  it("builds an in-memory dataset with content hashes and rejects unknown labels", async () => {
    const ds = datasetFromMemory(["cat", "dog"], [{ bytes: Uint8Array.of(1, 2, 3), labels: ["dog"], split: "train" }]);
    expect(ds.images[0].labels).toEqual([1]);
    expect(ds.images[0].sha256).toBe("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
    expect(() =>
      datasetFromMemory(["cat", "dog"], [{ bytes: Uint8Array.of(1), labels: ["fox"], split: "val" }]),
    ).toThrow(DatasetError);
  });

  it("explains a folder that is not in the Keras layout", async () => {
    const dir = await mkdtemp(join(tmpdir(), "headstart-ds-"));
    try {
      await expect(loadImageFolder(dir)).rejects.toMatchObject({ code: "NOT_FOUND" });
      await mkdir(join(dir, "train", "only"), { recursive: true });
      await expect(loadImageFolder(dir)).rejects.toMatchObject({ code: "NO_CLASSES" });
      await mkdir(join(dir, "train", "second"));
      await expect(loadImageFolder(dir)).rejects.toMatchObject({ code: "EMPTY_CLASS" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

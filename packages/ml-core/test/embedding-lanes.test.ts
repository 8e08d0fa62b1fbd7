import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backbone, backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { MemoryEmbeddingStore, resolveEmbeddings } from "../src/cache/index.ts";
import { type LabelledImage, loadImageFolder } from "../src/dataset/index.ts";
import { type EmbeddingBatch, EmbeddingLanes } from "../src/inference/index.ts";
import { type FeatureRequest, featurize, seededAugmenter } from "../src/train/index.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample/multiclass", import.meta.url));
const augmentation = { rotation: 20, widthShift: 0.2, heightShift: 0.2, zoom: 0.2, horizontalFlip: true, variants: 3 };

/** Real lanes that also record which lane embedded how many items. */
class CountingLanes extends EmbeddingLanes {
  readonly items: number[] = [];
  override async embed(index: number, batch: EmbeddingBatch): Promise<Float32Array> {
    const values = await super.embed(index, batch);
    this.items[index] = (this.items[index] ?? 0) + batch.items.length;
    return values;
  }
}

let backbone: Backbone;
let images: LabelledImage[];

beforeAll(async () => {
  await initBackend("wasm");
  backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: 96 }));
  images = (await loadImageFolder(SAMPLE)).images.slice(0, 12);
});

afterAll(() => backbone.dispose());

/** Image-major: each image's plain request next to its variants, as trainClassifier asks. */
const requests = (): FeatureRequest[] =>
  images.flatMap((image) => [{ image }, ...[0, 1, 2].map((variant) => ({ image, variant }))]);

describe("embedding lanes", () => {
  it("give featurize bit-for-bit the vectors of this thread alone, plain and augmented, with batches on every lane", async () => {
    const run = (lanes?: EmbeddingLanes) =>
      featurize({
        backbone,
        store: new MemoryEmbeddingStore(),
        augmentation,
        augment: seededAugmenter,
        // Batches of 5 split images from their variants across lanes.
        batchSize: 5,
        requests: requests(),
        inference: { engine: "onnx", cacheDir: null, log: null, lanes },
      });
    const alone = await run();
    const lanes = new CountingLanes(2);
    try {
      const shared = await run(lanes);
      expect(shared).toHaveLength(48);
      shared.forEach((vector, i) => expect(Array.from(vector)).toEqual(Array.from(alone[i])));
      // 48 requests in batches of 5: some went to each helper lane, the rest stayed on this thread.
      expect(lanes.items[0]).toBeGreaterThan(0);
      expect(lanes.items[1]).toBeGreaterThan(0);
      expect(lanes.items[0] + lanes.items[1]).toBeLessThan(48);
      // The lanes now hold the graph: a second call sends hashes only, and still agrees.
      const again = await run(lanes);
      again.forEach((vector, i) => expect(Array.from(vector)).toEqual(Array.from(alone[i])));
    } finally {
      await lanes.close();
    }
  });

  it("are not used on tfjs, and closed lanes take no batch", async () => {
    const lanes = new CountingLanes(1);
    await featurize({
      backbone,
      store: new MemoryEmbeddingStore(),
      augmentation: null,
      batchSize: 2,
      requests: images.slice(0, 4).map((image) => ({ image })),
      inference: { engine: "tfjs", cacheDir: null, log: null, lanes },
    });
    expect(lanes.items).toEqual([]);
    await lanes.close();
    expect(lanes.size).toBe(0);
  });
});

describe("resolveEmbeddings with lanes", () => {
  it("computes batches concurrently, one at a time per lane, and writes every batch", async () => {
    const store = new MemoryEmbeddingStore();
    const running = new Set<number>();
    let most = 0;
    const byLane: number[][] = [[], []];
    const result = await resolveEmbeddings({
      store,
      requests: Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, item: i })),
      batchSize: 2,
      lanes: 2,
      compute: async (items, lane) => {
        expect(running.has(lane)).toBe(false);
        running.add(lane);
        most = Math.max(most, running.size);
        byLane[lane]!.push(...items);
        // Lane 1 is slower, so lane 0 takes more batches.
        await new Promise((resolve) => setTimeout(resolve, lane === 0 ? 5 : 25));
        running.delete(lane);
        return items.map((i) => Float32Array.of(i));
      },
    });
    expect(most).toBe(2);
    expect([...byLane[0]!, ...byLane[1]!].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(byLane[0]!.length).toBeGreaterThan(byLane[1]!.length);
    expect(store.size).toBe(9);
    expect(Array.from(result.get("k7")!)).toEqual([7]);
  });

  it("stops every lane after one fails, and throws that failure once the others' batches are done", async () => {
    const finished: number[] = [];
    const outcome = resolveEmbeddings({
      store: new MemoryEmbeddingStore(),
      requests: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, item: i })),
      batchSize: 2,
      lanes: 2,
      compute: async (items, lane) => {
        if (lane === 1) throw new Error("lane 1 broke");
        await new Promise((resolve) => setTimeout(resolve, 10));
        finished.push(...items);
        return items.map((i) => Float32Array.of(i));
      },
    });
    await expect(outcome).rejects.toThrow("lane 1 broke");
    // Lane 0's first batch was in flight and finished; it took no other.
    expect(finished).toEqual([0, 1]);
  });
});

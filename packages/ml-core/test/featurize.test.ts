import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backbone, backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { MemoryEmbeddingStore } from "../src/cache/index.ts";
import { type LabelledImage, loadImageFolder } from "../src/dataset/index.ts";
import { type FeatureRequest, featurize, seededAugmenter } from "../src/train/index.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample/multiclass", import.meta.url));
const augmentation = { rotation: 15, widthShift: 0.1, heightShift: 0.1, zoom: 0.1, horizontalFlip: true, variants: 4 };

let backbone: Backbone;
let images: LabelledImage[];

beforeAll(async () => {
  await initBackend("wasm");
  backbone = await loadBackbone(backboneSpec("scratch", { inputSize: 32 }), { seed: 3 });
  images = (await loadImageFolder(SAMPLE)).images.slice(0, 5);
});

afterAll(() => backbone.dispose());

/** The images, each counting how often featurize reads (and so decodes) its bytes. */
function counted(source: LabelledImage[]): { images: LabelledImage[]; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const wrapped = source.map((image) => ({
    ...image,
    read: () => {
      reads.set(image.sha256, (reads.get(image.sha256) ?? 0) + 1);
      return image.read();
    },
  }));
  return { images: wrapped, reads };
}

const run = (requests: FeatureRequest[], batchSize: number) =>
  featurize({
    backbone,
    store: new MemoryEmbeddingStore(),
    augmentation,
    augment: seededAugmenter,
    batchSize,
    requests,
    inference: { engine: "tfjs", cacheDir: null, log: null },
  });

describe("featurize", () => {
  it("decodes each image once for all its variants, and gives the vectors of decoding per variant", async () => {
    const { images: tracked, reads } = counted(images);
    // Batch 3 with 4 variants an image: most images' variants straddle a batch boundary.
    const vectors = await run(
      tracked.flatMap((image) => [0, 1, 2, 3].map((variant) => ({ image, variant }))),
      3,
    );
    expect(vectors).toHaveLength(20);
    expect([...reads.values()]).toEqual([1, 1, 1, 1, 1]);

    // One request a call: every variant decoded on its own, as before decodes were shared.
    for (const [i, image] of images.entries()) {
      for (const variant of [0, 1, 2, 3]) {
        const [alone] = await run([{ image, variant }], 1);
        expect(Array.from(alone)).toEqual(Array.from(vectors[i * 4 + variant]));
      }
    }
  });

  it("embeds plain images and their variants in one image-major call: one decode each, the vectors of separate calls", async () => {
    const { images: tracked, reads } = counted(images);
    const passes: string[] = [];
    const store = new MemoryEmbeddingStore();
    // One image already embedded: the store's entry counts as done for the plain pass.
    const [cachedPlain] = await featurize({
      backbone,
      store,
      augmentation: null,
      batchSize: 4,
      requests: [{ image: images[0] }],
      inference: { engine: "tfjs", cacheDir: null, log: null },
    });
    const joint = await featurize({
      backbone,
      store,
      augmentation,
      augment: seededAugmenter,
      batchSize: 4,
      requests: tracked.flatMap((image) => [{ image }, ...[0, 1, 2, 3].map((variant) => ({ image, variant }))]),
      inference: { engine: "tfjs", cacheDir: null, log: null },
      onPassProgress: (pass, done, total) => passes.push(`${pass} ${done}/${total}`),
    });
    expect(joint).toHaveLength(25);
    expect([...reads.values()]).toEqual([1, 1, 1, 1, 1]);

    const plain = await run(
      images.map((image) => ({ image })),
      4,
    );
    const variants = await run(
      images.flatMap((image) => [0, 1, 2, 3].map((variant) => ({ image, variant }))),
      4,
    );
    expect(Array.from(joint[0])).toEqual(Array.from(cachedPlain));
    for (const i of images.keys()) {
      expect(Array.from(joint[i * 5])).toEqual(Array.from(plain[i]));
      for (const v of [0, 1, 2, 3]) expect(Array.from(joint[i * 5 + 1 + v])).toEqual(Array.from(variants[i * 4 + v]));
    }
    // Each pass counts its own requests, from what the store held to all of them.
    expect(passes[0]).toBe("plain 1/5");
    expect(passes[1]).toBe("variants 0/20");
    expect(passes.filter((p) => p.startsWith("plain")).at(-1)).toBe("plain 5/5");
    expect(passes.at(-1)).toBe("variants 20/20");
    // Only a pass that advanced is reported again.
    expect(new Set(passes).size).toBe(passes.length);
  });
});

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
});

import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { cutBackbone, embedAtCuts } from "../src/autopilot/cuts.ts";
import { MOBILENET_CUTS } from "../src/autopilot/recipe.ts";
import { backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { MemoryEmbeddingStore } from "../src/cache/index.ts";
import { loadImageFolder } from "../src/dataset/index.ts";
import { featurize } from "../src/train/featurize.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample/binary", import.meta.url));

beforeAll(async () => {
  await initBackend("wasm");
});

describe("MobileNetV2 cut points", () => {
  it("pools each cut's block output in one pass, and a cut backbone embeds the same features", async () => {
    const mobilenet = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: 96 }));
    const images = (await loadImageFolder(SAMPLE)).images.slice(0, 3);
    const features = await embedAtCuts(mobilenet, images, MOBILENET_CUTS, { batchSize: 2 });
    expect(MOBILENET_CUTS.map((cut) => features.get(cut)![0].length)).toEqual([96, 160, 320, 1280]);
    expect(features.get("out_relu")!).toHaveLength(3);

    // The full backbone's own features are the out_relu cut's.
    const plain = await featurize({
      backbone: mobilenet,
      store: new MemoryEmbeddingStore(),
      requests: images.map((image) => ({ image })),
      augmentation: null,
      batchSize: 4,
    });
    plain[0].forEach((v, i) => expect(features.get("out_relu")![0][i]).toBeCloseTo(v, 3));

    const at13 = cutBackbone(mobilenet, "block_13");
    expect(at13.spec.featureSize).toBe(160);
    expect(at13.spec.version).toMatch(/@block_13$/);
    expect(at13.blocks).toHaveLength(0);
    const viaCut = await featurize({
      backbone: at13,
      store: new MemoryEmbeddingStore(),
      requests: images.map((image) => ({ image })),
      augmentation: null,
      batchSize: 4,
    });
    viaCut[2].forEach((v, i) => expect(features.get("block_13")![2][i]).toBeCloseTo(v, 3));
    expect(cutBackbone(mobilenet, "out_relu")).toBe(mobilenet);
    at13.dispose();
    // Disposing a cut leaves the shared backbone usable.
    const again = mobilenet.embed(tf.zeros([1, 96, 96, 3]) as tf.Tensor4D);
    expect(again.shape).toEqual([1, 1280]);
    again.dispose();
    mobilenet.dispose();
  });
});

// The shipped backbones on ONNX Runtime against tfjs: the bundled MobileNetV2 at 96 and 224 px on
// real sample images, the scratch CNN, the fine-tuning cut, and featurize (plain and augmented).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backbone, backboneSpec, loadBackbone } from "../src/backbones/index.ts";
import { initBackend } from "../src/backend/index.ts";
import { MemoryEmbeddingStore } from "../src/cache/index.ts";
import { type LabelledImage, loadImageFolder } from "../src/dataset/index.ts";
import { splitForFineTune } from "../src/finetune/index.ts";
import { decodeImage } from "../src/image/index.ts";
import { createEmbedder, createModelRunner } from "../src/inference/index.ts";
import { featurize, seededAugmenter } from "../src/train/index.ts";

const SAMPLE = join(dirname(fileURLToPath(import.meta.url)), "../data/sample/multiclass");
const quiet = { log: null } as const;

/** Largest absolute difference, relative to the reference's scale (at least 1). */
function relativeError(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
  }
  return worst / scale;
}

async function pixels(images: LabelledImage[], size: number): Promise<Float32Array> {
  const out = new Float32Array(images.length * size * size * 3);
  for (const [i, image] of images.entries())
    out.set((await decodeImage(await image.read(), { size })).data, i * size * size * 3);
  return out;
}

let images: LabelledImage[];

beforeAll(async () => {
  await initBackend("wasm");
  const dataset = await loadImageFolder(SAMPLE);
  // One image of each of four classes: different content, not four near-copies.
  images = [0, 1, 2, 3].map((label) => dataset.images.find((i) => i.labels[0] === label)!);
});

describe.each([96, 224])("bundled MobileNetV2 at %i px", (size) => {
  let backbone: Backbone;
  beforeAll(async () => {
    backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: size }));
  });
  afterAll(() => backbone.dispose());

  it("embeds sample images on ONNX Runtime within 1e-4 of tfjs", async () => {
    const batch = await pixels(images, size);
    const reference = tf.tidy(() => backbone.embed(tf.tensor4d(batch, [images.length, size, size, 3])).dataSync());
    const embedder = await createEmbedder(backbone, { engine: "onnx", cacheDir: null, ...quiet });
    try {
      expect(embedder.engine).toBe("onnx");
      expect(embedder.featureSize).toBe(1280);
      // At 224 px the four images run as two slices of two (RUN_INPUT_BYTES): order and seams are checked here.
      const actual = await embedder.embed(batch, images.length);
      expect(relativeError(reference, actual)).toBeLessThan(1e-4);
      // The features are not trivially equal (all zero, or the same for every image).
      expect(Math.max(...reference)).toBeGreaterThan(0.5);
      expect(relativeError(actual.slice(0, 1280), actual.slice(1280, 2560))).toBeGreaterThan(1e-2);
    } finally {
      embedder.dispose();
    }
  });
});

describe("fine-tuning cut and featurize", () => {
  let backbone: Backbone;
  beforeAll(async () => {
    backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: 96 }));
  });
  afterAll(() => backbone.dispose());

  it("gives the activations below the top 2 blocks (NHWC) within 1e-4 of tfjs", async () => {
    const split = splitForFineTune(backbone, 2);
    try {
      const batch = await pixels(images.slice(0, 2), 96);
      const reference = tf.tidy(() =>
        (split.frozen.predict(tf.tensor4d(batch, [2, 96, 96, 3])) as tf.Tensor).dataSync(),
      );
      const runner = await createModelRunner(split.frozen, { engine: "onnx", cacheDir: null, ...quiet });
      try {
        expect(runner.outputShape).toEqual(split.activationShape);
        expect(relativeError(reference, await runner.run(batch, 2))).toBeLessThan(1e-4);
      } finally {
        runner.release();
      }
      // The same cut through the converter's own outputLayer option, without building a sub-model.
      const cut = await createModelRunner(backbone.model, {
        engine: "onnx",
        outputLayer: split.cutLayer,
        cacheDir: null,
        ...quiet,
      });
      try {
        expect(relativeError(reference, await cut.run(batch, 2))).toBeLessThan(1e-4);
      } finally {
        cut.release();
      }
    } finally {
      split.top.dispose();
    }
  });

  it("featurize gives the same vectors on ONNX and on tfjs, for plain images and augmented variants", async () => {
    const augmentation = {
      rotation: 15,
      widthShift: 0.1,
      heightShift: 0.1,
      zoom: 0.1,
      horizontalFlip: true,
      variants: 2,
    };
    const run = (engine: "onnx" | "tfjs", variants: boolean) =>
      featurize({
        backbone,
        store: new MemoryEmbeddingStore(),
        augmentation: variants ? augmentation : null,
        augment: seededAugmenter,
        batchSize: 32,
        requests: variants
          ? images.flatMap((image) => [0, 1].map((variant) => ({ image, variant })))
          : images.map((image) => ({ image })),
        inference: { engine, cacheDir: null, ...quiet },
      });
    // With variants, the ONNX path resamples in JS (bilinearTransformClamped) and tfjs with its
    // Transform kernel: the vectors agreeing checks the augmentation as well as the backbone.
    for (const variants of [false, true]) {
      const [onnx, reference] = [await run("onnx", variants), await run("tfjs", variants)];
      expect(onnx.length).toBe(variants ? 8 : 4);
      onnx.forEach((vector, i) => expect(relativeError(reference[i], vector)).toBeLessThan(1e-4));
    }
  });
});

describe("scratch CNN backbone", () => {
  // 28 px is Fashion-MNIST's native size: its third pooling halves a 7×7 map with padding (to 4×4).
  it.each([32, 28])(
    "converts (Conv2D without bias, BatchNormalization, ReLU, MaxPooling2D, pooling) within 1e-4 of tfjs at %i px",
    async (size) => {
      const backbone = await loadBackbone(backboneSpec("scratch", { inputSize: size }), { seed: 4 });
      try {
        // Moving statistics away from (0, 1), as after training, so folding them is really tested.
        for (const layer of backbone.model.layers.filter((l) => l.getClassName() === "BatchNormalization")) {
          const [gamma, beta, mean, variance] = layer.getWeights();
          layer.setWeights([
            tf.randomUniform(gamma.shape, 0.5, 1.5, "float32", 1),
            tf.randomNormal(beta.shape, 0, 0.3, "float32", 2),
            tf.randomNormal(mean.shape, 0, 0.3, "float32", 3),
            tf.randomUniform(variance.shape, 0.3, 2, "float32", 4),
          ]);
        }
        const batch = await pixels(images, size);
        const reference = tf.tidy(() => backbone.embed(tf.tensor4d(batch, [4, size, size, 3])).dataSync());
        const embedder = await createEmbedder(backbone, { engine: "onnx", cacheDir: null, ...quiet });
        try {
          expect(embedder.featureSize).toBe(128);
          expect(relativeError(reference, await embedder.embed(batch, 4))).toBeLessThan(1e-4);
        } finally {
          embedder.dispose();
        }
      } finally {
        backbone.dispose();
      }
    },
  );
});

import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { type AugmentationConfig, affineMatrix, applyAffine, sampleAffine } from "../augment/index.ts";
import type { Backbone } from "../backbones/types.ts";
import { type EmbeddingStore, embeddingKey, resolveEmbeddings } from "../cache/index.ts";
import type { LabelledImage } from "../dataset/index.ts";
import { type DecodedImage, decodeImage, imagesToBatch } from "../image/index.ts";
import { createModelRunner, type InferenceOptions, type ModelRunner } from "../inference/engine.ts";
import { bilinearTransformClamped } from "../kernels/affine-transform.ts";
import { TrainingRng } from "./rng.ts";

export interface AugmentationSettings {
  rotation: number;
  widthShift: number;
  heightShift: number;
  zoom: number;
  horizontalFlip: boolean;
  variants: number;
}

/** Applies one random affine transform per image, image i drawn from `seeds[i]` (0..255 in and out). */
export type Augmenter = (pixels: tf.Tensor4D, settings: AugmentationSettings, seeds: number[]) => tf.Tensor4D;

/** The affine transforms (tf.image.transform's 8 numbers) the standard augmenter applies, one per seed. */
function seededTransforms(settings: AugmentationSettings, seeds: number[], width: number, height: number): number[][] {
  return seeds.map((seed) =>
    affineMatrix(sampleAffine(augmentationConfig(settings), width, height, new TrainingRng(seed)), width, height),
  );
}

function augmentationConfig(settings: AugmentationSettings): AugmentationConfig {
  return {
    rotationDeg: settings.rotation,
    widthShift: settings.widthShift,
    heightShift: settings.heightShift,
    zoom: settings.zoom,
    horizontalFlip: settings.horizontalFlip,
    fillMode: "nearest",
  };
}

/**
 * The standard augmenter: image i gets the affine transform drawn from its own seed, all applied in
 * one resampling pass (Keras ImageDataGenerator semantics, 'nearest' fill).
 */
export const seededAugmenter: Augmenter = (pixels, settings, seeds) => {
  const [, height, width] = pixels.shape;
  const params = seeds.map((seed) => sampleAffine(augmentationConfig(settings), width, height, new TrainingRng(seed)));
  return applyAffine(pixels, params, augmentationConfig(settings));
};

/** Hash of the parameters that shape augmented pixels (not `variants`: variant i is the same for any k). */
export function augmentationHash(settings: AugmentationSettings): string {
  const { rotation, widthShift, heightShift, zoom, horizontalFlip } = settings;
  return createHash("sha256")
    .update(JSON.stringify({ rotation, widthShift, heightShift, zoom, horizontalFlip }))
    .digest("hex")
    .slice(0, 12);
}

/**
 * The transform of variant v of an image depends only on the image, v and the parameters, never on
 * the run, so a variant cached by one run is exactly what any later run would compute.
 */
export function variantSeed(sha256: string, variant: number, augHash: string): number {
  return createHash("sha256").update(`${sha256}:${variant}:${augHash}`).digest().readUInt32LE(0);
}

export interface FeatureRequest {
  image: LabelledImage;
  /** Undefined for the plain image. */
  variant?: number;
}

export interface FeaturizeOptions {
  backbone: Backbone;
  store: EmbeddingStore;
  requests: FeatureRequest[];
  augmentation: AugmentationSettings | null;
  augment?: Augmenter;
  batchSize: number;
  /** Read and store the output of this model (0..255 pixels in) instead of the backbone's: fine-tune activations at the cut. */
  layer?: { name: string; model: tf.LayersModel; size: number };
  signal?: AbortSignal;
  onProgress?(done: number, total: number): void;
  /**
   * Which engine runs the frozen model: ONNX Runtime by default when it loads and the model
   * converts (HEADSTART_INFERENCE=tfjs forces tfjs). Augmentation always runs on tfjs.
   */
  inference?: InferenceOptions;
}

export function featureKey(
  backbone: Backbone,
  request: FeatureRequest,
  augHash: string | undefined,
  layer?: string,
): string {
  return embeddingKey({
    backboneId: backbone.spec.id,
    backboneVersion: backbone.spec.version,
    inputSize: backbone.spec.inputSize,
    preprocessing: backbone.spec.preprocessing,
    sha256: request.image.sha256,
    variant: request.variant,
    augmentationHash: request.variant === undefined ? undefined : augHash,
    layer,
  });
}

/**
 * Feature vectors (or cut activations) for every request, in request order. Only entries missing from
 * the store are decoded, augmented and passed through the frozen model; each computed batch is
 * written back before the next starts.
 */
export async function featurize(options: FeaturizeOptions): Promise<Float32Array[]> {
  const { backbone, augmentation, layer } = options;
  const augHash = augmentation ? augmentationHash(augmentation) : undefined;
  const model = layer?.model ?? backbone.model;
  const size = layer?.size ?? backbone.spec.featureSize;
  const keyed = options.requests.map((request) => ({
    key: featureKey(backbone, request, augHash, layer?.name),
    item: request,
  }));
  let runner: ModelRunner | undefined;
  const augmentPixels = (pixels: tf.Tensor4D, items: FeatureRequest[]) => {
    const seeds = items.map((r) => variantSeed(r.image.sha256, r.variant!, augHash!));
    return options.augment!(pixels, augmentation!, seeds);
  };
  // Variants of one image are requested next to each other (image-major), so keeping the decodes of
  // this batch and the previous one decodes each image once per call instead of once per variant,
  // the previous batch covering an image whose variants straddle a batch boundary. Memory stays
  // bounded at two batches of decoded images (2 × batchSize × inputSize² × 3 bytes: 1.8 MB at batch
  // 32 and 96 px), whatever the number of requests; another order only costs extra decodes.
  let previous = new Map<string, Promise<DecodedImage>>();
  const decodeBatch = async (items: FeatureRequest[]): Promise<DecodedImage[]> => {
    const current = new Map<string, Promise<DecodedImage>>();
    for (const { image } of items) {
      if (current.has(image.sha256)) continue;
      const decoding =
        previous.get(image.sha256) ??
        image.read().then((bytes) => decodeImage(bytes, { size: backbone.spec.inputSize }));
      current.set(image.sha256, decoding);
    }
    previous = current;
    return Promise.all(items.map(({ image }) => current.get(image.sha256)!));
  };
  const found = await resolveEmbeddings({
    store: options.store,
    requests: keyed,
    batchSize: options.batchSize,
    expectedLength: size,
    signal: options.signal,
    onProgress: (p) => options.onProgress?.(p.done, p.total),
    compute: async (items) => {
      const decoded = await decodeBatch(items);
      const augmented = items.some((r) => r.variant !== undefined);
      if (augmented) {
        if (!augmentation || !options.augment)
          throw new Error("augmented variants requested without augmentation settings");
        if (items.some((r) => r.variant === undefined))
          throw new Error("featurize plain images and variants in separate calls");
      }
      // Created on the first batch that needs computing, so a fully cached pass never converts a model.
      runner ??= await createModelRunner(model, options.inference);
      let values: Float32Array;
      if (runner.engine === "tfjs") {
        const output = tf.tidy(() => {
          const pixels = augmented ? augmentPixels(imagesToBatch(decoded), items) : imagesToBatch(decoded);
          // Preprocessing is the backbone model's first layer, so raw 0..255 pixels go in.
          return model.predict(pixels) as tf.Tensor;
        });
        values = (await output.data()) as Float32Array;
        output.dispose();
      } else {
        let pixels: Float32Array;
        if (augmented && options.augment === seededAugmenter) {
          // The standard augmenter's resampling in JS on the arrays ONNX Runtime takes anyway: the
          // same transforms and formula as tf.image.transform, without a tfjs round trip.
          const { width, height } = decoded[0];
          const seeds = items.map((r) => variantSeed(r.image.sha256, r.variant!, augHash!));
          const transforms = seededTransforms(augmentation!, seeds, width, height).map((t) => t.map(Math.fround));
          pixels = bilinearTransformClamped(stackPixels(decoded), items.length, height, width, 3, transforms);
        } else if (augmented) {
          const batch = tf.tidy(() => augmentPixels(imagesToBatch(decoded), items));
          pixels = (await batch.data()) as Float32Array;
          batch.dispose();
        } else {
          pixels = stackPixels(decoded);
        }
        values = await runner.run(pixels, items.length);
      }
      return items.map((_, i) => values.slice(i * size, (i + 1) * size));
    },
  }).finally(() => runner?.release());
  return keyed.map(({ key }) => found.get(key)!);
}

/** Decoded images as one float32 NHWC batch (0..255) without going through tfjs. */
function stackPixels(images: readonly DecodedImage[]): Float32Array {
  const stride = images[0].width * images[0].height * 3;
  const values = new Float32Array(images.length * stride);
  images.forEach((image, index) => values.set(image.data, index * stride));
  return values;
}

import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import { type AugmentationConfig, affineMatrix, applyAffine, sampleAffine } from "../augment/index.ts";
import type { Backbone } from "../backbones/types.ts";
import { type EmbeddingStore, embeddingKey, resolveEmbeddings } from "../cache/index.ts";
import type { LabelledImage } from "../dataset/index.ts";
import { type DecodedImage, decodeImage, imagesToBatch } from "../image/index.ts";
import { assembleEmbeddingInput, type EmbeddingInputItem } from "../inference/embedding-input.ts";
import { createModelRunner, type InferenceOptions, type ModelRunner } from "../inference/engine.ts";
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

export type FeaturePass = "plain" | "variants";

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
   * Progress of the plain images and of the augmented variants separately, for a call that asks for
   * both (image-major: each image's plain request next to its variants, so it is decoded once for
   * all of them). Called after each batch for every pass the batch advanced, plain first, and once
   * at the start with what the store already held.
   */
  onPassProgress?(pass: FeaturePass, done: number, total: number): void;
  /**
   * Which engine runs the frozen model: ONNX Runtime by default when it loads and the model
   * converts (HEADSTART_INFERENCE=tfjs forces tfjs). With ONNX and `inference.lanes`, batches are
   * shared between this thread and the lanes (one intra-op thread each); a custom `augment` runs on
   * tfjs on this thread.
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
  // With embedding lanes, this thread is one lane among them, so its own session gets one intra-op
  // thread (the vectors are bit-for-bit the same on any thread count).
  const helpers = options.inference?.engine === "tfjs" ? 0 : (options.inference?.lanes?.size ?? 0);
  const inference = helpers > 0 ? { ...options.inference, threads: 1 } : options.inference;
  let runner: Promise<ModelRunner> | undefined;
  const augmentPixels = (pixels: tf.Tensor4D, items: FeatureRequest[]) => {
    const seeds = items.map((r) => variantSeed(r.image.sha256, r.variant!, augHash!));
    return options.augment!(pixels, augmentation!, seeds);
  };
  // An image's plain request and its variants come next to each other (image-major), so keeping the decodes of
  // this batch and the previous one decodes each image once per call instead of once per variant,
  // the previous batch covering an image whose variants straddle a batch boundary. Memory stays
  // bounded at two batches of decoded images (2 × batchSize × inputSize² × 3 bytes: 1.8 MB at batch
  // 32 and 96 px), whatever the number of requests; another order only costs extra decodes.
  let previous = new Map<string, Promise<DecodedImage>>();
  // Batches computed here run one at a time (a lane that cannot take a batch hands it back here).
  let thisThread: Promise<unknown> = Promise.resolve();
  const onThisThread = <R>(work: () => Promise<R>): Promise<R> => {
    const done = thisThread.then(work);
    thisThread = done.catch(() => undefined);
    return done;
  };
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
  /**
   * The model's outputs for one batch, in item order. Plain images and augmented variants go through
   * the model as separate sub-batches (plain first), each exactly as a batch of its kind alone would,
   * so mixing them in one call changes no vector.
   */
  const computeBatch = async (
    runner: ModelRunner,
    items: FeatureRequest[],
    decoded: DecodedImage[],
    variantAt: number[],
  ): Promise<Float32Array> => {
    if (variantAt.length === 0) return runModel(runner, decoded, null);
    // ONNX Runtime's vectors do not depend on what else is in the batch: one input, in item order.
    if (runner.engine === "onnx" && options.augment === seededAugmenter) return runModel(runner, decoded, items);
    if (variantAt.length === items.length) return runModel(runner, decoded, items);
    const plainAt = items.flatMap((r, i) => (r.variant === undefined ? [i] : []));
    const plainValues = await runModel(
      runner,
      plainAt.map((i) => decoded[i]),
      null,
    );
    const variantValues = await runModel(
      runner,
      variantAt.map((i) => decoded[i]),
      variantAt.map((i) => items[i]),
    );
    const values = new Float32Array(items.length * size);
    plainAt.forEach((at, j) => values.set(plainValues.subarray(j * size, (j + 1) * size), at * size));
    variantAt.forEach((at, j) => values.set(variantValues.subarray(j * size, (j + 1) * size), at * size));
    return values;
  };
  /**
   * One sub-batch: plain images (`variants` null) or the given requests (variants; on ONNX with the
   * standard augmenter, plain requests may be among them and go in as decoded).
   */
  const runModel = async (
    runner: ModelRunner,
    decoded: DecodedImage[],
    variants: FeatureRequest[] | null,
  ): Promise<Float32Array> => {
    const augmented = variants !== null;
    if (runner.engine === "tfjs") {
      const output = tf.tidy(() => {
        const pixels = augmented ? augmentPixels(imagesToBatch(decoded), variants) : imagesToBatch(decoded);
        // Preprocessing is the backbone model's first layer, so raw 0..255 pixels go in.
        return model.predict(pixels) as tf.Tensor;
      });
      const values = (await output.data()) as Float32Array;
      output.dispose();
      return values;
    }
    if (augmented && options.augment !== seededAugmenter) {
      const batch = tf.tidy(() => augmentPixels(imagesToBatch(decoded), variants));
      const pixels = (await batch.data()) as Float32Array;
      batch.dispose();
      return runner.run(pixels, decoded.length);
    }
    const { images, items } = embeddingInputOf(decoded, augmented ? variants : null);
    return runner.run(assembleEmbeddingInput(images, items), items.length);
  };
  /**
   * The standard augmenter's resampling in JS on the arrays ONNX Runtime takes anyway: the same
   * transforms and formula as tf.image.transform, without a tfjs round trip. Items in order, each
   * naming its decoded image (shared by an image's plain request and its variants).
   */
  const embeddingInputOf = (decoded: DecodedImage[], variants: FeatureRequest[] | null) => {
    const images: DecodedImage[] = [];
    const at = new Map<DecodedImage, number>();
    const indexOf = (image: DecodedImage) => {
      let index = at.get(image);
      if (index === undefined) {
        index = images.push(image) - 1;
        at.set(image, index);
      }
      return index;
    };
    const { width, height } = decoded[0];
    const transformOf = (request: FeatureRequest) => {
      if (request.variant === undefined) return null;
      const seed = variantSeed(request.image.sha256, request.variant, augHash!);
      return seededTransforms(augmentation!, [seed], width, height)[0].map(Math.fround);
    };
    const items: EmbeddingInputItem[] = decoded.map((image, i) => ({
      image: indexOf(image),
      transform: variants === null ? null : transformOf(variants[i]),
    }));
    return { images, items };
  };

  // Per-pass progress: totals over distinct keys (as resolveEmbeddings counts), what the store held
  // (seen through its lookup), and what each batch computed.
  const passByKey = new Map(keyed.map(({ key, item }) => [key, passOf(item)]));
  const totals: Record<FeaturePass, number> = { plain: 0, variants: 0 };
  for (const pass of passByKey.values()) totals[pass] += 1;
  const cachedByPass: Record<FeaturePass, number> = { plain: 0, variants: 0 };
  const computed: Record<FeaturePass, number> = { plain: 0, variants: 0 };
  const reported: Record<FeaturePass, number> = { plain: -1, variants: -1 };
  const reportPasses = () => {
    for (const pass of ["plain", "variants"] as const) {
      const done = cachedByPass[pass] + computed[pass];
      if (totals[pass] > 0 && done !== reported[pass]) {
        reported[pass] = done;
        options.onPassProgress?.(pass, done, totals[pass]);
      }
    }
  };
  const store: EmbeddingStore = options.onPassProgress
    ? {
        getMany: async (keys) => {
          const held = await options.store.getMany(keys);
          for (const [key, value] of held) if (value.length === size) cachedByPass[passByKey.get(key)!] += 1;
          return held;
        },
        putMany: (entries) => options.store.putMany(entries),
      }
    : options.store;

  const found = await resolveEmbeddings({
    store,
    requests: keyed,
    batchSize: options.batchSize,
    expectedLength: size,
    signal: options.signal,
    onProgress: (p) => {
      options.onProgress?.(p.done, p.total);
      reportPasses();
    },
    lanes: 1 + helpers,
    compute: async (items, lane) => {
      const decoded = await decodeBatch(items);
      const variantAt = items.flatMap((r, i) => (r.variant === undefined ? [] : [i]));
      if (variantAt.length > 0 && (!augmentation || !options.augment))
        throw new Error("augmented variants requested without augmentation settings");
      // Created on the first batch that needs computing, so a fully cached pass never converts a model.
      runner ??= createModelRunner(model, inference);
      const ready = await runner;
      const values =
        lane > 0 &&
        ready.engine === "onnx" &&
        ready.graph &&
        (variantAt.length === 0 || options.augment === seededAugmenter)
          ? await options.inference!.lanes!.embed(lane - 1, {
              graph: ready.graph,
              inputShape: ready.inputShape,
              outputSize: size,
              ...embeddingInputOf(decoded, variantAt.length === 0 ? null : items),
            })
          : await onThisThread(() => computeBatch(ready, items, decoded, variantAt));
      for (const r of items) computed[passOf(r)] += 1;
      return items.map((_, i) => values.slice(i * size, (i + 1) * size));
    },
  }).finally(async () => (await runner?.catch(() => undefined))?.release());
  return keyed.map(({ key }) => found.get(key)!);
}

function passOf(request: FeatureRequest): FeaturePass {
  return request.variant === undefined ? "plain" : "variants";
}

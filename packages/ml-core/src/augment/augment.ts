import type * as tf from "@tensorflow/tfjs";
import { type AffineParams, affineMatrix, sampleAffine } from "./affine.ts";
import { type AugmentationConfig, type RandomSource, validateAugmentation } from "./config.ts";
import { transformBatch } from "./transform.ts";

export interface AugmentResult {
  images: tf.Tensor4D;
  /** The draw for each image, in batch order (for logging or reproducing one variant). */
  params: AffineParams[];
}

/**
 * Augments a float [n, h, w, c] batch: each image gets its own random affine transform, drawn from
 * `rng` in batch order, applied in one bilinear resampling pass. The caller owns the returned tensor.
 */
export function augmentBatch(images: tf.Tensor4D, config: AugmentationConfig, rng: RandomSource): AugmentResult {
  validateAugmentation(config);
  const [n, height, width] = images.shape;
  const params = Array.from({ length: n }, () => sampleAffine(config, width, height, rng));
  return { images: applyAffine(images, params, config), params };
}

/** Applies given per-image parameters (deterministic; no randomness). */
export function applyAffine(
  images: tf.Tensor4D,
  params: readonly AffineParams[],
  config: Pick<AugmentationConfig, "fillMode" | "fillValue"> = {},
): tf.Tensor4D {
  const [, height, width] = images.shape;
  const transforms = params.map((p) => affineMatrix(p, width, height));
  return transformBatch(images, transforms, {
    fillMode: config.fillMode ?? "nearest",
    fillValue: config.fillValue ?? 0,
  });
}

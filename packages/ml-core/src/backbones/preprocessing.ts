import * as tf from "@tensorflow/tfjs";
import type { Preprocessing } from "./types.ts";

/** out = in · scale + offset. */
export const PREPROCESSING_AFFINE: Record<Preprocessing, { scale: number; offset: number }> = {
  // Keras' MobileNetV2 preprocess_input ("tf" mode): [0, 255] → [-1, 1].
  minus_one_to_one: { scale: 1 / 127.5, offset: -1 },
  zero_to_one: { scale: 1 / 255, offset: 0 },
  identity: { scale: 1, offset: 0 },
};

export const PREPROCESS_LAYER_NAME = "preprocess";
export const FEATURES_LAYER_NAME = "features";

export function isPreprocessing(value: unknown): value is Preprocessing {
  return typeof value === "string" && value in PREPROCESSING_AFFINE;
}

/** A Rescaling layer, so the preprocessing travels with the model when it is saved. */
export function preprocessingLayer(preprocessing: Preprocessing): tf.layers.Layer {
  const { scale, offset } = PREPROCESSING_AFFINE[preprocessing];
  return tf.layers.rescaling({ scale, offset, name: PREPROCESS_LAYER_NAME });
}

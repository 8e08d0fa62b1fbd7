import type * as tf from "@tensorflow/tfjs";

/**
 * How 0..255 pixels are mapped before the first convolution. Part of every embedding cache key:
 * the same weights under another scaling give different features.
 */
export type Preprocessing = "minus_one_to_one" | "zero_to_one" | "identity";

export type BackboneKind = "mobilenet_v2" | "layers-url" | "scratch" | "gradients";

export interface BackboneSpec {
  /** Registry id: which recipe builds the graph. */
  id: BackboneKind;
  /** Identifies the weights. For layers-url the loader replaces it with a digest of the files actually loaded. */
  version: string;
  /** Square input side in pixels. */
  inputSize: number;
  preprocessing: Preprocessing;
  /** Layer whose output is pooled into the feature vector. */
  cutLayer: string;
  /** Length of the feature vector (0 for layers-url until loaded: it depends on the model). */
  featureSize: number;
  /** layers-url only: http(s) URL or local path of model.json. */
  source?: string;
}

/** A unit of the network that fine-tuning can unfreeze; `firstLayer` is where the block starts. */
export interface BackboneBlock {
  name: string;
  firstLayer: string;
}

export interface Backbone {
  /** The spec with featureSize and version resolved. */
  readonly spec: BackboneSpec;
  /** float32 [n, s, s, 3] in 0..255 → [n, featureSize]. Preprocessing is its first layer ('preprocess'). */
  readonly model: tf.LayersModel;
  /** Fine-tunable blocks, bottom to top. Empty when the model's structure is unknown. */
  readonly blocks: readonly BackboneBlock[];
  /** Features for a batch of float32 0..255 images [n, s, s, 3], in inference mode. */
  embed(batch: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export type BackboneErrorCode = "INVALID_SPEC" | "LOAD_FAILED" | "BAD_MODEL";

export class BackboneError extends Error {
  readonly code: BackboneErrorCode;
  constructor(code: BackboneErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BackboneError";
    this.code = code;
  }
}

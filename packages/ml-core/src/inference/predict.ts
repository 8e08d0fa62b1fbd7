import type * as tf from "@tensorflow/tfjs";
import { type DecodedImage, decodeImage, type ImageErrorCode, isImageError } from "../image/index.ts";
import type { ModelManifest } from "../model-io/index.ts";
import { throwIfAborted } from "../train/abort.ts";
import { toClassProbabilities } from "../train/class-mode.ts";
import { createModelRunner, type InferenceOptions } from "./engine.ts";

export interface Classifier {
  /** A full model: 0..255 pixels [n, s, s, 3] in, probabilities out. */
  model: tf.LayersModel;
  manifest: ModelManifest;
}

export interface Prediction {
  /** One per label, in manifest label order (binary is expanded to both labels). */
  probabilities: number[];
  /** The most probable label. */
  label: string;
  labelIndex: number;
  /** Probability of the top label. */
  confidence: number;
  /** True when confidence is under the threshold: the prediction should go to a human. */
  withheld: boolean;
  /** Multilabel only: every label at or over the threshold. */
  labels?: string[];
}

export interface PredictOptions {
  /** Defaults to the manifest's threshold. */
  threshold?: number;
  batchSize?: number;
  signal?: AbortSignal;
  /** Engine for the model: ONNX Runtime when it loads and the model converts, else tfjs (see InferenceOptions). */
  inference?: InferenceOptions;
}

/** Thrown when one of the images cannot be classified; `index` says which, `code` why. */
export class PredictionInputError extends Error {
  override name = "PredictionInputError";
  constructor(
    readonly index: number,
    readonly code: ImageErrorCode,
    message: string,
  ) {
    super(`image ${index}: ${message}`);
  }
}

/**
 * Classifies encoded images (JPEG/PNG/WebP/GIF) with a full model, decoding each batch as it goes
 * so memory stays bounded for long lists.
 */
export async function predict(
  classifier: Classifier,
  images: readonly Uint8Array[],
  options: PredictOptions = {},
): Promise<Prediction[]> {
  const { model, manifest } = classifier;
  if (manifest.kind !== "full") {
    throw new TypeError(
      "predict needs a full model (pixels in); compose a head-only model with its backbone first (composeFullModel)",
    );
  }
  const threshold = options.threshold ?? manifest.threshold;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold must be in [0, 1], got ${threshold}`);
  const batchSize = options.batchSize ?? 32;
  const out: Prediction[] = [];
  if (images.length === 0) return out;
  // The converted session is cached per thread by the model's content hash, so this is cheap after the first call.
  const runner = await createModelRunner(model, options.inference);
  try {
    for (let start = 0; start < images.length; start += batchSize) {
      throwIfAborted(options.signal);
      const slice = images.slice(start, start + batchSize);
      const decoded = await Promise.all(
        slice.map(async (bytes, k) => {
          try {
            return await decodeImage(bytes, { size: manifest.inputSize });
          } catch (error) {
            if (isImageError(error)) throw new PredictionInputError(start + k, error.code, error.message);
            throw error;
          }
        }),
      );
      const values = await runner.run(stackPixels(decoded), slice.length);
      for (const row of toClassProbabilities(manifest.classMode, values, slice.length)) {
        out.push(toPrediction(Array.from(row), manifest, threshold));
      }
    }
  } finally {
    runner.release();
  }
  return out;
}

export function toPrediction(
  probabilities: number[],
  manifest: Pick<ModelManifest, "labels" | "classMode">,
  threshold: number,
): Prediction {
  let labelIndex = 0;
  probabilities.forEach((p, i) => {
    if (p > probabilities[labelIndex]) labelIndex = i;
  });
  const confidence = probabilities[labelIndex];
  const prediction: Prediction = {
    probabilities,
    label: manifest.labels[labelIndex],
    labelIndex,
    confidence,
    withheld: confidence < threshold,
  };
  if (manifest.classMode === "multilabel") {
    prediction.labels = manifest.labels.filter((_, i) => probabilities[i] >= threshold);
  }
  return prediction;
}

function stackPixels(images: readonly DecodedImage[]): Float32Array {
  const stride = images[0].width * images[0].height * 3;
  const values = new Float32Array(images.length * stride);
  images.forEach((image, index) => values.set(image.data, index * stride));
  return values;
}

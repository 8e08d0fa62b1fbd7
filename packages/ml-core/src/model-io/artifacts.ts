import * as tf from "@tensorflow/tfjs";
import { ModelFormatError, type ModelManifest, parseManifest } from "./manifest.ts";

export const MODEL_FILE = "model.json";
export const WEIGHTS_FILE = "weights.bin";
export const MANIFEST_FILE = "manifest.json";

/** A saved model as named files: what the filesystem handler writes and what a blob store holds. */
export type ModelFiles = Record<typeof MODEL_FILE | typeof WEIGHTS_FILE | typeof MANIFEST_FILE, Uint8Array>;

const utf8 = new TextEncoder();

// Byte width per stored value (quantized weights are stored in their quantized dtype).
const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** tfjs save artifacts -> model.json (the standard tfjs layers format) + one weights.bin shard. */
export function artifactsToFiles(artifacts: tf.io.ModelArtifacts): Omit<ModelFiles, typeof MANIFEST_FILE> {
  if (!artifacts.modelTopology || !artifacts.weightSpecs || artifacts.weightData === undefined) {
    throw new ModelFormatError("the model produced no topology or weights to save");
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const modelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format ?? "layers-model",
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
  };
  return { [MODEL_FILE]: utf8.encode(JSON.stringify(modelJson)), [WEIGHTS_FILE]: weights };
}

/** The inverse: files -> artifacts for tf.loadLayersModel, checking the weights cover the manifest. */
export function filesToArtifacts(
  files: Pick<ModelFiles, typeof MODEL_FILE | typeof WEIGHTS_FILE>,
): tf.io.ModelArtifacts {
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(new TextDecoder().decode(files[MODEL_FILE]));
  } catch (error) {
    throw new ModelFormatError(`model.json is not valid JSON (${(error as Error).message}); re-export the model`);
  }
  if (!modelJson?.modelTopology || !Array.isArray(modelJson.weightsManifest)) {
    throw new ModelFormatError("model.json has no modelTopology/weightsManifest; it is not a tfjs layers model");
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const expected = weightSpecs.reduce((sum, spec) => {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const bytes = BYTES_PER_VALUE[dtype];
    if (bytes === undefined) throw new ModelFormatError(`weight ${spec.name} has unsupported dtype ${dtype}`);
    return sum + spec.shape.reduce((a, b) => a * b, 1) * bytes;
  }, 0);
  const weights = files[WEIGHTS_FILE];
  if (weights.byteLength !== expected) {
    throw new ModelFormatError(
      `weights.bin has ${weights.byteLength} bytes but model.json describes ${expected}; the files do not belong together`,
    );
  }
  return {
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    weightSpecs,
    // Copy out of a possibly shared/pooled buffer (Node Buffers) into an exact ArrayBuffer.
    weightData: weights.slice().buffer,
  };
}

export function encodeManifest(manifest: ModelManifest): Uint8Array {
  return utf8.encode(JSON.stringify(manifest, null, 2));
}

export function decodeManifest(bytes: Uint8Array): ModelManifest {
  return parseManifest(new TextDecoder().decode(bytes));
}

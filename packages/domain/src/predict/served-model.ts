// A run's full model as predict serves it: the stored files (read once from the blob store by the
// thread that serves HTTP) and, wherever the model is loaded, the tfjs model plus the ONNX session
// held open for it. The loading half runs in a predict worker, or in the CLI's own thread.
import path from "node:path";
import {
  createModelRunner,
  type InferenceOptions,
  importModel,
  initBackend,
  type LoadedModel,
  MANIFEST_FILE,
  MODEL_FILE,
  type ModelFiles,
  ModelFormatError,
  type ModelManifest,
  type ModelRunner,
  ONNX_CACHE_ENV_VARIABLE,
  type Prediction,
  parseManifest,
  predict,
  WEIGHTS_FILE,
} from "@headstart/ml-core";
import { readModelBundle } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";

/** What the model cache keeps per run model: no tensors, only bytes any thread can load. */
export interface ModelBundle {
  /** The artifact's blob key: one per trained model, so it names the model everywhere. */
  key: string;
  files: ModelFiles;
  manifest: ModelManifest;
}

export async function readServedBundle(blobs: BlobStore, blobKey: string): Promise<ModelBundle> {
  const files = await readModelBundle(blobs, blobKey);
  const [model, weights, manifest] = [files[MODEL_FILE], files[WEIGHTS_FILE], files[MANIFEST_FILE]];
  if (!model || !weights || !manifest) {
    throw new ModelFormatError(
      `Model bundle ${blobKey} lacks ${MODEL_FILE}, ${WEIGHTS_FILE} or ${MANIFEST_FILE}; retrain the run.`,
    );
  }
  return {
    key: blobKey,
    files: { [MODEL_FILE]: model, [WEIGHTS_FILE]: weights, [MANIFEST_FILE]: manifest },
    manifest: parseManifest(new TextDecoder().decode(manifest)),
  };
}

/** Where converted ONNX graphs are kept: HEADSTART_ONNX_CACHE_DIR, else the data folder's onnx-cache (shared with the trainer). */
export function onnxCacheDirFor(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env[ONNX_CACHE_ENV_VARIABLE]?.trim();
  return explicit ? path.resolve(explicit) : path.join(path.resolve(dataDir), "onnx-cache");
}

/** A model loaded in this thread, with its inference session kept open until `dispose`. */
export interface LoadedServedModel {
  loaded: LoadedModel;
  runner: ModelRunner;
  predict(images: readonly Uint8Array[], threshold: number): Promise<Prediction[]>;
  dispose(): void;
}

/**
 * Loads the model and opens its session: ONNX Runtime when it loads and the model converts (the
 * converted graph is cached on disk by content hash when `inference.cacheDir` is set), else tfjs.
 * Holding the runner keeps the session alive between requests; `dispose` closes it with the model.
 */
export async function loadServedModel(files: ModelFiles, inference: InferenceOptions): Promise<LoadedServedModel> {
  // tfjs reads the layers model (and is the fallback engine), so it needs its backend either way.
  await initBackend();
  const loaded = await importModel(files);
  let runner: ModelRunner;
  try {
    runner = await createModelRunner(loaded.model, inference);
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
  return {
    loaded,
    runner,
    // predict() opens another handle on the same cached session, so this costs no conversion.
    predict: (images, threshold) => predict(loaded, images, { threshold, inference }),
    dispose() {
      runner.release();
      loaded.model.dispose();
    },
  };
}

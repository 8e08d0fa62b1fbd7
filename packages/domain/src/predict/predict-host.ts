// Where a run's model is loaded and run: worker threads in the API (predict-worker-pool.ts), the
// calling thread in the CLI (no HTTP to keep responsive there). The model cache decides what stays
// loaded and calls `unload` when it evicts a model nobody is predicting with.
import type { InferenceOptions, Prediction } from "@headstart/ml-core";
import { type LoadedServedModel, loadServedModel, type ModelBundle } from "./served-model.ts";

export interface PredictHost {
  /** Classifies encoded images with the bundle's model, loading it first where it is not loaded yet. */
  predict(bundle: ModelBundle, images: readonly Uint8Array[], threshold: number): Promise<Prediction[]>;
  /** Frees the model wherever it is loaded (its ONNX sessions and tensors). */
  unload(key: string): void;
  close(): Promise<void>;
}

/** Loads and runs models on the calling thread: for processes that serve no requests (the CLI). */
export class InThreadPredictHost implements PredictHost {
  private readonly models = new Map<string, Promise<LoadedServedModel>>();

  constructor(private readonly inference: InferenceOptions = {}) {}

  async predict(bundle: ModelBundle, images: readonly Uint8Array[], threshold: number): Promise<Prediction[]> {
    let model = this.models.get(bundle.key);
    if (!model) {
      const loading = loadServedModel(bundle.files, this.inference);
      model = loading;
      this.models.set(bundle.key, loading);
      loading.catch(() => {
        if (this.models.get(bundle.key) === loading) this.models.delete(bundle.key);
      });
    }
    return (await model).predict(images, threshold);
  }

  unload(key: string): void {
    const model = this.models.get(key);
    this.models.delete(key);
    model?.then((m) => m.dispose()).catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const key of [...this.models.keys()]) this.unload(key);
  }
}

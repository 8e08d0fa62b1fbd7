// An AUTO run's ensemble made into one model (auto-run/ensemble-model.ts), on a compute worker: the
// members' tfjs files merged (ml-core's ensembleModelFiles), the merged model loaded, converted to
// ONNX and exported like every trained model. Loading and converting a few members' weights holds a
// thread for a while on a busy machine, so it runs here and not on the main thread, which holds the
// run's lease and heartbeats; only bytes cross the port.

import {
  ensembleModelFiles,
  exportModel,
  importModel,
  MANIFEST_FILE,
  MODEL_FILE,
  type ModelManifest,
  WEIGHTS_FILE,
} from "@headstart/ml-core";
import { deployableGraph, ONNX_MODEL_FILE, ownedCopies } from "./attempt.ts";
import type { EnsembleInput, EnsembleResult } from "./protocol.ts";

/**
 * The ensemble's files: model.json + weights.bin (the members' layers side by side, averaged), its
 * manifest.json, and model.onnx when the merged model converts. Why it did not convert is in `onnx`
 * (the main thread logs it under the run, as it does for a single model).
 */
export async function computeEnsemble(input: EnsembleInput): Promise<EnsembleResult> {
  const { manifest } = input;
  const merged = ensembleModelFiles(
    input.members.map((files, k) => {
      const model = files[MODEL_FILE];
      const weights = files[WEIGHTS_FILE];
      if (!model || !weights) {
        throw new Error(`run ${input.runId}: ensemble member ${k + 1} has no ${!model ? MODEL_FILE : WEIGHTS_FILE}`);
      }
      return { [MODEL_FILE]: model, [WEIGHTS_FILE]: weights };
    }),
    undefined,
    input.weights,
  );
  // Loaded once to convert it to ONNX and to save it through the same exporter as every model.
  const { model } = await importModel({
    ...merged,
    [MANIFEST_FILE]: new TextEncoder().encode(JSON.stringify(manifest)),
  });
  try {
    // The same graph and description as a single model's; the reason it has none is in `onnx`.
    const { graph, onnx } = deployableGraph(model, manifest, () => undefined);
    const exported = await exportModel(model, { ...manifest, onnx } as ModelManifest);
    // Each file in a buffer of its own, so it moves to the main thread instead of being copied.
    const files = ownedCopies(graph ? { ...exported, [ONNX_MODEL_FILE]: graph } : exported);
    return { files, onnx };
  } finally {
    model.dispose();
  }
}

import type * as tf from "@tensorflow/tfjs";
import type { ModelManifest } from "../model-io/index.ts";
import { convertLayersModel } from "./convert.ts";
import { OnnxConversionError } from "./errors.ts";

/**
 * A trained classifier (backbone + head as one graph) as a standalone ONNX model for deployment:
 * input "input", NHWC float32 in [0, 1] at the run's size (the ×255 and the backbone's own
 * preprocessing are inside the graph); output "output", one probability per label in manifest
 * order (a binary model's single sigmoid unit is expanded to [1 − p, p]). The manifest's labels,
 * class mode, size and preprocessing are written into the model's metadata.
 */
export function exportOnnxModel(fullModel: tf.LayersModel, manifest: ModelManifest): Uint8Array {
  if (manifest.kind !== "full") {
    throw new OnnxConversionError(
      "",
      "Model",
      `ONNX export needs a full model (pixels in), this manifest is "${manifest.kind}"; compose it with its backbone first (composeFullModel)`,
    );
  }
  const shape = fullModel.inputs[0]?.shape;
  if (JSON.stringify(shape) !== JSON.stringify([null, manifest.inputSize, manifest.inputSize, 3])) {
    throw new OnnxConversionError(
      "",
      "Model",
      `the model takes ${JSON.stringify(shape)} but the manifest says ${manifest.inputSize}×${manifest.inputSize} RGB; export the model with its own manifest`,
    );
  }
  const units = fullModel.outputs[0].shape[1];
  const expected = manifest.classMode === "binary" ? 1 : manifest.labels.length;
  if (units !== expected) {
    throw new OnnxConversionError(
      "",
      "Model",
      `the model outputs ${units} units but a ${manifest.classMode} manifest with ${manifest.labels.length} labels needs ${expected}`,
    );
  }
  return convertLayersModel(fullModel, {
    inputScale: 255,
    expandBinary: manifest.classMode === "binary",
    name: "headstart_classifier",
    metadata: {
      format: "headstart-classifier-onnx",
      input: `NHWC float32 in [0, 1], ${manifest.inputSize}x${manifest.inputSize} RGB`,
      output: "class probabilities, one per label in labels order",
      labels: JSON.stringify(manifest.labels),
      classMode: manifest.classMode,
      inputSize: String(manifest.inputSize),
      preprocessing: `${manifest.preprocessing} (applied inside the graph after scaling the input by 255)`,
      threshold: String(manifest.threshold),
      backbone: JSON.stringify(manifest.backbone),
    },
  }).bytes;
}

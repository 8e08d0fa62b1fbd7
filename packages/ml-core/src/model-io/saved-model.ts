import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  decodeManifest,
  encodeManifest,
  MANIFEST_FILE,
  MODEL_FILE,
  type ModelFiles,
  WEIGHTS_FILE,
} from "./artifacts.ts";
import { directoryHandler, memoryHandler } from "./handlers.ts";
import { ModelFormatError, type ModelManifest } from "./manifest.ts";

export interface LoadedModel {
  model: tf.LayersModel;
  manifest: ModelManifest;
}

/**
 * Base and head as one layers model (pixels in, probabilities out). The head's layers are applied
 * to the base's output rather than nesting the head as a sub-model, which keeps the saved topology
 * flat and loadable by any tfjs or Keras reader. Layers and weights are shared with `base` and
 * `head`: release the composed model with `releaseComposedModel(head)`, never with its `dispose()`,
 * which would free the base's layers under the backbone that still uses them.
 */
export function composeFullModel(
  base: tf.LayersModel,
  head: tf.LayersModel,
  name = "headstart_classifier",
): tf.LayersModel {
  let x = base.outputs[0];
  for (const layer of head.layers) x = layer.apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: base.inputs, outputs: x, name });
}

/**
 * tfjs-layers counts one reference per symbolic application of a layer, and composing applied each
 * head layer once more. This drops that extra reference, then the head's own, which frees the head's
 * weights while leaving the base (owned by its backbone) untouched.
 */
export function releaseComposedModel(head: tf.LayersModel): void {
  for (const layer of head.layers) layer.dispose();
  head.dispose();
}

function checkShape(model: tf.LayersModel, manifest: ModelManifest): void {
  const shape = model.inputs[0].shape;
  const expected =
    manifest.kind === "full"
      ? [null, manifest.inputSize, manifest.inputSize, 3]
      : [null, manifest.backbone.featureSize];
  if (JSON.stringify(shape) !== JSON.stringify(expected)) {
    throw new ModelFormatError(
      `a "${manifest.kind}" model must take input [${expected}] but this one takes [${shape}]`,
    );
  }
}

/** Model + manifest as the three files a blob store keeps. */
export async function exportModel(model: tf.LayersModel, manifest: ModelManifest): Promise<ModelFiles> {
  checkShape(model, manifest);
  const handler = memoryHandler();
  await model.save(handler);
  return {
    [MODEL_FILE]: handler.files[MODEL_FILE]!,
    [WEIGHTS_FILE]: handler.files[WEIGHTS_FILE]!,
    [MANIFEST_FILE]: encodeManifest(manifest),
  };
}

export async function importModel(files: ModelFiles): Promise<LoadedModel> {
  const manifest = decodeManifest(files[MANIFEST_FILE]);
  const model = await tf.loadLayersModel(memoryHandler({ ...files }));
  try {
    checkShape(model, manifest);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, manifest };
}

export async function saveModelToDirectory(
  directory: string,
  model: tf.LayersModel,
  manifest: ModelManifest,
): Promise<void> {
  checkShape(model, manifest);
  await model.save(directoryHandler(directory));
  // The manifest goes last: its presence marks a complete save.
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, MANIFEST_FILE), encodeManifest(manifest));
}

export async function loadModelFromDirectory(directory: string): Promise<LoadedModel> {
  let manifestBytes: Uint8Array;
  try {
    manifestBytes = await readFile(join(directory, MANIFEST_FILE));
  } catch {
    throw new ModelFormatError(
      `${join(directory, MANIFEST_FILE)} is missing; the directory holds no complete Headstart model`,
    );
  }
  const manifest = decodeManifest(manifestBytes);
  const model = await tf.loadLayersModel(directoryHandler(directory));
  try {
    checkShape(model, manifest);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return { model, manifest };
}

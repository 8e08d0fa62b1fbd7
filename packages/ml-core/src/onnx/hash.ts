import { createHash } from "node:crypto";
import type * as tf from "@tensorflow/tfjs";
import type { ConvertOptions } from "./convert.ts";

/** Bump when the converter's output changes for the same model, so cached graphs are rebuilt. */
export const CONVERTER_VERSION = 2;

function configOf(layer: tf.layers.Layer): string {
  try {
    return JSON.stringify(layer.getConfig());
  } catch {
    // A custom layer without a serialisable config still hashes by class, name and weights.
    return "unserialisable";
  }
}

/**
 * sha256 of everything the converted graph depends on: converter version, options, each layer's
 * class, config and wiring, and every weight's bytes. Equal hashes mean the same ONNX graph, so it
 * keys the on-disk cache of converted models.
 */
export function modelContentHash(model: tf.LayersModel, options: ConvertOptions = {}): string {
  const hash = createHash("sha256");
  const { name: _name, metadata: _metadata, ...shaping } = options;
  hash.update(JSON.stringify({ converter: CONVERTER_VERSION, options: shaping }));
  const wire = (t: tf.SymbolicTensor) => `${t.sourceLayer.name}:${t.nodeIndex}:${t.tensorIndex}`;
  hash.update(`in ${model.inputs.map(wire).join(",")} ${JSON.stringify(model.inputs.map((t) => t.shape))}\n`);
  hash.update(`out ${model.outputs.map(wire).join(",")}\n`);
  for (const layer of model.layers) {
    hash.update(`${layer.getClassName()} ${layer.name} ${configOf(layer)}\n`);
    for (const node of layer.inboundNodes) hash.update(`<- ${node.inputTensors.map(wire).join(",")}\n`);
  }
  for (const variable of model.weights) {
    const value = variable.read();
    hash.update(`${variable.originalName} ${value.dtype} ${value.shape.join("x")}\n`);
    const data = value.dataSync() as Float32Array;
    hash.update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  return hash.digest("hex").slice(0, 32);
}

/**
 * Identity of the weights' current storage. tfjs gives a variable new storage on every assign
 * (optimizer steps, loadWeights), so an unchanged list means unchanged weights without reading them.
 */
export function weightIdentity(model: tf.LayersModel): object[] {
  return model.weights.map((w) => w.read().dataId);
}

import * as tf from "@tensorflow/tfjs";
import { PREPROCESS_LAYER_NAME, PREPROCESSING_AFFINE } from "./preprocessing.ts";
import { BackboneError, type Preprocessing } from "./types.ts";

/**
 * Surgery on a Keras/tfjs layers-model JSON topology, before any layer is instantiated. Editing the
 * JSON rather than the built model lets us change the input size (the conv base is fully
 * convolutional, so the same weights fit), prepend preprocessing, and drop everything above the cut
 * — notably nsfwjs' NSFW head, which is never built at all.
 */
type InboundRef = [string, number, number, Record<string, unknown>?];
interface LayerJson {
  name?: string;
  class_name: string;
  config: Record<string, unknown> & { name: string };
  inbound_nodes?: InboundRef[][];
}
interface FunctionalConfig {
  name?: string;
  layers: LayerJson[];
  input_layers: [string, number, number][];
  output_layers: [string, number, number][];
}
export interface ModelTopologyJson {
  class_name: string;
  config: FunctionalConfig | { name?: string; layers: LayerJson[] } | LayerJson[];
  keras_version?: string;
  backend?: string;
}

function modelConfigOf(topology: unknown): ModelTopologyJson {
  const t = topology as { model_config?: ModelTopologyJson } & ModelTopologyJson;
  const config = t?.model_config ?? t;
  if (!config || typeof config !== "object" || typeof config.class_name !== "string" || !config.config) {
    throw new BackboneError(
      "BAD_MODEL",
      "model.json has no layers-model topology (is it a graph model? only tfjs layers models can be cut at a named layer).",
    );
  }
  return config;
}

/** Sequential → functional, so both can be rewired the same way. */
function toFunctional(model: ModelTopologyJson): FunctionalConfig {
  if (model.class_name === "Model" || model.class_name === "Functional")
    return structuredClone(model.config as FunctionalConfig);
  if (model.class_name !== "Sequential") {
    throw new BackboneError(
      "BAD_MODEL",
      `Unsupported model class "${model.class_name}"; expected Sequential, Model or Functional.`,
    );
  }
  const raw = model.config as { name?: string; layers: LayerJson[] } | LayerJson[];
  const seqLayers = structuredClone(Array.isArray(raw) ? raw : raw.layers);
  const first = seqLayers[0];
  const shape = first?.config.batch_input_shape ?? first?.config.batch_shape;
  if (!shape)
    throw new BackboneError("BAD_MODEL", "The Sequential model does not declare its input shape on its first layer.");
  const layers: LayerJson[] = [
    {
      name: "input",
      class_name: "InputLayer",
      config: { name: "input", batch_input_shape: shape, dtype: "float32", sparse: false },
      inbound_nodes: [],
    },
  ];
  let previous = "input";
  for (const layer of seqLayers) {
    const name = layer.config.name;
    const config = { ...layer.config };
    delete config.batch_input_shape;
    delete config.batch_shape;
    layers.push({ name, class_name: layer.class_name, config, inbound_nodes: [[[previous, 0, 0, {}]]] });
    previous = name;
  }
  return {
    name: (Array.isArray(raw) ? undefined : raw.name) ?? "sequential",
    layers,
    input_layers: [["input", 0, 0]],
    output_layers: [[previous, 0, 0]],
  };
}

const nameOf = (layer: LayerJson) => layer.config.name ?? layer.name;

export interface TopologyEdit {
  inputSize: number;
  preprocessing: Preprocessing;
  cutLayer: string;
}

/** A functional topology: input (s×s×3) → preprocess → … → cutLayer. */
export function cutTopology(topology: unknown, edit: TopologyEdit): ModelTopologyJson {
  const config = toFunctional(modelConfigOf(topology));
  if (config.input_layers.length !== 1) {
    throw new BackboneError(
      "BAD_MODEL",
      `The model has ${config.input_layers.length} inputs; a backbone must have exactly one image input.`,
    );
  }
  const byName = new Map(config.layers.map((l) => [nameOf(l), l]));
  const inputName = config.input_layers[0][0];
  const input = byName.get(inputName);
  const cut = byName.get(edit.cutLayer);
  if (!input)
    throw new BackboneError("BAD_MODEL", `The model's input layer "${inputName}" is missing from its layer list.`);
  if (!cut) {
    const names = config.layers.map(nameOf);
    throw new BackboneError(
      "INVALID_SPEC",
      `The model has no layer named "${edit.cutLayer}". Its last layers are: ${names.slice(-12).join(", ")}.`,
    );
  }
  const shapeKey = "batch_input_shape" in input.config ? "batch_input_shape" : "batch_shape";
  const shape = input.config[shapeKey] as (number | null)[] | undefined;
  if (shape?.length !== 4 || shape[3] !== 3) {
    throw new BackboneError(
      "BAD_MODEL",
      `The model input must be [batch, height, width, 3] images, got ${JSON.stringify(shape)}.`,
    );
  }
  input.config[shapeKey] = [null, edit.inputSize, edit.inputSize, 3];

  // Keep only the ancestors of the cut layer: everything above it (classifier heads) disappears.
  const keep = new Set<string>();
  const stack = [edit.cutLayer];
  while (stack.length) {
    const name = stack.pop()!;
    if (keep.has(name)) continue;
    const layer = byName.get(name);
    if (!layer) throw new BackboneError("BAD_MODEL", `Layer "${name}" is referenced but not defined in model.json.`);
    keep.add(name);
    for (const node of layer.inbound_nodes ?? []) for (const ref of node) stack.push(ref[0]);
  }
  if (!keep.has(inputName))
    throw new BackboneError("BAD_MODEL", `Layer "${edit.cutLayer}" does not depend on the model input.`);

  const layers: LayerJson[] = [];
  for (const layer of config.layers) {
    if (!keep.has(nameOf(layer))) continue;
    // Consumers of the raw input now read the preprocessed image instead.
    for (const node of layer.inbound_nodes ?? [])
      for (const ref of node) if (ref[0] === inputName) ref[0] = PREPROCESS_LAYER_NAME;
    layers.push(layer);
    if (nameOf(layer) === inputName) {
      const { scale, offset } = PREPROCESSING_AFFINE[edit.preprocessing];
      layers.push({
        name: PREPROCESS_LAYER_NAME,
        class_name: "Rescaling",
        config: { name: PREPROCESS_LAYER_NAME, trainable: false, dtype: "float32", scale, offset },
        inbound_nodes: [[[inputName, 0, 0, {}]]],
      });
    }
  }
  return {
    class_name: "Model",
    config: {
      name: config.name ?? "backbone",
      layers,
      input_layers: config.input_layers,
      output_layers: [[edit.cutLayer, 0, 0]],
    },
  };
}

/**
 * Loads `weights` into `model`, using only the entries the (cut) model has and insisting that
 * every model weight is provided. The decoded tensors are disposed afterwards; the model's
 * variables keep their own references.
 */
export function assignWeights(model: tf.LayersModel, weights: tf.NamedTensorMap): void {
  const wanted = new Set(model.weights.map((w) => w.originalName));
  const used: tf.NamedTensorMap = {};
  for (const [name, tensor] of Object.entries(weights)) if (wanted.has(name)) used[name] = tensor;
  const missing = [...wanted].filter((name) => !(name in used));
  if (missing.length > 0) {
    throw new BackboneError(
      "BAD_MODEL",
      `The weight files lack ${missing.length} weights the model needs, e.g. ${missing.slice(0, 3).join(", ")}.`,
    );
  }
  try {
    model.loadWeights(used, true);
  } catch (error) {
    throw new BackboneError(
      "BAD_MODEL",
      `The weights do not fit the model: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  } finally {
    tf.dispose(Object.values(weights));
  }
}

/** Builds a model from a cut topology and its weight files. */
export async function buildCutModel(
  artifacts: { modelTopology: unknown; weightSpecs: tf.io.WeightsManifestEntry[]; weightData: ArrayBuffer },
  edit: TopologyEdit,
): Promise<tf.LayersModel> {
  const topology = cutTopology(artifacts.modelTopology, edit);
  let model: tf.LayersModel;
  try {
    model = await tf.models.modelFromJSON({ modelTopology: topology as unknown as tf.io.ModelJSON["modelTopology"] });
  } catch (error) {
    throw new BackboneError(
      "BAD_MODEL",
      `tfjs could not build the model: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  let weights: tf.NamedTensorMap;
  try {
    weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  } catch (error) {
    model.dispose();
    throw new BackboneError(
      "BAD_MODEL",
      `The weight data does not match its manifest: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  try {
    assignWeights(model, weights);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

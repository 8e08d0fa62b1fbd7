// Several trained classifiers of one task as ONE tfjs layers model: their probabilities averaged.
// An AUTO run that trained its winning recipe with several seeds keeps them all this way (issue 12):
// the average of a few independently trained CNNs errs less than any one of them, and as a single
// model it is saved, downloaded, converted to ONNX, served by predict and reviewed like any other.
//
// The members are merged from their saved files, not composed as nested sub-models: every member
// comes from the same recipe, so their layers share names (block_1_conv, …), which one model cannot
// hold twice. Each member's layers are renamed m1_…, m2_… in its topology and weight names, all read
// the one shared input, and an Average layer joins their outputs, so the saved topology is flat, in
// the standard tfjs format, and loadable by any tfjs or Keras reader.

import { filesToArtifacts, MODEL_FILE, type ModelFiles, WEIGHTS_FILE } from "../model-io/artifacts.ts";
import { ModelFormatError } from "../model-io/manifest.ts";

/** The averaging layer's name in an ensemble's topology. */
export const ENSEMBLE_AVERAGE_LAYER = "ensemble_average";

/** At least two members: one model needs no averaging. */
export const MIN_ENSEMBLE_MEMBERS = 2;

type MemberFiles = Pick<ModelFiles, typeof MODEL_FILE | typeof WEIGHTS_FILE>;

/** One entry of a functional topology's inbound node: [layer, node index, tensor index, kwargs]. */
type NodeRef = [string, number, number, Record<string, unknown>?];

interface LayerJson {
  class_name: string;
  name: string;
  config: { name: string; [key: string]: unknown };
  inbound_nodes: NodeRef[][];
}

interface TopologyJson {
  class_name: string;
  config: {
    name: string;
    layers: LayerJson[];
    input_layers: [string, number, number][];
    output_layers: [string, number, number][];
  };
  [key: string]: unknown;
}

const utf8 = new TextEncoder();

/** The prefix of member k (0-based) in the ensemble's layer and weight names. */
export function memberPrefix(k: number): string {
  return `m${k + 1}_`;
}

function topologyOf(files: MemberFiles, k: number): TopologyJson {
  const modelJson = JSON.parse(new TextDecoder().decode(files[MODEL_FILE])) as { modelTopology?: unknown };
  const topology = modelJson.modelTopology as TopologyJson | undefined;
  const config = topology?.config;
  if (
    !config ||
    !Array.isArray(config.layers) ||
    !Array.isArray(config.input_layers) ||
    !Array.isArray(config.output_layers)
  ) {
    throw new ModelFormatError(
      `ensemble member ${k + 1} is not a functional tfjs layers model (no layers, input_layers and output_layers); export it with exportModel`,
    );
  }
  if (config.input_layers.length !== 1 || config.output_layers.length !== 1) {
    throw new ModelFormatError(
      `ensemble member ${k + 1} has ${config.input_layers.length} inputs and ${config.output_layers.length} outputs; a classifier has one of each`,
    );
  }
  for (const layer of config.layers) {
    if (!Array.isArray(layer.inbound_nodes) || layer.inbound_nodes.some((node) => !Array.isArray(node))) {
      throw new ModelFormatError(
        `ensemble member ${k + 1}: layer ${layer.name} has inbound nodes in a format this merge does not read; export it with exportModel`,
      );
    }
  }
  return topology!;
}

/** The prefix of the layer that scales member k's output by its weight (weighted ensembles only). */
export const ENSEMBLE_WEIGHT_LAYER_PREFIX = "ensemble_weight_";

/**
 * Member weights as the scales that make an Average layer compute the weighted mean: member k's
 * output times w_k·M / Σw (M members). null when every weight is equal (a plain Average). Throws for
 * a weight list that does not fit the members.
 */
function averageScales(weights: readonly number[] | undefined, members: number): number[] | null {
  if (weights === undefined) return null;
  if (weights.length !== members || weights.some((w) => !(w > 0) || !Number.isFinite(w))) {
    throw new ModelFormatError(
      `ensemble weights must be one positive number per member (${members}), got [${weights.join(", ")}]`,
    );
  }
  if (weights.every((w) => w === weights[0])) return null;
  const total = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (w * members) / total);
}

/**
 * One model.json + weights.bin whose output is the mean of the members' outputs (class
 * probabilities, or a binary model's sigmoid unit), weighted when `weights` (one positive number per
 * member) are not all equal: each member's output then passes a Rescaling layer of w_k·M / Σw
 * before the Average, so the model stays standard layers any tfjs or Keras reader (and the ONNX
 * converter) knows. Every member must take the same input and give the same output width; its
 * layers keep their weights exactly. Load the result with importModel (with a manifest of the
 * members' labels, size and class mode). Throws ModelFormatError for fewer than two members or
 * members that do not fit together.
 */
export function ensembleModelFiles(
  members: readonly MemberFiles[],
  name = "headstart_ensemble",
  memberWeights?: readonly number[],
): MemberFiles {
  if (members.length < MIN_ENSEMBLE_MEMBERS) {
    throw new ModelFormatError(
      `an ensemble needs at least ${MIN_ENSEMBLE_MEMBERS} models, got ${members.length}; keep a single model as it is`,
    );
  }
  const scales = averageScales(memberWeights, members.length);
  const layers: LayerJson[] = [];
  const weightSpecs: ReturnType<typeof filesToArtifacts>["weightSpecs"] & object = [];
  const weightParts: Uint8Array[] = [];
  const outputs: NodeRef[] = [];
  let input: LayerJson | null = null;
  let inputShape = "";
  let base: TopologyJson | null = null;
  members.forEach((files, k) => {
    const topology = topologyOf(files, k);
    base ??= topology;
    // Checks that weights.bin holds exactly what model.json describes (else the bytes would shift).
    const artifacts = filesToArtifacts(files);
    const [inputName] = topology.config.input_layers[0];
    const memberInput = topology.config.layers.find((layer) => layer.name === inputName);
    if (memberInput?.class_name !== "InputLayer") {
      throw new ModelFormatError(`ensemble member ${k + 1}: its input ${inputName} is not an InputLayer`);
    }
    const shape = JSON.stringify(memberInput.config.batch_input_shape ?? memberInput.config.batchInputShape);
    if (input === null) {
      input = structuredClone(memberInput);
      inputShape = shape;
    } else if (shape !== inputShape) {
      throw new ModelFormatError(
        `ensemble member ${k + 1} takes input ${shape} but member 1 takes ${inputShape}; members must be trained at one size`,
      );
    }
    const prefix = memberPrefix(k);
    const renamed = (layer: string) => (layer === inputName ? input!.name : `${prefix}${layer}`);
    const names: string[] = [];
    for (const layer of topology.config.layers) {
      if (layer.name === inputName) continue;
      names.push(layer.name);
      const copy = structuredClone(layer);
      copy.name = renamed(layer.name);
      copy.config.name = copy.name;
      copy.inbound_nodes = layer.inbound_nodes.map((node) =>
        node.map(([source, nodeIndex, tensorIndex, kwargs]) => [renamed(source), nodeIndex, tensorIndex, kwargs ?? {}]),
      );
      layers.push(copy);
    }
    // A layer's weights are saved as "<layer name>/<weight>": the longest layer name that prefixes the
    // weight's name owns it (a layer name may itself contain an underscore-joined other layer name).
    const byLength = [...names].sort((a, b) => b.length - a.length);
    for (const spec of artifacts.weightSpecs!) {
      const owner = byLength.find((layer) => spec.name.startsWith(`${layer}/`));
      if (!owner) {
        throw new ModelFormatError(
          `ensemble member ${k + 1}: weight ${spec.name} belongs to no layer of its model; export the model with exportModel`,
        );
      }
      weightSpecs.push({ ...spec, name: `${prefix}${spec.name}` });
    }
    weightParts.push(files[WEIGHTS_FILE]);
    const [outName, outNode, outTensor] = topology.config.output_layers[0];
    if (scales) {
      const weightLayer = `${ENSEMBLE_WEIGHT_LAYER_PREFIX}${k + 1}`;
      layers.push({
        class_name: "Rescaling",
        name: weightLayer,
        config: { name: weightLayer, trainable: false, dtype: "float32", scale: scales[k], offset: 0 },
        inbound_nodes: [[[renamed(outName), outNode, outTensor, {}]]],
      });
      outputs.push([weightLayer, 0, 0, {}]);
    } else {
      outputs.push([renamed(outName), outNode, outTensor, {}]);
    }
  });
  const average: LayerJson = {
    class_name: "Average",
    name: ENSEMBLE_AVERAGE_LAYER,
    config: { name: ENSEMBLE_AVERAGE_LAYER, trainable: false, dtype: "float32" },
    inbound_nodes: [outputs],
  };
  const topology: TopologyJson = {
    ...base!,
    config: {
      name,
      layers: [input!, ...layers, average],
      input_layers: [[input!.name, 0, 0]],
      output_layers: [[ENSEMBLE_AVERAGE_LAYER, 0, 0]],
    },
  };
  const first = JSON.parse(new TextDecoder().decode(members[0][MODEL_FILE])) as Record<string, unknown>;
  const modelJson = {
    modelTopology: topology,
    format: first.format ?? "layers-model",
    generatedBy: first.generatedBy,
    convertedBy: first.convertedBy ?? null,
    weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: weightSpecs }],
  };
  const weights = new Uint8Array(weightParts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of weightParts) {
    weights.set(part, offset);
    offset += part.byteLength;
  }
  return { [MODEL_FILE]: utf8.encode(JSON.stringify(modelJson)), [WEIGHTS_FILE]: weights };
}

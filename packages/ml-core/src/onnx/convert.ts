import * as tf from "@tensorflow/tfjs";
import { OnnxConversionError } from "./errors.ts";
import { GraphBuilder } from "./graph.ts";
import { LAYER_CONVERTERS } from "./layers.ts";
import { materialize, type Value } from "./values.ts";

export const ONNX_INPUT_NAME = "input";
export const ONNX_OUTPUT_NAME = "output";

export interface ConvertOptions {
  /**
   * Stop at this layer: the graph outputs its activations (NHWC for feature maps), e.g. the cut below
   * the unfrozen blocks for fine-tuning. Defaults to the model's own output.
   */
  outputLayer?: string;
  /** Append global average pooling to a feature-map output: backbone + pooling = the embedding. */
  pooling?: "avg";
  /**
   * Multiply the graph input by this before anything else. The platform's models take 0..255 pixels;
   * an exported model takes 0..1 and scales by 255 itself.
   */
  inputScale?: number;
  /** Binary classifiers output one sigmoid unit p; emit [1 − p, p] so there is one column per class. */
  expandBinary?: boolean;
  /** Graph name and free-form metadata written into the model. */
  name?: string;
  metadata?: Record<string, string>;
}

export interface ConvertedModel {
  /** The serialised ONNX ModelProto. */
  bytes: Uint8Array;
  inputName: string;
  outputName: string;
  /** Input shape without the batch dimension, Keras order (h, w, c for images). */
  inputShape: number[];
  /** Output shape without the batch dimension, Keras order. */
  outputShape: number[];
}

type Node = tf.SymbolicTensor["sourceLayer"]["inboundNodes"][number];

function isContainer(layer: tf.layers.Layer): layer is tf.LayersModel {
  return layer instanceof tf.LayersModel;
}

function knownShape(shape: (number | null)[], what: string): number[] {
  const rest = shape.slice(1);
  if (rest.some((d) => d === null))
    throw new OnnxConversionError(
      "",
      "",
      `the ${what} shape ${JSON.stringify(shape)} must be fully known apart from the batch`,
    );
  return rest as number[];
}

/**
 * Converts the graph of `container` (a functional or Sequential model, or a nested model used as a
 * layer) given ONNX values for its inputs; returns the values of `outputs` (its own by default).
 */
function convertGraph(
  g: GraphBuilder,
  container: tf.LayersModel,
  inputs: Value[],
  outputs: tf.SymbolicTensor[] = container.outputs,
): Value[] {
  const values = new Map<number, Value>();
  container.inputs.forEach((t, i) => values.set(t.id, inputs[i]));

  // Post-order walk from the outputs: the nodes the outputs depend on, in an order tfjs could run them.
  // Walking tensors (rather than model.layers) picks the right node of layers shared by several models.
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: { tensor: tf.SymbolicTensor; expanded: boolean }[] = outputs.map((tensor) => ({
    tensor,
    expanded: false,
  }));
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (values.has(top.tensor.id)) continue;
    const node = top.tensor.sourceLayer.inboundNodes[top.tensor.nodeIndex];
    if (seen.has(node)) continue;
    if (node.inputTensors.length === 0 || node.outboundLayer.getClassName() === "InputLayer") {
      throw new OnnxConversionError(
        node.outboundLayer.name,
        node.outboundLayer.getClassName(),
        "the output depends on an input the model does not declare",
      );
    }
    if (top.expanded) {
      seen.add(node);
      order.push(node);
      continue;
    }
    stack.push({ tensor: top.tensor, expanded: true });
    for (const input of node.inputTensors) if (!values.has(input.id)) stack.push({ tensor: input, expanded: false });
  }

  // How often each tensor is read: a BatchNormalization folds into its convolution only when it is the sole reader.
  const readers = new Map<number, number>();
  const read = (id: number) => readers.set(id, (readers.get(id) ?? 0) + 1);
  for (const node of order) for (const input of node.inputTensors) read(input.id);
  for (const output of outputs) read(output.id);

  for (const node of order) {
    const layer = node.outboundLayer;
    const className = layer.getClassName();
    const nodeInputs = node.inputTensors.map((t) => values.get(t.id)!);
    let produced: Value[];
    if (isContainer(layer)) {
      produced = convertGraph(g, layer, nodeInputs);
    } else {
      const converter = LAYER_CONVERTERS[className];
      if (!converter) {
        throw new OnnxConversionError(
          layer.name,
          className,
          "this layer type has no ONNX converter; the model runs on tfjs instead",
        );
      }
      if (node.outputTensors.length !== 1)
        throw new OnnxConversionError(layer.name, className, "layers with several outputs are not supported");
      produced = [
        converter({
          g,
          layer,
          className,
          config: layer.getConfig() as Record<string, unknown>,
          inputs: nodeInputs,
          outputShape: node.outputTensors[0].shape,
          soleConsumer: readers.get(node.inputTensors[0].id) === 1,
        }),
      ];
    }
    node.outputTensors.forEach((t, i) => values.set(t.id, produced[i]));
  }
  return outputs.map((t) => values.get(t.id)!);
}

/** The value of a one-element float initializer, or null when `name` is anything else. */
function scalarConstant(g: GraphBuilder, name: string): number | null {
  const init = g.initializers.get(name);
  if (!init || !(init.data instanceof Float32Array) || init.data.length !== 1) return null;
  return init.data[0];
}

/**
 * Folds a scalar multiply straight before a convolution (a Rescaling layer: x·s + o) into the
 * convolution's weights: Conv_W(x·s + o) = Conv_{W·s}(x + o/s), zero padding included, since padding
 * with zeros commutes with scaling. ONNX Runtime fuses neither op into the Conv, so this saves one
 * pass over the full-size input (≈2% of MobileNetV2 at 224 px on one thread). The Add stays: its
 * offset cannot move into the bias exactly where the convolution pads.
 */
function foldInputScaleIntoConv(g: GraphBuilder): void {
  const readers = (name: string) => g.nodes.filter((n) => n.inputs.includes(name));
  for (const mul of g.nodes.filter((n) => n.opType === "Mul")) {
    const scale = scalarConstant(g, mul.inputs[1]);
    if (scale === null || scale === 0 || !Number.isFinite(scale)) continue;
    const [next] = readers(mul.outputs[0]);
    if (readers(mul.outputs[0]).length !== 1) continue;
    let add: (typeof g.nodes)[number] | null = null;
    let conv = next;
    if (next.opType === "Add") {
      if (scalarConstant(g, next.inputs[1]) === null || readers(next.outputs[0]).length !== 1) continue;
      add = next;
      conv = readers(next.outputs[0])[0];
    }
    if (conv.opType !== "Conv" || conv.inputs[0] !== (add ?? mul).outputs[0]) continue;
    const weight = g.initializers.get(conv.inputs[1]);
    if (!weight || !(weight.data instanceof Float32Array) || readers(weight.name).length !== 1) continue;
    weight.data = weight.data.map((w) => w * scale);
    if (add) {
      const offset = scalarConstant(g, add.inputs[1])!;
      add.inputs[0] = mul.inputs[0];
      add.inputs[1] = g.constant(`${add.inputs[1]}/unscaled`, [], [offset / scale]).name;
    } else {
      conv.inputs[0] = mul.inputs[0];
    }
    g.nodes.splice(g.nodes.indexOf(mul), 1);
  }
}

/** The output tensor of `layerName` inside `model` (its first application there). */
function layerOutput(model: tf.LayersModel, layerName: string): tf.SymbolicTensor {
  let layer: tf.layers.Layer;
  try {
    layer = model.getLayer(layerName);
  } catch {
    throw new OnnxConversionError(layerName, "?", `the model "${model.name}" has no layer of that name`);
  }
  const output = layer.inboundNodes[0]?.outputTensors[0];
  if (!output) throw new OnnxConversionError(layerName, layer.getClassName(), "the layer has no output in this model");
  return output;
}

/**
 * Converts a tfjs layers model (weights read from memory, so quantised models arrive already
 * dequantised) into an ONNX graph. Input and output are NHWC float32 like the tfjs model's; inside,
 * feature maps are channels-first, BatchNormalization is folded into the convolution before it, and
 * ZeroPadding2D into the convolution after it. Throws OnnxConversionError naming the first layer it
 * cannot express.
 */
export function convertLayersModel(model: tf.LayersModel, options: ConvertOptions = {}): ConvertedModel {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new OnnxConversionError(
      "",
      model.getClassName(),
      `the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; only single-input, single-output models convert`,
    );
  }
  const g = new GraphBuilder();
  g.reserve(ONNX_INPUT_NAME);
  g.reserve(ONNX_OUTPUT_NAME);
  const inputTensor = model.inputs[0];
  const inputShape = knownShape(inputTensor.shape, "input");
  if (inputTensor.dtype !== "float32")
    throw new OnnxConversionError(
      "",
      model.getClassName(),
      `the input is ${inputTensor.dtype}; only float32 inputs convert`,
    );

  let entry = ONNX_INPUT_NAME;
  if (options.inputScale !== undefined && options.inputScale !== 1)
    entry = g.op("Mul", [entry, g.constant("input_scale", [], [options.inputScale]).name], "input_scaled");
  // Images come in channels-last; the graph works channels-first from here on.
  // Other ranks (vectors, sequences) pass through as they are; layers that cannot take them say so.
  if (inputShape.length === 3) entry = g.op("Transpose", [entry], "input_nchw", { perm: [0, 3, 1, 2] });

  const target = options.outputLayer ? layerOutput(model, options.outputLayer) : model.outputs[0];
  const [result] = convertGraph(g, model, [{ name: entry, shape: inputTensor.shape }], [target]);
  let out = materialize(g, result);
  let outputShape = knownShape(result.shape, "output");
  if (options.pooling === "avg") {
    if (outputShape.length !== 3)
      throw new OnnxConversionError(
        "",
        "GlobalAveragePooling2D",
        `pooling needs a feature map, the output is ${JSON.stringify(result.shape)}`,
      );
    out = g.op("Flatten", [g.op("GlobalAveragePool", [out], "pool")], "pool", { axis: 1 });
    outputShape = [outputShape[2]];
  } else if (outputShape.length === 3) {
    out = g.op("Transpose", [out], "output_nhwc", { perm: [0, 2, 3, 1] });
  } else if (outputShape.length !== 1) {
    throw new OnnxConversionError(
      "",
      model.getClassName(),
      `outputs of shape ${JSON.stringify(result.shape)} are not supported`,
    );
  }
  if (options.expandBinary) {
    if (outputShape.length !== 1 || outputShape[0] !== 1)
      throw new OnnxConversionError(
        "",
        model.getClassName(),
        `expandBinary needs one output unit, got ${JSON.stringify(outputShape)}`,
      );
    const complement = g.op("Sub", [g.constant("one", [], [1]).name, out], "complement");
    out = g.op("Concat", [complement, out], "class_probabilities", { axis: 1 });
    outputShape = [2];
  }
  g.node("Identity", [out], "output", {}, ONNX_OUTPUT_NAME);
  foldInputScaleIntoConv(g);

  const bytes = g.encode({
    name: options.name ?? model.name,
    inputs: [{ name: ONNX_INPUT_NAME, shape: ["batch", ...inputShape] }],
    outputs: [{ name: ONNX_OUTPUT_NAME, shape: ["batch", ...outputShape] }],
    metadata: options.metadata,
  });
  return { bytes, inputName: ONNX_INPUT_NAME, outputName: ONNX_OUTPUT_NAME, inputShape, outputShape };
}

import type * as tf from "@tensorflow/tfjs";
import { OnnxConversionError } from "./errors.ts";
import { GraphBuilder } from "./graph.ts";

/**
 * One operation of the unfrozen top, in the order the forward pass runs them. Tensors are named
 * strings; every feature map is kept as a 2-D [n·h·w, channels] matrix in NHWC order (all the top's
 * layers keep h and w), so a 1×1 convolution is one matrix product over every pixel of the batch.
 * Weights are indices into the plan's `state` list.
 */
export type FineTuneOp =
  | { kind: "conv1x1"; layer: string; input: string; output: string; kernel: number; bias: number | null }
  | {
      kind: "batchnorm";
      layer: string;
      input: string;
      output: string;
      gamma: number;
      beta: number;
      mean: number;
      variance: number;
      epsilon: number;
    }
  | { kind: "relu"; layer: string; input: string; output: string; max: number | null }
  | { kind: "depthwise"; layer: string; input: string; output: string; kernel: number; size: number }
  | { kind: "add"; layer: string; inputs: [string, string]; output: string }
  | { kind: "gap"; layer: string; input: string; output: string };

/** The unfrozen top and the reference head as the step graph sees them. */
export interface FineTunePlan {
  /** One cached activation at the cut: [h, w, channels]. */
  activationShape: [number, number, number];
  ops: FineTuneOp[];
  /** Shapes of every state variable: the top's weights (layer order), then the head's four. */
  state: number[][];
  /** Indices into `state` of the trainable variables, in the optimizer's order (top's, then the head's). */
  trainable: number[];
  /** The head's weights: W1, b1, W2, b2 as indices into `state`. */
  head: [number, number, number, number];
  outputs: number;
  activation: "softmax" | "sigmoid";
}

const INPUT = "x";

/** A weight of a layer as the plan refers to it: its position among the state variables. */
function indexOf(stateIndex: Map<tf.LayerVariable, number>, layer: tf.layers.Layer, position: number): number {
  const variable = layer.weights[position];
  const index = variable ? stateIndex.get(variable) : undefined;
  if (index === undefined) {
    throw new OnnxConversionError(
      layer.name,
      layer.getClassName(),
      `weight ${position} is not among the model's weights`,
    );
  }
  return index;
}

function unsupported(layer: tf.layers.Layer, detail: string): never {
  throw new OnnxConversionError(
    layer.name,
    layer.getClassName(),
    `the fine-tune step graph does not support ${detail}`,
  );
}

const pair = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : [v as number, v as number]);

/**
 * Reads the unfrozen top (a functional model from splitForFineTune) and a reference head into a plan,
 * or throws OnnxConversionError naming the first layer the step graph cannot train: a layer type it
 * lacks, a stride or dilation other than 1 (the graph keeps h and w fixed), BatchNormalization in
 * training mode (its batch statistics need their own gradient), a fused activation.
 */
export function planFineTuneGraph(
  top: tf.LayersModel,
  head: tf.LayersModel,
  activation: "softmax" | "sigmoid",
): FineTunePlan {
  const stateVariables = [...top.weights, ...head.weights];
  const stateIndex = new Map(stateVariables.map((v, i) => [v, i]));
  const trainableVariables = [...top.trainableWeights, ...head.trainableWeights];
  if (top.inputs.length !== 1 || top.outputs.length !== 1) {
    throw new OnnxConversionError("", "", "the fine-tuned top must have one input and one output");
  }
  const inputShape = top.inputs[0].shape.slice(1) as number[];
  if (inputShape.length !== 3 || inputShape.some((d) => !Number.isInteger(d))) {
    throw new OnnxConversionError("", "", `the cut activations must be [h, w, c] feature maps, got [${inputShape}]`);
  }
  const [height, width] = inputShape;
  const names = new Map<number, string>([[top.inputs[0].id, INPUT]]);
  const ops: FineTuneOp[] = [];
  let counter = 0;
  for (const layer of top.layers) {
    if (layer.getClassName() === "InputLayer") continue;
    // The layer's call inside `top`: the node whose inputs are all tensors of this plan (shared
    // backbone layers also carry their call in the backbone and in any earlier split).
    const node = layer.inboundNodes.find(
      (n) => n.inputTensors.length > 0 && n.inputTensors.every((t) => names.has(t.id)),
    );
    if (!node) unsupported(layer, "a layer that does not read the top's own tensors");
    const inputs = node.inputTensors.map((t) => names.get(t.id)!);
    const outputTensor = node.outputTensors[0];
    const output = `t${counter++}_${layer.name}`;
    names.set(outputTensor.id, output);
    const outShape = outputTensor.shape;
    if (outShape.length === 4 && (outShape[1] !== height || outShape[2] !== width)) {
      unsupported(layer, `a change of spatial size (${height}×${width} to ${outShape[1]}×${outShape[2]})`);
    }
    const config = layer.getConfig();
    const className = layer.getClassName();
    const linear = config.activation === undefined || config.activation === "linear";
    switch (className) {
      case "Conv2D": {
        const kernel = pair(config.kernelSize);
        if (kernel[0] !== 1 || kernel[1] !== 1) unsupported(layer, `a ${kernel.join("×")} convolution (only 1×1)`);
        if (pair(config.strides).some((s) => s !== 1)) unsupported(layer, "strides other than 1");
        if (pair(config.dilationRate).some((d) => d !== 1)) unsupported(layer, "dilation");
        if (config.dataFormat === "channels_first") unsupported(layer, "channels_first");
        if (!linear) unsupported(layer, `a fused ${String(config.activation)} activation`);
        ops.push({
          kind: "conv1x1",
          layer: layer.name,
          input: inputs[0],
          output,
          kernel: indexOf(stateIndex, layer, 0),
          bias: config.useBias ? indexOf(stateIndex, layer, 1) : null,
        });
        break;
      }
      case "DepthwiseConv2D": {
        const kernel = pair(config.kernelSize);
        if (kernel[0] !== kernel[1] || kernel[0] % 2 !== 1) unsupported(layer, `a ${kernel.join("×")} kernel`);
        if (config.padding !== "same" && kernel[0] !== 1) unsupported(layer, `padding "${String(config.padding)}"`);
        if (pair(config.strides).some((s) => s !== 1)) unsupported(layer, "strides other than 1");
        if (pair(config.dilationRate).some((d) => d !== 1)) unsupported(layer, "dilation");
        if ((config.depthMultiplier ?? 1) !== 1) unsupported(layer, "a depth multiplier other than 1");
        if (config.useBias) unsupported(layer, "a depthwise bias");
        if (!linear) unsupported(layer, `a fused ${String(config.activation)} activation`);
        ops.push({
          kind: "depthwise",
          layer: layer.name,
          input: inputs[0],
          output,
          kernel: indexOf(stateIndex, layer, 0),
          size: kernel[0],
        });
        break;
      }
      case "BatchNormalization": {
        // A pretrained backbone pins its BN to inference mode (pinBatchNormToInference replaces the
        // instance's call); an unpinned one normalises by batch statistics while training.
        if (!Object.hasOwn(layer, "call")) unsupported(layer, "BatchNormalization in training mode (batch statistics)");
        const axis = config.axis as number | number[];
        if (
          !(
            axis === -1 ||
            axis === 3 ||
            (Array.isArray(axis) && axis.length === 1 && (axis[0] === -1 || axis[0] === 3))
          )
        )
          unsupported(layer, `normalising along axis ${JSON.stringify(axis)}`);
        if (config.scale === false || config.center === false) unsupported(layer, "BN without scale or center");
        ops.push({
          kind: "batchnorm",
          layer: layer.name,
          input: inputs[0],
          output,
          gamma: indexOf(stateIndex, layer, 0),
          beta: indexOf(stateIndex, layer, 1),
          mean: indexOf(stateIndex, layer, 2),
          variance: indexOf(stateIndex, layer, 3),
          epsilon: config.epsilon as number,
        });
        break;
      }
      case "ReLU": {
        if ((config.negativeSlope ?? 0) !== 0 || (config.threshold ?? 0) !== 0)
          unsupported(layer, "a leaky or thresholded ReLU");
        ops.push({
          kind: "relu",
          layer: layer.name,
          input: inputs[0],
          output,
          max: (config.maxValue as number) ?? null,
        });
        break;
      }
      case "Add": {
        if (inputs.length !== 2) unsupported(layer, `an Add of ${inputs.length} tensors`);
        ops.push({ kind: "add", layer: layer.name, inputs: [inputs[0], inputs[1]], output });
        break;
      }
      case "GlobalAveragePooling2D": {
        if (config.dataFormat === "channels_first") unsupported(layer, "channels_first");
        ops.push({ kind: "gap", layer: layer.name, input: inputs[0], output });
        break;
      }
      default:
        unsupported(layer, `layers of type ${className}`);
    }
  }
  const last = ops[ops.length - 1];
  if (last?.kind !== "gap" || names.get(top.outputs[0].id) !== last.output) {
    throw new OnnxConversionError("", "", "the fine-tuned top must end in its GlobalAveragePooling2D features");
  }
  if (ops.slice(0, -1).some((op) => op.kind === "gap")) {
    throw new OnnxConversionError("", "", "the top pools more than once");
  }
  const trainable = trainableVariables.map((v) => {
    const index = stateIndex.get(v);
    if (index === undefined) throw new OnnxConversionError("", "", `trainable weight ${v.name} is not in the state`);
    return index;
  });
  const base = top.weights.length;
  return {
    activationShape: [inputShape[0], inputShape[1], inputShape[2]],
    ops,
    state: stateVariables.map((v) => [...v.shape] as number[]),
    trainable,
    head: [base, base + 1, base + 2, base + 3],
    outputs: head.weights[2].shape[1] as number,
    activation,
  };
}

/** Feed name of state variable `i`. */
export const stateInput = (i: number) => `w${i}`;
/** Fetch name of the gradient of trainable variable `k` (position in plan.trainable). */
export const gradientOutput = (k: number) => `g${k}`;

type BatchNormOp = Extract<FineTuneOp, { kind: "batchnorm" }>;
/** A plan op as the graphs emit it: a convolution may carry the BatchNormalization that follows it. */
type GraphOp = FineTuneOp & { bn?: BatchNormOp };

/**
 * Folds each BatchNormalization into the convolution before it when nothing else reads the
 * convolution's output (every conv of MobileNetV2). In inference mode BN is a per-channel affine map,
 * so conv + BN is one conv with kernel K·s and bias β − mean·s (s = γ/√(var+ε)), and its gradients
 * come from the conv's own: with G the kernel gradient of the unfolded conv by dY, dK = G·s and
 * Σ dY·(z − mean) = Σ K∘G − mean·Σ dY (z the conv's output). That saves six full passes over each
 * feature map per step (three element-wise ops forward, three backward).
 */
function foldBatchNorms(ops: readonly FineTuneOp[]): GraphOp[] {
  const readers = new Map<string, number>();
  for (const op of ops) {
    for (const t of op.kind === "add" ? op.inputs : [op.input]) readers.set(t, (readers.get(t) ?? 0) + 1);
  }
  const out: GraphOp[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const next = ops[i + 1];
    if (
      (op.kind === "conv1x1" || op.kind === "depthwise") &&
      next?.kind === "batchnorm" &&
      next.input === op.output &&
      readers.get(op.output) === 1
    ) {
      out.push({ ...op, output: next.output, bn: next });
      i++;
    } else {
      out.push(op);
    }
  }
  return out;
}

/**
 * The forward pass of the top and the head, shared by the step and the logits graphs. Returns the
 * logits' name and, per forward tensor, what the backward pass reads.
 */
function forward(g: GraphBuilder, plan: FineTunePlan, train: boolean) {
  const [height, width, inChannels] = plan.activationShape;
  const w = stateInput;
  const int64 = (hint: string, values: number[]) => g.int64(hint, values);
  const channelsOf = new Map<string, number>([[INPUT, inChannels]]);
  // Batch-norm centred inputs and rsqrt(var + eps), kept for dgamma; the 2-D kernel of each 1×1 conv.
  const saved = new Map<string, Record<string, string>>();
  const nhwc = (c: number) => int64(`nhwc_${c}`, [-1, height, width, c]);
  const flat = (c: number) => int64(`rows_${c}`, [-1, c]);
  const x2d = g.op("Reshape", [INPUT, flat(inChannels)], "x_rows");
  const alias = new Map<string, string>([[INPUT, x2d]]);
  const read = (name: string) => alias.get(name) ?? name;
  // Per-channel 1/√(var+ε) and s = γ/√(var+ε) of a BatchNormalization.
  const bnScale = (bn: BatchNormOp) => {
    const eps = g.constant(`${bn.layer}_eps`, [1], [bn.epsilon]).name;
    const std = g.op("Sqrt", [g.op("Add", [w(bn.variance), eps], `${bn.layer}_var_eps`)], `${bn.layer}_std`);
    const rstd = g.op("Reciprocal", [std], `${bn.layer}_rstd`);
    return { rstd, scale: g.op("Mul", [w(bn.gamma), rstd], `${bn.layer}_scale`) };
  };
  // β + (b − mean)·s: the bias of a conv (bias b, or none) with its BN folded in.
  const foldedBias = (bn: BatchNormOp, bias: string | null, scale: string) => {
    const centred = bias
      ? g.op("Sub", [bias, w(bn.mean)], `${bn.layer}_bias_c`)
      : g.op("Neg", [w(bn.mean)], "neg_mean");
    return g.op("Add", [g.op("Mul", [centred, scale], `${bn.layer}_bias_s`), w(bn.beta)], `${bn.layer}_bias`);
  };
  let features = "";
  for (const op of foldBatchNorms(plan.ops)) {
    switch (op.kind) {
      case "conv1x1": {
        const [, , cin, cout] = plan.state[op.kernel];
        const kernel2d = g.op("Reshape", [w(op.kernel), int64(`${op.layer}_k2d`, [cin, cout])], `${op.layer}_k2d`);
        const bias = op.bias !== null ? w(op.bias) : null;
        if (op.bn) {
          const { rstd, scale } = bnScale(op.bn);
          const folded = g.op("Mul", [kernel2d, scale], `${op.layer}_folded`);
          g.node("Gemm", [read(op.input), folded, foldedBias(op.bn, bias, scale)], op.layer, {}, op.output);
          saved.set(op.output, { kernel2d, folded, rstd, scale });
        } else {
          g.node("Gemm", [read(op.input), kernel2d, ...(bias ? [bias] : [])], op.layer, {}, op.output);
          saved.set(op.output, { kernel2d, folded: kernel2d });
        }
        channelsOf.set(op.output, cout);
        break;
      }
      case "batchnorm": {
        // As tfjs computes it, (x − mean)·(γ/√(var+ε)) + β: the centred input is kept for dγ.
        const { rstd, scale } = bnScale(op);
        const centred = g.op("Sub", [read(op.input), w(op.mean)], `${op.layer}_centred`);
        g.node("Add", [g.op("Mul", [centred, scale], `${op.layer}_scaled`), w(op.beta)], op.layer, {}, op.output);
        saved.set(op.output, { centred, rstd, scale });
        channelsOf.set(op.output, channelsOf.get(op.input)!);
        break;
      }
      case "relu": {
        const zero = g.constant("zero", [], [0]).name;
        if (op.max === null) g.node("Relu", [read(op.input)], op.layer, {}, op.output);
        else g.node("Clip", [read(op.input), zero, g.constant("relu_max", [], [op.max]).name], op.layer, {}, op.output);
        channelsOf.set(op.output, channelsOf.get(op.input)!);
        break;
      }
      case "depthwise": {
        const c = channelsOf.get(op.input)!;
        const pad = (op.size - 1) / 2;
        // [k, k, c, 1] (Keras) → [c, 1, k, k] (ONNX grouped Conv).
        const kernel = g.op("Transpose", [w(op.kernel)], `${op.layer}_oihw`, { perm: [2, 3, 0, 1] });
        let folded = kernel;
        const convInputs: string[] = [];
        if (op.bn) {
          const { rstd, scale } = bnScale(op.bn);
          const perFilter = g.op("Reshape", [scale, int64(`${op.layer}_s4d`, [c, 1, 1, 1])], `${op.layer}_s4d`);
          folded = g.op("Mul", [kernel, perFilter], `${op.layer}_folded`);
          convInputs.push(foldedBias(op.bn, null, scale));
          saved.set(op.output, { kernel, folded, rstd, scale });
        } else {
          saved.set(op.output, { kernel, folded });
        }
        const nchw = g.op(
          "Transpose",
          [g.op("Reshape", [read(op.input), nhwc(c)], `${op.layer}_in4d`)],
          `${op.layer}_in_nchw`,
          { perm: [0, 3, 1, 2] },
        );
        const conv = g.op("Conv", [nchw, folded, ...convInputs], op.layer, {
          group: c,
          kernel_shape: [op.size, op.size],
          pads: [pad, pad, pad, pad],
        });
        const back = g.op("Transpose", [conv], `${op.layer}_nhwc`, { perm: [0, 2, 3, 1] });
        g.node("Reshape", [back, flat(c)], `${op.layer}_rows`, {}, op.output);
        channelsOf.set(op.output, c);
        break;
      }
      case "add": {
        g.node("Add", [read(op.inputs[0]), read(op.inputs[1])], op.layer, {}, op.output);
        channelsOf.set(op.output, channelsOf.get(op.inputs[0])!);
        break;
      }
      case "gap": {
        const c = channelsOf.get(op.input)!;
        const pixels = g.op("Reshape", [read(op.input), int64(`${op.layer}_pixels`, [-1, height * width, c])], "pix");
        g.node("ReduceMean", [pixels], op.layer, { axes: [1], keepdims: 0 }, op.output);
        channelsOf.set(op.output, c);
        features = op.output;
        break;
      }
    }
  }
  const [w1, b1, w2, b2] = plan.head.map(w);
  const hidden = g.op("Relu", [g.op("Gemm", [features, w1, b1], "head_pre")], "head_hidden");
  const dropped = train ? g.op("Mul", [hidden, "mask"], "head_dropped") : hidden;
  g.node("Gemm", [dropped, w2, b2], "logits", {}, "logits");
  return { read, saved, channelsOf, features, hidden, dropped, nhwc, flat };
}

function declaredInputs(plan: FineTunePlan, train: boolean) {
  const [height, width, channels] = plan.activationShape;
  const inputs: { name: string; shape: (number | string)[] }[] = [
    { name: INPUT, shape: ["n", height, width, channels] },
  ];
  if (train) inputs.push({ name: "y", shape: ["n", plan.outputs] });
  plan.state.forEach((shape, i) => inputs.push({ name: stateInput(i), shape }));
  if (train) {
    inputs.push({ name: "mask", shape: ["n", plan.state[plan.head[0]][1]] });
    inputs.push({ name: "scale", shape: [1] });
  }
  return inputs;
}

/**
 * One fine-tuning step as an ONNX inference graph: the forward pass of the unfrozen top and the
 * reference head, then the gradient of the loss with respect to every trainable variable, in ONNX
 * Runtime's own kernels. No weights are baked in (every state variable is fed), so one session
 * serves every step and every run of the same architecture and size.
 *
 * Feeds: x [n, h, w, c] (cut activations), y [n, out] (encoded targets), w0…wK (every state variable,
 * Keras shapes), mask [n, hidden] (the head's scaled dropout keep-mask) and scale [1] (1/n for
 * softmax, 1/(n·out) for sigmoid). Fetches: logits and g0…gT, the gradients of plan.trainable in
 * order and in their variables' shapes.
 *
 * The gradients are tfjs autodiff's for the same layers: a 1×1 conv is X·K on [n·h·w, c] rows, so dX =
 * dY·Kᵀ and dK = Xᵀ·dY; BN in inference mode is (x − mean)·γ/√(var+ε) + β, so dγ = Σ dY·(x − mean)/√(var+ε),
 * dβ = Σ dY and dX = dY·γ/√(var+ε); ReLU(max m) passes dY where 0 < x ≤ m (relu's step, then clip's
 * closed interval); the depthwise conv's input gradient is the same grouped conv with the kernel
 * flipped, its kernel gradient a grouped conv of the padded input ([c, n, h+2p, w+2p]: n channels per
 * group) by dY ([c, n, h, w]); Add fans dY out; the mean pool spreads dY/(h·w) over every pixel.
 */
export function fineTuneStepGraph(plan: FineTunePlan): Uint8Array {
  const g = new GraphBuilder();
  const outputsNames = ["logits", ...plan.trainable.map((_, k) => gradientOutput(k))];
  for (const name of [...declaredInputs(plan, true).map((i) => i.name), ...outputsNames]) g.reserve(name);
  const { read, saved, channelsOf, dropped, hidden, nhwc, flat, features } = forward(g, plan, true);
  const [height, width] = plan.activationShape;
  const [w1i, b1i, w2i, b2i] = plan.head;
  const gradientName = new Map<number, string>(plan.trainable.map((stateIndex, k) => [stateIndex, gradientOutput(k)]));
  const wants = (stateIndex: number | null) => stateIndex !== null && gradientName.has(stateIndex);
  const rows = g.int64("rows_axis", [0]);
  const grad = (stateIndex: number, value: string, hint: string) => {
    g.node("Identity", [value], hint, {}, gradientName.get(stateIndex)!);
  };

  // The head, as headStepGraph, then on to the features.
  const activated = g.op(plan.activation === "softmax" ? "Softmax" : "Sigmoid", ["logits"], "activated", {
    ...(plan.activation === "softmax" ? { axis: 1 } : {}),
  });
  const dLogits = g.op("Mul", [g.op("Sub", [activated, "y"], "error"), "scale"], "d_logits");
  if (wants(w2i)) g.node("Gemm", [dropped, dLogits], "dw2", { transA: 1 }, gradientName.get(w2i));
  if (wants(b2i)) g.node("ReduceSum", [dLogits, rows], "db2", { keepdims: 0 }, gradientName.get(b2i));
  const dHidden = g.op("Mul", [g.op("Gemm", [dLogits, stateInput(w2i)], "d_dropped", { transB: 1 }), "mask"], "dh");
  const dPre = g.op("Mul", [dHidden, g.op("Sign", [hidden], "relu_slope")], "d_pre");
  if (wants(w1i)) g.node("Gemm", [features, dPre], "dw1", { transA: 1 }, gradientName.get(w1i));
  if (wants(b1i)) g.node("ReduceSum", [dPre, rows], "db1", { keepdims: 0 }, gradientName.get(b1i));
  const dFeatures = g.op("Gemm", [dPre, stateInput(w1i)], "d_features", { transB: 1 });

  // Which tensors need a gradient: anything computed from a trainable weight (the cut activations
  // themselves never do).
  const ops = foldBatchNorms(plan.ops);
  const needs = new Set<string>();
  for (const op of ops) {
    const ins = op.kind === "add" ? op.inputs : [op.input];
    const own =
      (op.kind === "conv1x1" && (wants(op.kernel) || wants(op.bias))) ||
      (op.kind === "batchnorm" && (wants(op.gamma) || wants(op.beta))) ||
      (op.kind === "depthwise" && wants(op.kernel)) ||
      (op.bn !== undefined && (wants(op.bn.gamma) || wants(op.bn.beta)));
    if (own || ins.some((t) => needs.has(t))) needs.add(op.output);
  }
  // Gradient contributions per tensor, summed when its producer is reached (a tensor read twice,
  // like a residual block's input, gets one from each reader).
  const pending = new Map<string, string[]>();
  const contribute = (tensor: string, value: string) => {
    if (!needs.has(tensor)) return;
    pending.set(tensor, [...(pending.get(tensor) ?? []), value]);
  };
  const gradientOf = (tensor: string): string | null => {
    const parts = pending.get(tensor);
    if (!parts || parts.length === 0) return null;
    return parts.length === 1 ? parts[0] : g.op("Sum", parts, `d_${tensor}`);
  };
  const zero = g.constant("d_zero", [], [0]).name;
  // The BN parameters' gradients of a folded conv, from Σ dY, the unfolded kernel (same layout as G)
  // and G, the unfolded conv's kernel gradient; `axes` are G's axes other than the channel's.
  const foldedBatchNormGradients = (
    bn: BatchNormOp,
    dBeta: string,
    kernel: string,
    kernelGradient: string | null,
    axes: number[],
    biasCentred: string | null,
    rstd: string,
  ) => {
    const hint = `d_${bn.layer}`;
    if (wants(bn.beta)) grad(bn.beta, dBeta, hint);
    if (!wants(bn.gamma) || kernelGradient === null) return;
    // Σ dY·(z − mean) = Σ K∘G + (b − mean)·Σ dY, b the conv's bias (none: 0).
    const kg = g.op(
      "ReduceSum",
      [g.op("Mul", [kernel, kernelGradient], `${hint}_kg`), g.int64(`${hint}_axes`, axes)],
      `${hint}_kgsum`,
      { keepdims: 0 },
    );
    const offset = g.op(
      "Mul",
      [biasCentred ?? g.op("Neg", [stateInput(bn.mean)], `${hint}_neg_mean`), dBeta],
      `${hint}_offset`,
    );
    grad(bn.gamma, g.op("Mul", [g.op("Add", [kg, offset], `${hint}_dyc`), rstd], `${hint}_gamma`), hint);
  };
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (op.kind === "gap") {
      const c = channelsOf.get(op.input)!;
      const spread = g.op(
        "Mul",
        [
          g.op("Reshape", [dFeatures, g.int64("d_pool_shape", [-1, 1, c])], "d_pool3d"),
          g.constant("inv_pixels", [], [1 / (height * width)]).name,
        ],
        "d_pool_mean",
      );
      const pixels = g.op("Reshape", [read(op.input), g.int64("pool_pixels", [-1, height * width, c])], "pool_in3d");
      // dY/(h·w) copied to every pixel of its image.
      const expanded = g.op("Expand", [spread, g.op("Shape", [pixels], "pool_in_shape")], "d_pool_expanded");
      contribute(op.input, g.op("Reshape", [expanded, flat(c)], "d_pool_rows"));
      continue;
    }
    const dy = gradientOf(op.output);
    if (dy === null) continue;
    const hint = `d_${op.layer}`;
    switch (op.kind) {
      case "conv1x1": {
        const { kernel2d, folded, rstd, scale } = saved.get(op.output)!;
        const bn = op.bn;
        const dySum = () => g.op("ReduceSum", [dy, rows], `${hint}_dysum`, { keepdims: 0 });
        // G = Xᵀ·dY: the kernel gradient of the conv as if BN were not folded in.
        const needG = wants(op.kernel) || (bn !== undefined && wants(bn.gamma));
        const kernelGradient = needG ? g.op("Gemm", [read(op.input), dy], `${hint}_g`, { transA: 1 }) : null;
        if (bn) {
          const dBeta = dySum();
          if (wants(op.kernel)) {
            const dk = g.op("Mul", [kernelGradient!, scale], `${hint}_kernel2d`);
            grad(op.kernel, g.op("Reshape", [dk, g.int64(`${hint}_kshape`, plan.state[op.kernel])], `${hint}_k`), hint);
          }
          if (op.bias !== null && wants(op.bias)) grad(op.bias, g.op("Mul", [dBeta, scale], `${hint}_b`), hint);
          const biasCentred =
            op.bias !== null ? g.op("Sub", [stateInput(op.bias), stateInput(bn.mean)], `${hint}_bias_c`) : null;
          foldedBatchNormGradients(bn, dBeta, kernel2d, kernelGradient, [0], biasCentred, rstd);
        } else {
          if (wants(op.kernel)) {
            grad(
              op.kernel,
              g.op("Reshape", [kernelGradient!, g.int64(`${hint}_kshape`, plan.state[op.kernel])], `${hint}_k`),
              hint,
            );
          }
          if (op.bias !== null && wants(op.bias)) grad(op.bias, dySum(), hint);
        }
        if (needs.has(op.input)) contribute(op.input, g.op("Gemm", [dy, folded], `${hint}_x`, { transB: 1 }));
        break;
      }
      case "batchnorm": {
        const { centred, rstd, scale } = saved.get(op.output)!;
        if (wants(op.gamma)) {
          const summed = g.op("ReduceSum", [g.op("Mul", [dy, centred], `${hint}_dyc`), rows], `${hint}_sum`, {
            keepdims: 0,
          });
          grad(op.gamma, g.op("Mul", [summed, rstd], `${hint}_gamma`), hint);
        }
        if (wants(op.beta)) grad(op.beta, g.op("ReduceSum", [dy, rows], `${hint}_beta`, { keepdims: 0 }), hint);
        if (needs.has(op.input)) contribute(op.input, g.op("Mul", [dy, scale], `${hint}_x`));
        break;
      }
      case "relu": {
        const x = read(op.input);
        // tfjs passes dY where 0 < x ≤ max: relu's step, then clip's closed interval. (Comparing the
        // clipped output with its input would be one op, but gave wrong masks on ONNX Runtime 1.30,
        // which may reuse the input buffer for the clip.)
        let pass = g.op("Greater", [x, zero], `${hint}_pos`);
        if (op.max !== null) {
          const max = g.constant(`${hint}_max`, [], [op.max]).name;
          pass = g.op("And", [pass, g.op("LessOrEqual", [x, max], `${hint}_below`)], `${hint}_pass`);
        }
        contribute(op.input, g.op("Where", [pass, dy, zero], `${hint}_x`));
        break;
      }
      case "depthwise": {
        const c = channelsOf.get(op.input)!;
        const k = op.size;
        const pad = (k - 1) / 2;
        const dy4 = g.op("Reshape", [dy, nhwc(c)], `${hint}_dy4d`);
        const { kernel, folded, rstd, scale } = saved.get(op.output)!;
        const bn = op.bn;
        if (needs.has(op.input)) {
          // The transposed convolution of a stride-1 'same' conv is the same conv with the kernel
          // turned 180°.
          const flipped = g.op(
            "Slice",
            [
              folded,
              g.int64(`${hint}_flip_starts`, [-1, -1]),
              g.int64(`${hint}_flip_ends`, [-(k + 1), -(k + 1)]),
              g.int64(`${hint}_flip_axes`, [2, 3]),
              g.int64(`${hint}_flip_steps`, [-1, -1]),
            ],
            `${hint}_flipped`,
          );
          const dyNchw = g.op("Transpose", [dy4], `${hint}_dy_nchw`, { perm: [0, 3, 1, 2] });
          const dx = g.op("Conv", [dyNchw, flipped], `${hint}_x_nchw`, {
            group: c,
            kernel_shape: [k, k],
            pads: [pad, pad, pad, pad],
          });
          const dxNhwc = g.op("Transpose", [dx], `${hint}_x_nhwc`, { perm: [0, 2, 3, 1] });
          contribute(op.input, g.op("Reshape", [dxNhwc, flat(c)], `${hint}_x`));
        }
        if (wants(op.kernel) || (bn !== undefined && wants(bn.gamma))) {
          // dK[c, i, j] = Σ_n,y,x xpad[n, y+i, x+j, c]·dY[n, y, x, c]: a conv with one group per channel,
          // the batch as that group's input channels and dY as its (h × w) filter.
          const x4 = g.op("Reshape", [read(op.input), nhwc(c)], `${hint}_in4d`);
          const xc = g.op("Transpose", [x4], `${hint}_in_cnhw`, { perm: [3, 0, 1, 2] });
          // The zero padding is the conv's own (pads): no padded copy of the input.
          const grouped = g.op(
            "Reshape",
            [xc, g.int64(`${hint}_grouped`, [1, -1, height, width])],
            `${hint}_in_grouped`,
          );
          const filters = g.op("Transpose", [dy4], `${hint}_dy_cnhw`, { perm: [3, 0, 1, 2] });
          const dk = g.op("Conv", [grouped, filters], `${hint}_k_conv`, {
            group: c,
            kernel_shape: [height, width],
            pads: [pad, pad, pad, pad],
          });
          // [1, c, k, k] → [c, k, k]; with BN folded in, dK = G·s per channel.
          const ckkShape = g.int64(`${hint}_ckk`, [c, k, k]);
          const gckk = g.op("Reshape", [dk, ckkShape], `${hint}_gckk`);
          const dkckk = bn
            ? g.op(
                "Mul",
                [gckk, g.op("Reshape", [scale, g.int64(`${hint}_s3d`, [c, 1, 1])], `${hint}_s3d`)],
                `${hint}_dkckk`,
              )
            : gckk;
          if (wants(op.kernel)) {
            // [c, k, k] → [k, k, c, 1].
            const kkc = g.op("Transpose", [dkckk], `${hint}_kkc`, { perm: [1, 2, 0] });
            grad(
              op.kernel,
              g.op("Reshape", [kkc, g.int64(`${hint}_kshape`, plan.state[op.kernel])], `${hint}_k`),
              hint,
            );
          }
          if (bn) {
            const kernelCkk = g.op("Reshape", [kernel, ckkShape], `${hint}_kckk`);
            const dBeta = g.op("ReduceSum", [dy, rows], `${hint}_dysum`, { keepdims: 0 });
            foldedBatchNormGradients(bn, dBeta, kernelCkk, gckk, [1, 2], null, rstd);
          }
        } else if (bn && wants(bn.beta)) {
          grad(bn.beta, g.op("ReduceSum", [dy, rows], `${hint}_dysum`, { keepdims: 0 }), `d_${bn.layer}`);
        }
        break;
      }
      case "add":
        for (const input of op.inputs) contribute(input, dy);
        break;
    }
  }
  return g.encode({
    name: "fine_tune_step",
    docString: "Unfrozen top blocks + reference head: logits and gradients of one training step (headstart ml-core).",
    inputs: declaredInputs(plan, true),
    outputs: [
      { name: "logits", shape: ["n", plan.outputs] },
      ...plan.trainable.map((stateIndex, k) => ({ name: gradientOutput(k), shape: plan.state[stateIndex] })),
    ],
  });
}

/** The top and head in inference mode (no dropout), for validation: feeds x and every state variable. */
export function fineTuneLogitsGraph(plan: FineTunePlan): Uint8Array {
  const g = new GraphBuilder();
  for (const name of [...declaredInputs(plan, false).map((i) => i.name), "logits"]) g.reserve(name);
  forward(g, plan, false);
  return g.encode({
    name: "fine_tune_logits",
    docString: "Unfrozen top blocks + reference head: logits in inference mode (headstart ml-core).",
    inputs: declaredInputs(plan, false),
    outputs: [{ name: "logits", shape: ["n", plan.outputs] }],
  });
}

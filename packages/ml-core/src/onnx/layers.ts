import type * as tf from "@tensorflow/tfjs";
import { OnnxConversionError } from "./errors.ts";
import type { GraphBuilder, Initializer } from "./graph.ts";
import { type FoldTarget, foldAffine, materialize, type Value } from "./values.ts";

/** What a layer converter gets: the layer, its converted inputs and what tfjs says it outputs. */
export interface LayerContext {
  g: GraphBuilder;
  layer: tf.layers.Layer;
  className: string;
  config: Record<string, unknown>;
  inputs: Value[];
  outputShape: (number | null)[];
  /** True when this layer is the only reader of its (first) input and that input is not a model output. */
  soleConsumer: boolean;
}

type Converter = (ctx: LayerContext) => Value;

function fail(ctx: Pick<LayerContext, "layer" | "className">, detail: string): never {
  throw new OnnxConversionError(ctx.layer.name, ctx.className, detail);
}

/** The layer weight whose name ends in `/suffix` (Keras names them "<layer>/kernel", "<layer>/gamma"...). */
function weight(ctx: LayerContext, suffix: string): { shape: number[]; data: Float32Array } | undefined {
  const variable = ctx.layer.weights.find((w) => w.originalName === suffix || w.originalName.endsWith(`/${suffix}`));
  if (!variable) return undefined;
  const tensor = variable.read();
  if (tensor.dtype !== "float32") fail(ctx, `weight ${variable.originalName} is ${tensor.dtype}, expected float32`);
  return { shape: tensor.shape, data: Float32Array.from(tensor.dataSync() as Float32Array) };
}

function requireWeight(ctx: LayerContext, suffix: string) {
  const w = weight(ctx, suffix);
  if (!w) fail(ctx, `it has no "${suffix}" weight`);
  return w;
}

function pair(ctx: LayerContext, value: unknown, what: string): [number, number] {
  const v = typeof value === "number" ? [value, value] : (value as number[] | undefined);
  if (!Array.isArray(v) || v.length !== 2 || !v.every(Number.isInteger))
    fail(ctx, `unsupported ${what} ${JSON.stringify(value)}`);
  return [v[0], v[1]];
}

function channelsLast(ctx: LayerContext): void {
  const format = ctx.config.dataFormat;
  if (format !== undefined && format !== "channelsLast" && format !== "channels_last")
    fail(ctx, `data format ${String(format)} is not supported; only channels-last models convert`);
}

function rank4(ctx: LayerContext, value: Value): { height: number; width: number; channels: number } {
  const [, height, width, channels] = value.shape;
  if (value.shape.length !== 4 || !height || !width || !channels)
    fail(ctx, `expects a feature map [n, h, w, c] of known size, got ${JSON.stringify(value.shape)}`);
  return { height, width, channels };
}

/** TensorFlow's 'same' padding: total = max((ceil(in/s) - 1)·s + (k - 1)·d + 1 - in, 0), the odd pixel after. */
function samePads(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

interface Window {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
  /** ONNX order: [top, left, bottom, right]. */
  pads: [number, number, number, number];
}

function windowOf(
  ctx: LayerContext,
  value: Value,
  kernel: [number, number],
  strides: [number, number],
  dilations: [number, number],
): Window {
  const { height, width } = rank4(ctx, value);
  const padding = ctx.config.padding;
  let pads: [number, number, number, number] = [0, 0, 0, 0];
  if (padding === "same") {
    const [top, bottom] = samePads(height, kernel[0], strides[0], dilations[0]);
    const [left, right] = samePads(width, kernel[1], strides[1], dilations[1]);
    pads = [top, left, bottom, right];
  } else if (padding !== "valid") {
    fail(ctx, `padding "${String(padding)}" is not supported (only 'same' and 'valid')`);
  }
  return { kernel, strides, dilations, pads };
}

/** Keras/tfjs activation names, normalised ("hardSigmoid", "hard_sigmoid" → "hardsigmoid"). */
function activationName(value: unknown): string {
  if (value === undefined || value === null) return "linear";
  const name = typeof value === "string" ? value : (value as { className?: string; class_name?: string }).className;
  return String(name ?? value)
    .toLowerCase()
    .replace(/_/g, "");
}

function clip(g: GraphBuilder, input: string, hint: string, min: number, max: number): string {
  const lo = g.constant(`${hint}/min`, [], [min]).name;
  const hi = g.constant(`${hint}/max`, [], [max]).name;
  return g.op("Clip", [input, lo, hi], hint);
}

/** Applies a named activation to a tensor of the given Keras rank; returns the new tensor name. */
function activate(ctx: LayerContext, input: string, activation: string, rank: number): string {
  const { g } = ctx;
  const hint = `${ctx.layer.name}/${activation}`;
  // Softmax and friends run over the channel axis, which is axis 1 once a feature map is channels-first.
  const channelAxis = rank === 4 ? 1 : rank - 1;
  switch (activation) {
    case "linear":
      return input;
    case "relu":
      return g.op("Relu", [input], hint);
    case "relu6":
      return clip(g, input, hint, 0, 6);
    case "sigmoid":
      return g.op("Sigmoid", [input], hint);
    case "tanh":
      return g.op("Tanh", [input], hint);
    case "softmax":
      return g.op("Softmax", [input], hint, { axis: channelAxis });
    case "logsoftmax":
      return g.op("LogSoftmax", [input], hint, { axis: channelAxis });
    case "elu":
      return g.op("Elu", [input], hint, { alpha: { f: 1 } });
    case "selu":
      return g.op("Selu", [input], hint);
    case "softplus":
      return g.op("Softplus", [input], hint);
    case "softsign":
      return g.op("Softsign", [input], hint);
    case "hardsigmoid":
      // tfjs: clip(0.2·x + 0.5, 0, 1), ONNX's default alpha/beta are the same numbers.
      return g.op("HardSigmoid", [input], hint, { alpha: { f: 0.2 }, beta: { f: 0.5 } });
    case "swish":
      return g.op("Mul", [input, g.op("Sigmoid", [input], `${hint}/gate`)], hint);
    case "mish":
      return g.op("Mul", [input, g.op("Tanh", [g.op("Softplus", [input], `${hint}/sp`)], `${hint}/tanh`)], hint);
    default:
      return fail(ctx, `activation "${activation}" has no ONNX mapping here`);
  }
}

function applyActivation(ctx: LayerContext, value: Value, activation: unknown): Value {
  const name = activationName(activation);
  if (name === "linear") return value;
  return { name: activate(ctx, materialize(ctx.g, value), name, value.shape.length), shape: ctx.outputShape };
}

/** Conv node with an initializer for W and (optionally) B; returns its output as a foldable value. */
function convNode(
  ctx: LayerContext,
  input: Value,
  weightInit: Initializer,
  bias: Initializer | null,
  window: Window,
  group: number,
): Value {
  const { g } = ctx;
  const pads = [...window.pads];
  // A preceding ZeroPadding2D becomes part of this convolution's pads instead of a Pad node.
  const extra = input.pendingPads;
  const source = extra ? input.name : materialize(g, input);
  if (extra) {
    pads[0] += extra[0];
    pads[2] += extra[1];
    pads[1] += extra[2];
    pads[3] += extra[3];
  }
  const node = g.node("Conv", bias ? [source, weightInit.name, bias.name] : [source, weightInit.name], ctx.layer.name, {
    kernel_shape: window.kernel,
    strides: window.strides,
    dilations: window.dilations,
    pads,
    group,
  });
  const foldable: FoldTarget = {
    weight: weightInit,
    outputAxis: 0,
    bias,
    attachBias: (b) => {
      node.inputs[2] = b.name;
    },
  };
  return { name: node.outputs[0], shape: ctx.outputShape, foldable };
}

/** [kh, kw, in, out] (TensorFlow) → [out, in, kh, kw] (ONNX). */
function hwioToOihw(shape: number[], data: Float32Array): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, cout] = shape;
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++)
          out[((o * cin + i) * kh + y) * kw + x] = data[((y * kw + x) * cin + i) * cout + o];
  return { dims: [cout, cin, kh, kw], data: out };
}

/**
 * Depthwise [kh, kw, in, multiplier] → grouped Conv weight [in·multiplier, 1, kh, kw]. TensorFlow's
 * output channel c·multiplier + m is the multiplier-th filter of input channel c; a Conv with
 * group = in puts output o in group ⌊o / multiplier⌋, so the orders agree.
 */
function depthwiseToGrouped(shape: number[], data: Float32Array): { dims: number[]; data: Float32Array } {
  const [kh, kw, cin, mult] = shape;
  const out = new Float32Array(data.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let c = 0; c < cin; c++)
        for (let m = 0; m < mult; m++)
          out[((c * mult + m) * kh + y) * kw + x] = data[((y * kw + x) * cin + c) * mult + m];
  return { dims: [cin * mult, 1, kh, kw], data: out };
}

function biasOf(ctx: LayerContext): Initializer | null {
  if (ctx.config.useBias === false) return null;
  const b = weight(ctx, "bias");
  return b ? ctx.g.constant(`${ctx.layer.name}/bias`, b.shape, b.data) : null;
}

const conv2d: Converter = (ctx) => {
  channelsLast(ctx);
  const [input] = ctx.inputs;
  const kernel = requireWeight(ctx, "kernel");
  const w = hwioToOihw(kernel.shape, kernel.data);
  const window = windowOf(
    ctx,
    input,
    [kernel.shape[0], kernel.shape[1]],
    pair(ctx, ctx.config.strides ?? 1, "strides"),
    pair(ctx, ctx.config.dilationRate ?? 1, "dilation rate"),
  );
  const out = convNode(ctx, input, ctx.g.constant(`${ctx.layer.name}/kernel`, w.dims, w.data), biasOf(ctx), window, 1);
  return applyActivation(ctx, out, ctx.config.activation);
};

const depthwiseConv2d: Converter = (ctx) => {
  channelsLast(ctx);
  const [input] = ctx.inputs;
  const kernel = requireWeight(ctx, "depthwise_kernel");
  const w = depthwiseToGrouped(kernel.shape, kernel.data);
  const window = windowOf(
    ctx,
    input,
    [kernel.shape[0], kernel.shape[1]],
    pair(ctx, ctx.config.strides ?? 1, "strides"),
    pair(ctx, ctx.config.dilationRate ?? 1, "dilation rate"),
  );
  const weightInit = ctx.g.constant(`${ctx.layer.name}/depthwise_kernel`, w.dims, w.data);
  const out = convNode(ctx, input, weightInit, biasOf(ctx), window, kernel.shape[2]);
  return applyActivation(ctx, out, ctx.config.activation);
};

const separableConv2d: Converter = (ctx) => {
  channelsLast(ctx);
  const [input] = ctx.inputs;
  const depthwise = requireWeight(ctx, "depthwise_kernel");
  const pointwise = requireWeight(ctx, "pointwise_kernel");
  const dw = depthwiseToGrouped(depthwise.shape, depthwise.data);
  const window = windowOf(
    ctx,
    input,
    [depthwise.shape[0], depthwise.shape[1]],
    pair(ctx, ctx.config.strides ?? 1, "strides"),
    pair(ctx, ctx.config.dilationRate ?? 1, "dilation rate"),
  );
  const { g } = ctx;
  const inner = convNode(
    { ...ctx, outputShape: [] },
    input,
    g.constant(`${ctx.layer.name}/depthwise_kernel`, dw.dims, dw.data),
    null,
    window,
    depthwise.shape[2],
  );
  const pw = hwioToOihw(pointwise.shape, pointwise.data);
  const out = convNode(
    ctx,
    { name: inner.name, shape: [] },
    g.constant(`${ctx.layer.name}/pointwise_kernel`, pw.dims, pw.data),
    biasOf(ctx),
    { kernel: [1, 1], strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0] },
    1,
  );
  return applyActivation(ctx, out, ctx.config.activation);
};

const dense: Converter = (ctx) => {
  const [input] = ctx.inputs;
  if (input.shape.length !== 2)
    fail(ctx, `Dense on a rank-${input.shape.length} input is not supported; flatten or pool to [n, features] first`);
  const { g } = ctx;
  const kernel = requireWeight(ctx, "kernel");
  const weightInit = g.constant(`${ctx.layer.name}/kernel`, kernel.shape, kernel.data);
  const bias = biasOf(ctx);
  // Gemm with a bias input: Y = X·W + B. Without one it is still a Gemm, so a BatchNormalization
  // after it can attach a bias when it folds in.
  const node = g.node(
    "Gemm",
    bias ? [input.name, weightInit.name, bias.name] : [input.name, weightInit.name],
    ctx.layer.name,
  );
  const out: Value = {
    name: node.outputs[0],
    shape: ctx.outputShape,
    foldable: {
      weight: weightInit,
      outputAxis: 1,
      bias,
      attachBias: (b) => {
        node.inputs[2] = b.name;
      },
    },
  };
  return applyActivation(ctx, out, ctx.config.activation);
};

const batchNormalization: Converter = (ctx) => {
  const [input] = ctx.inputs;
  const rank = input.shape.length;
  const axis = ctx.config.axis as number | number[];
  const normalized = Array.isArray(axis) ? axis : [axis];
  if (normalized.length !== 1 || (normalized[0] !== -1 && normalized[0] !== rank - 1))
    fail(ctx, `normalising axis ${JSON.stringify(axis)} is not supported; only the channel (last) axis`);
  const mean = requireWeight(ctx, "moving_mean").data;
  const variance = requireWeight(ctx, "moving_variance").data;
  const gamma = weight(ctx, "gamma")?.data;
  const beta = weight(ctx, "beta")?.data;
  const epsilon = (ctx.config.epsilon as number | undefined) ?? 1e-3;
  const channels = mean.length;
  // Inference mode: y = γ (x − μ) / √(σ² + ε) + β = x·scale + shift.
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = (gamma ? gamma[c] : 1) / Math.sqrt(variance[c] + epsilon);
    shift[c] = (beta ? beta[c] : 0) - mean[c] * scale[c];
  }
  const { g } = ctx;
  if (input.foldable && ctx.soleConsumer) {
    foldAffine(g, input.foldable, scale, shift);
    return { name: input.name, shape: ctx.outputShape, foldable: input.foldable };
  }
  const dims = rank === 4 ? [channels, 1, 1] : [channels];
  const name = materialize(g, input);
  const scaled = g.op(
    "Mul",
    [name, g.constant(`${ctx.layer.name}/scale`, dims, Float32Array.from(scale)).name],
    ctx.layer.name,
  );
  return {
    name: g.op(
      "Add",
      [scaled, g.constant(`${ctx.layer.name}/shift`, dims, Float32Array.from(shift)).name],
      ctx.layer.name,
    ),
    shape: ctx.outputShape,
  };
};

const relu: Converter = (ctx) => {
  const [input] = ctx.inputs;
  const { g } = ctx;
  const maxValue = ctx.config.maxValue as number | null | undefined;
  const name = materialize(g, input);
  if (maxValue === null || maxValue === undefined)
    return { name: g.op("Relu", [name], ctx.layer.name), shape: ctx.outputShape };
  return { name: clip(g, name, ctx.layer.name, 0, maxValue), shape: ctx.outputShape };
};

const activation: Converter = (ctx) => {
  const [input] = ctx.inputs;
  return { ...applyActivation(ctx, input, ctx.config.activation), foldable: undefined };
};

const leakyRelu: Converter = (ctx) => ({
  name: ctx.g.op("LeakyRelu", [materialize(ctx.g, ctx.inputs[0])], ctx.layer.name, {
    alpha: { f: (ctx.config.alpha as number | undefined) ?? 0.3 },
  }),
  shape: ctx.outputShape,
});

const elu: Converter = (ctx) => ({
  name: ctx.g.op("Elu", [materialize(ctx.g, ctx.inputs[0])], ctx.layer.name, {
    alpha: { f: (ctx.config.alpha as number | undefined) ?? 1 },
  }),
  shape: ctx.outputShape,
});

const thresholdedRelu: Converter = (ctx) => ({
  name: ctx.g.op("ThresholdedRelu", [materialize(ctx.g, ctx.inputs[0])], ctx.layer.name, {
    alpha: { f: (ctx.config.theta as number | undefined) ?? 1 },
  }),
  shape: ctx.outputShape,
});

const softmax: Converter = (ctx) => {
  const [input] = ctx.inputs;
  const rank = input.shape.length;
  const axis = (ctx.config.axis as number | undefined) ?? -1;
  const positive = axis < 0 ? rank + axis : axis;
  if (positive !== rank - 1) fail(ctx, `softmax over axis ${axis} is not supported; only the last axis`);
  return { name: activate(ctx, materialize(ctx.g, input), "softmax", rank), shape: ctx.outputShape };
};

const rescaling: Converter = (ctx) => {
  const [input] = ctx.inputs;
  const { g } = ctx;
  const scale = ctx.config.scale as number;
  const offset = (ctx.config.offset as number | undefined) ?? 0;
  if (typeof scale !== "number" || typeof offset !== "number") fail(ctx, "only scalar scale and offset are supported");
  let name = materialize(g, input);
  if (scale !== 1) name = g.op("Mul", [name, g.constant(`${ctx.layer.name}/scale`, [], [scale]).name], ctx.layer.name);
  if (offset !== 0)
    name = g.op("Add", [name, g.constant(`${ctx.layer.name}/offset`, [], [offset]).name], ctx.layer.name);
  return { name, shape: ctx.outputShape };
};

/**
 * LayerNormalization over the features of a flat vector (the kernel head's): y = (x − mean) / √(var + ε),
 * then γ and β when the layer learns them. Opset 13 has no LayerNormalization op, so it is spelt out
 * with ReduceMean; a rank-4 input (NCHW in the graph) is refused rather than normalised on the wrong axis.
 */
const layerNormalization: Converter = (ctx) => {
  const [input] = ctx.inputs;
  if (input.shape.length !== 2)
    fail(ctx, `only flat [batch, features] inputs are supported, got rank ${input.shape.length}`);
  const axis = ctx.config.axis as number | number[];
  const axes = Array.isArray(axis) ? axis : [axis];
  if (axes.length !== 1 || (axes[0] !== -1 && axes[0] !== 1))
    fail(ctx, `normalising axis ${JSON.stringify(axis)} is not supported; only the last axis`);
  const epsilon = (ctx.config.epsilon as number | undefined) ?? 1e-3;
  const { g } = ctx;
  const hint = ctx.layer.name;
  const x = materialize(g, input);
  const mean = g.op("ReduceMean", [x], `${hint}/mean`, { axes: [-1], keepdims: 1 });
  const centred = g.op("Sub", [x, mean], `${hint}/centred`);
  const variance = g.op("ReduceMean", [g.op("Mul", [centred, centred], `${hint}/square`)], `${hint}/variance`, {
    axes: [-1],
    keepdims: 1,
  });
  const deviation = g.op(
    "Sqrt",
    [g.op("Add", [variance, g.constant(`${hint}/epsilon`, [], [epsilon]).name], `${hint}/plus_epsilon`)],
    `${hint}/deviation`,
  );
  let name = g.op("Div", [centred, deviation], hint);
  const gamma = weight(ctx, "gamma")?.data;
  const beta = weight(ctx, "beta")?.data;
  if (gamma)
    name = g.op("Mul", [name, g.constant(`${hint}/gamma`, [gamma.length], Float32Array.from(gamma)).name], hint);
  if (beta) name = g.op("Add", [name, g.constant(`${hint}/beta`, [beta.length], Float32Array.from(beta)).name], hint);
  return { name, shape: ctx.outputShape };
};

const zeroPadding2d: Converter = (ctx) => {
  channelsLast(ctx);
  const [input] = ctx.inputs;
  rank4(ctx, input);
  const raw = ctx.config.padding;
  let pads: [number, number, number, number];
  if (typeof raw === "number") pads = [raw, raw, raw, raw];
  else if (Array.isArray(raw) && raw.length === 2 && raw.every((p) => typeof p === "number")) {
    const [h, w] = raw as number[];
    pads = [h, h, w, w];
  } else if (Array.isArray(raw) && raw.length === 2 && raw.every((p) => Array.isArray(p) && p.length === 2)) {
    const [[top, bottom], [left, right]] = raw as number[][];
    pads = [top, bottom, left, right];
  } else {
    return fail(ctx, `unsupported padding ${JSON.stringify(raw)}`);
  }
  const prior = input.pendingPads ?? [0, 0, 0, 0];
  // Deferred: a convolution reading this folds the zeros into its own pads; anything else gets a Pad node.
  return {
    name: input.name,
    shape: ctx.outputShape,
    pendingPads: pads.map((p, i) => p + prior[i]) as Value["pendingPads"],
  };
};

/** Whether any cell of the window [from, from + size) inside [0, length) lies in the first `before` or last `after` cells. */
function touchesPadding(from: number, size: number, length: number, before: number, after: number): boolean {
  const first = Math.max(from, 0);
  const last = Math.min(from + size - 1, length - 1);
  return first < before || last >= length - after;
}

function pooling(op: "MaxPool" | "AveragePool"): Converter {
  return (ctx) => {
    channelsLast(ctx);
    const [input] = ctx.inputs;
    const { g } = ctx;
    const kernel = pair(ctx, ctx.config.poolSize ?? 2, "pool size");
    const strides = pair(ctx, ctx.config.strides ?? kernel, "strides");
    const window = windowOf(ctx, input, kernel, strides, [1, 1]);
    const zeros = input.pendingPads;
    // A ZeroPadding2D in front is never left as a Pad node here: onnxruntime's Pad fusion merges a
    // zero Pad into the next MaxPool's pads, which MaxPool fills with -inf, so the zeros would be lost.
    if (zeros && op === "MaxPool") {
      // Pool the unpadded tensor with every pad as a -inf pad, then raise each window that covers a
      // zero of the ZeroPadding2D to at least 0: exactly the max over the zero-padded tensor.
      const [zt, zb, zl, zr] = zeros;
      const pads = [window.pads[0] + zt, window.pads[1] + zl, window.pads[2] + zb, window.pads[3] + zr];
      if (pads.some((p, i) => p >= kernel[i % 2]))
        fail(
          ctx,
          `zero padding of ${JSON.stringify(zeros)} in front of a ${kernel.join("×")} max pool is wider than its window`,
        );
      const pooled = g.op("MaxPool", [input.name], ctx.layer.name, { kernel_shape: kernel, strides, pads });
      const { height, width } = rank4(ctx, input);
      const [, outH, outW] = ctx.outputShape as number[];
      const floor = new Float32Array(outH * outW);
      for (let i = 0; i < outH; i++)
        for (let j = 0; j < outW; j++) {
          const rows = touchesPadding(i * strides[0] - window.pads[0], kernel[0], height, zt, zb);
          const cols = touchesPadding(j * strides[1] - window.pads[1], kernel[1], width, zl, zr);
          floor[i * outW + j] = rows || cols ? 0 : Number.NEGATIVE_INFINITY;
        }
      const bound = g.constant(`${ctx.layer.name}/zero_floor`, [1, 1, outH, outW], floor).name;
      return { name: g.op("Max", [pooled, bound], ctx.layer.name), shape: ctx.outputShape };
    }
    if (
      zeros &&
      ctx.config.padding === "valid" &&
      zeros[0] < kernel[0] &&
      zeros[1] < kernel[0] &&
      zeros[2] < kernel[1] &&
      zeros[3] < kernel[1]
    ) {
      // Every padded cell is a real zero: count it, as an AveragePool over the padded tensor would.
      const [zt, zb, zl, zr] = zeros;
      return {
        name: g.op("AveragePool", [input.name], ctx.layer.name, {
          kernel_shape: kernel,
          strides,
          pads: [zt, zl, zb, zr],
          count_include_pad: 1,
        }),
        shape: ctx.outputShape,
      };
    }
    // Keras' average pooling with 'same' padding averages over the pixels inside the image only,
    // which is ONNX's count_include_pad = 0 (its default).
    return {
      name: g.op(op, [materialize(g, input)], ctx.layer.name, { kernel_shape: kernel, strides, pads: window.pads }),
      shape: ctx.outputShape,
    };
  };
}

function globalPooling(op: "GlobalAveragePool" | "GlobalMaxPool"): Converter {
  return (ctx) => {
    channelsLast(ctx);
    const [input] = ctx.inputs;
    rank4(ctx, input);
    const { g } = ctx;
    const pooled = g.op(op, [materialize(g, input)], ctx.layer.name);
    // [n, c, 1, 1] stays a (channels-first) feature map with keepDims; otherwise it becomes [n, c].
    if (ctx.outputShape.length === 4) return { name: pooled, shape: ctx.outputShape };
    return { name: g.op("Flatten", [pooled], ctx.layer.name, { axis: 1 }), shape: ctx.outputShape };
  };
}

const flatten: Converter = (ctx) => {
  const [input] = ctx.inputs;
  const { g } = ctx;
  let name = materialize(g, input);
  if (input.shape.length === 2) return { name, shape: ctx.outputShape };
  // Keras flattens channels-last; go back to that order first so Dense weights line up.
  if (input.shape.length === 4) name = g.op("Transpose", [name], `${ctx.layer.name}/nhwc`, { perm: [0, 2, 3, 1] });
  return { name: g.op("Flatten", [name], ctx.layer.name, { axis: 1 }), shape: ctx.outputShape };
};

const identity: Converter = (ctx) => ({ ...ctx.inputs[0], foldable: undefined, shape: ctx.outputShape });

function merge(op: "Add" | "Sub" | "Mul" | "Max" | "Min" | "Mean"): Converter {
  return (ctx) => {
    const { g, inputs } = ctx;
    if (inputs.length < 2) fail(ctx, "a merge layer needs at least two inputs");
    const rank = inputs[0].shape.length;
    if (inputs.some((v) => v.shape.length !== rank)) fail(ctx, "inputs of different rank are not supported");
    const names = inputs.map((v) => materialize(g, v));
    if (op === "Sub") {
      if (names.length !== 2) fail(ctx, "Subtract takes exactly two inputs");
      return { name: g.op("Sub", names, ctx.layer.name), shape: ctx.outputShape };
    }
    if (op === "Max" || op === "Min" || op === "Mean")
      return { name: g.op(op, names, ctx.layer.name), shape: ctx.outputShape };
    // Add and Mul are binary in ONNX: chain them.
    let name = names[0];
    for (const next of names.slice(1)) name = g.op(op, [name, next], ctx.layer.name);
    return { name, shape: ctx.outputShape };
  };
}

const concatenate: Converter = (ctx) => {
  const { g, inputs } = ctx;
  const rank = inputs[0].shape.length;
  const axis = (ctx.config.axis as number | undefined) ?? -1;
  const positive = axis < 0 ? rank + axis : axis;
  // Feature maps are channels-first in the graph: Keras axis 3 (channels) is ONNX axis 1, 1 → 2, 2 → 3.
  const onnxAxis = rank === 4 ? [0, 2, 3, 1][positive] : positive;
  return {
    name: g.op(
      "Concat",
      inputs.map((v) => materialize(g, v)),
      ctx.layer.name,
      { axis: onnxAxis },
    ),
    shape: ctx.outputShape,
  };
};

/** Keras class name → converter. Anything else is reported by name and runs on tfjs. */
export const LAYER_CONVERTERS: Record<string, Converter> = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  SeparableConv2D: separableConv2d,
  Dense: dense,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  ReLU: relu,
  Activation: activation,
  LeakyReLU: leakyRelu,
  ELU: elu,
  ThresholdedReLU: thresholdedRelu,
  Softmax: softmax,
  Rescaling: rescaling,
  ZeroPadding2D: zeroPadding2d,
  MaxPooling2D: pooling("MaxPool"),
  AveragePooling2D: pooling("AveragePool"),
  GlobalAveragePooling2D: globalPooling("GlobalAveragePool"),
  GlobalMaxPooling2D: globalPooling("GlobalMaxPool"),
  Flatten: flatten,
  Dropout: identity,
  SpatialDropout1D: identity,
  SpatialDropout2D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
  Add: merge("Add"),
  Subtract: merge("Sub"),
  Multiply: merge("Mul"),
  Maximum: merge("Max"),
  Minimum: merge("Min"),
  Average: merge("Mean"),
  Concatenate: concatenate,
};

export const SUPPORTED_LAYER_TYPES = ["InputLayer", ...Object.keys(LAYER_CONVERTERS)].sort();

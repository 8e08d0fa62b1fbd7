import type { GraphBuilder, Initializer } from "./graph.ts";

/**
 * A tensor of the tfjs graph as it exists in the ONNX graph being built. Feature maps (rank 4) are
 * kept channels-first inside the graph, because that is the layout ONNX's Conv, pooling and
 * BatchNormalization define; `shape` stays the Keras (channels-last) shape tfjs reports.
 */
export interface Value {
  name: string;
  /** Keras shape, batch first (null), channels last. */
  shape: (number | null)[];
  /**
   * ZeroPadding2D not yet applied: the tensor is `name` padded by [top, bottom, left, right] zeros.
   * A following convolution takes these into its own pads; anything else materialises a Pad node.
   */
  pendingPads?: [number, number, number, number];
  /** Set when a linear convolution or Dense produced this value: a BatchNormalization can still fold into it. */
  foldable?: FoldTarget;
}

/** The weights of a convolution or Dense whose output channels a following affine map can be folded into. */
export interface FoldTarget {
  weight: Initializer;
  /** Index of the output-channel axis in `weight` (0 for ONNX Conv [O, I, kh, kw], 1 for Gemm's [in, out]). */
  outputAxis: number;
  bias: Initializer | null;
  /** Adds a bias input to the node when it had none. */
  attachBias(bias: Initializer): void;
}

/** Materialises a deferred ZeroPadding2D as a Pad node (once) and returns the tensor name. */
export function materialize(g: GraphBuilder, value: Value): string {
  if (!value.pendingPads) return value.name;
  const [top, bottom, left, right] = value.pendingPads;
  const pads = g.int64(`${value.name}/pads`, [0, 0, top, left, 0, 0, bottom, right]);
  value.name = g.op("Pad", [value.name, pads], `${value.name}/padded`, { mode: "constant" });
  delete value.pendingPads;
  return value.name;
}

/**
 * Scales output channel o of the target's weights by `scale[o]` and sets its bias to
 * bias·scale + shift: y = scale·(W x + b) + shift, computed in float64 before rounding to float32.
 */
export function foldAffine(g: GraphBuilder, target: FoldTarget, scale: Float64Array, shift: Float64Array): void {
  const { weight, outputAxis } = target;
  const channels = weight.dims[outputAxis];
  const data = weight.data as Float32Array;
  // Elements between consecutive output channels along the flattened weight.
  const inner = weight.dims.slice(outputAxis + 1).reduce((a, b) => a * b, 1);
  for (let i = 0; i < data.length; i++) data[i] *= scale[Math.floor(i / inner) % channels];
  let bias = target.bias;
  if (!bias) {
    bias = g.constant(`${weight.name}/folded_bias`, [channels], new Float32Array(channels));
    target.attachBias(bias);
    target.bias = bias;
  }
  const b = bias.data as Float32Array;
  for (let o = 0; o < channels; o++) b[o] = b[o] * scale[o] + shift[o];
}

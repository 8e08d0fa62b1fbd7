import * as tf from "@tensorflow/tfjs";

/**
 * Shared geometry for the gradient kernels: they all reduce to "for each filter tap (kh, kw), the
 * input pixels that tap saw", which is a strided slice of the zero-padded input.
 */
export type PadAttr =
  | "valid"
  | "same"
  | number
  | [[number, number], [number, number], [number, number], [number, number]];

export interface TapGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

function pair(value: number | [number, number] | undefined, fallback: number): [number, number] {
  if (value === undefined || value === null) return [fallback, fallback];
  return typeof value === "number" ? [value, value] : value;
}

export function tapGeometry(
  inShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  dilations: number | [number, number] | undefined,
  pad: PadAttr,
  dimRoundingMode: "floor" | "round" | "ceil" | undefined,
  depthwise: boolean,
): TapGeometry {
  const [strideHeight, strideWidth] = pair(strides, 1);
  const [dilationHeight, dilationWidth] = pair(dilations, 1);
  const info = tf.backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    [strideHeight, strideWidth],
    [dilationHeight, dilationWidth],
    pad as "valid",
    dimRoundingMode,
    depthwise,
    "channelsLast",
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop: info.padInfo.top,
    padBottom: info.padInfo.bottom,
    padLeft: info.padInfo.left,
    padRight: info.padInfo.right,
  };
}

/** The input zero-padded as the forward convolution padded it (a no-op when there is no padding). */
export function padInput(x: tf.Tensor4D, g: TapGeometry): tf.Tensor4D {
  if (g.padTop === 0 && g.padBottom === 0 && g.padLeft === 0 && g.padRight === 0) return x;
  return tf.pad(x, [
    [0, 0],
    [g.padTop, g.padBottom],
    [g.padLeft, g.padRight],
    [0, 0],
  ]);
}

/** [N, outH, outW, C]: the pixels filter tap (kh, kw) multiplied, for every output position. */
export function tapSlice(padded: tf.Tensor4D, g: TapGeometry, kh: number, kw: number): tf.Tensor4D {
  const row = kh * g.dilationHeight;
  const col = kw * g.dilationWidth;
  const rows = (g.outHeight - 1) * g.strideHeight + 1;
  const cols = (g.outWidth - 1) * g.strideWidth + 1;
  const [n, h, w, c] = padded.shape;
  if (row === 0 && col === 0 && rows === h && cols === w && g.strideHeight === 1 && g.strideWidth === 1) return padded;
  return tf.stridedSlice(
    padded,
    [0, row, col, 0],
    [n, row + rows, col + cols, c],
    [1, g.strideHeight, g.strideWidth, 1],
  ) as tf.Tensor4D;
}

/** Kernel inputs arrive as Tensors from ops; a bare TensorInfo is wrapped so ops can consume it. */
export function asTensor<R extends tf.Rank>(info: tf.TensorInfo | undefined, name = "input"): tf.Tensor<R> {
  if (info === undefined) throw new Error(`Gradient kernel called without its "${name}" input`);
  if (info instanceof tf.Tensor) return info as tf.Tensor<R>;
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor<R>;
}

export function toNhwc(t: tf.Tensor4D, dataFormat: string | undefined): tf.Tensor4D {
  return dataFormat === "NCHW" ? tf.transpose(t, [0, 2, 3, 1]) : t;
}

/** Inserts stride−1 zeros between rows and columns, so a strided conv's dy lines up with input pixels. */
export function zeroUpsample(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [n, h, w, c] = dy.shape;
  let out: tf.Tensor4D = dy;
  if (sh > 1) {
    const rows = tf.pad(tf.reshape(out, [n, h, 1, w * c]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
    ]);
    out = tf.slice(tf.reshape(rows, [n, h * sh, w, c]), [0, 0, 0, 0], [n, (h - 1) * sh + 1, w, c]) as tf.Tensor4D;
  }
  if (sw > 1) {
    const [, hh] = out.shape;
    const cols = tf.pad(tf.reshape(out, [n * hh, w, 1, c]), [
      [0, 0],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
    out = tf.slice(tf.reshape(cols, [n, hh, w * sw, c]), [0, 0, 0, 0], [n, hh, (w - 1) * sw + 1, c]) as tf.Tensor4D;
  }
  return out;
}

/** Pads (positive) or crops (negative) one spatial axis so the "full" convolution lands on the input grid. */
export function padOrCrop(t: tf.Tensor4D, axis: 1 | 2, before: number, after: number): tf.Tensor4D {
  const padding: [number, number][] = [
    [0, 0],
    [0, 0],
    [0, 0],
    [0, 0],
  ];
  padding[axis] = [Math.max(before, 0), Math.max(after, 0)];
  let out = before > 0 || after > 0 ? tf.pad(t, padding) : t;
  if (before < 0 || after < 0) {
    const begin = [0, 0, 0, 0];
    const size = [...out.shape] as number[];
    begin[axis] = Math.max(-before, 0);
    size[axis] -= Math.max(-before, 0) + Math.max(-after, 0);
    out = tf.slice(out, begin, size);
  }
  return out;
}

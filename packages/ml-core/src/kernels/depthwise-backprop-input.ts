import * as tf from '@tensorflow/tfjs';
import { asTensor, tapGeometry, type PadAttr } from './conv-geometry.ts';

interface Attrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: PadAttr;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

/** Inserts stride−1 zeros between rows and columns, so a strided conv's dy lines up with input pixels. */
function zeroUpsample(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [n, h, w, c] = dy.shape;
  let out: tf.Tensor4D = dy;
  if (sh > 1) {
    const rows = tf.pad(tf.reshape(out, [n, h, 1, w * c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
    out = tf.slice(tf.reshape(rows, [n, h * sh, w, c]), [0, 0, 0, 0], [n, (h - 1) * sh + 1, w, c]) as tf.Tensor4D;
  }
  if (sw > 1) {
    const [, hh] = out.shape;
    const cols = tf.pad(tf.reshape(out, [n * hh, w, 1, c]), [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
    out = tf.slice(tf.reshape(cols, [n, hh, w * sw, c]), [0, 0, 0, 0], [n, hh, (w - 1) * sw + 1, c]) as tf.Tensor4D;
  }
  return out;
}

/** Pads (positive) or crops (negative) one spatial axis so the "full" convolution lands on the input grid. */
function padOrCrop(t: tf.Tensor4D, axis: 1 | 2, before: number, after: number): tf.Tensor4D {
  const padding: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
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

/**
 * The input gradient of a depthwise convolution is itself a depthwise convolution ("transposed
 * convolution"): dy, zero-upsampled by the stride and padded by (K−1)·d − pad, convolved at stride 1
 * with the spatially flipped filter. That runs on WASM's own depthwise kernel instead of a JS loop.
 */
export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const a = attrs as unknown as Attrs;
    return tf.tidy(() => {
      const dy = asTensor<tf.Rank.R4>(inputs.dy, 'dy');
      const filter = asTensor<tf.Rank.R4>(inputs.filter, 'filter');
      const [kh, kw, channels, multiplier] = filter.shape;
      const g = tapGeometry(a.inputShape, filter.shape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
      const effectiveH = (kh - 1) * g.dilationHeight;
      const effectiveW = (kw - 1) * g.dilationWidth;
      let up = zeroUpsample(dy, g.strideHeight, g.strideWidth);
      up = padOrCrop(up, 1, effectiveH - g.padTop, g.inHeight + g.padTop - (g.outHeight - 1) * g.strideHeight - 1);
      up = padOrCrop(up, 2, effectiveW - g.padLeft, g.inWidth + g.padLeft - (g.outWidth - 1) * g.strideWidth - 1);
      const flipped = tf.reverse(filter, [0, 1]);
      const perOutputChannel = tf.reshape(flipped, [kh, kw, channels * multiplier, 1]);
      const dilations: [number, number] = [g.dilationHeight, g.dilationWidth];
      const dx = tf.depthwiseConv2d(up, perOutputChannel as tf.Tensor4D, 1, 'valid', 'NHWC', dilations);
      if (multiplier === 1) return dx;
      return tf.sum(tf.reshape(dx, [g.batch, g.inHeight, g.inWidth, channels, multiplier]), 4);
    });
  },
};

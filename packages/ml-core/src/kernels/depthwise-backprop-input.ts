import * as tf from "@tensorflow/tfjs";
import { asTensor, type PadAttr, padOrCrop, tapGeometry, zeroUpsample } from "./conv-geometry.ts";

interface Attrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: PadAttr;
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
}

/**
 * The input gradient of a depthwise convolution is itself a depthwise convolution ("transposed
 * convolution"): dy, zero-upsampled by the stride and padded by (K−1)·d − pad, convolved at stride 1
 * with the spatially flipped filter. That runs on WASM's own depthwise kernel instead of a JS loop.
 */
export const depthwiseBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: "wasm",
  kernelFunc: ({ inputs, attrs }) => {
    const a = attrs as unknown as Attrs;
    return tf.tidy(() => {
      const dy = asTensor<tf.Rank.R4>(inputs.dy, "dy");
      const filter = asTensor<tf.Rank.R4>(inputs.filter, "filter");
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
      const dx = tf.depthwiseConv2d(up, perOutputChannel as tf.Tensor4D, 1, "valid", "NHWC", dilations);
      if (multiplier === 1) return dx;
      return tf.sum(tf.reshape(dx, [g.batch, g.inHeight, g.inWidth, channels, multiplier]), 4);
    });
  },
};

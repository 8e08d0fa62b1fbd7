import * as tf from "@tensorflow/tfjs";
import { asTensor, type PadAttr, padOrCrop, tapGeometry, toNhwc, zeroUpsample } from "./conv-geometry.ts";

interface Attrs {
  strides: number | [number, number];
  pad: PadAttr;
  dataFormat?: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  inputShape: [number, number, number, number];
}

const isOne = (v: number | [number, number]) => (typeof v === "number" ? v === 1 : v[0] === 1 && v[1] === 1);

/** 1×1, stride 1: dx = dy · Wᵀ, a single matrix product. */
function pointwise(dy: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  const [, , inC, outC] = filter.shape;
  const [n, h, w] = dy.shape;
  const weights = tf.transpose(tf.reshape(filter, [inC, outC]));
  return tf.reshape(tf.matMul(tf.reshape(dy, [n * h * w, outC]), weights), [n, h, w, inC]) as tf.Tensor4D;
}

/**
 * Any other geometry: the input gradient is a stride-1 "full" convolution of dy, zero-upsampled by
 * the stride and padded by (K−1) − pad, with the spatially flipped filter whose in/out channels are
 * swapped. One conv2d call on the backend's own (XNNPACK) kernel.
 */
function transposedConvolution(dy: tf.Tensor4D, filter: tf.Tensor4D, a: Attrs): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const [n, d1, d2, d3] = a.inputShape;
  const inputShape: [number, number, number, number] = a.dataFormat === "NCHW" ? [n, d2, d3, d1] : [n, d1, d2, d3];
  const g = tapGeometry(inputShape, filter.shape, a.strides, 1, a.pad, a.dimRoundingMode, false);
  let up = zeroUpsample(dy, g.strideHeight, g.strideWidth);
  up = padOrCrop(up, 1, kh - 1 - g.padTop, g.inHeight + g.padTop - (g.outHeight - 1) * g.strideHeight - 1);
  up = padOrCrop(up, 2, kw - 1 - g.padLeft, g.inWidth + g.padLeft - (g.outWidth - 1) * g.strideWidth - 1);
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  return tf.conv2d(up, flipped, 1, "valid");
}

/**
 * tfjs-backend-wasm's Conv2DBackpropInput is a scalar loop: it dominated a MobileNetV2 fine-tuning
 * step and made training the scratch CNN end to end impractical. Every case is rewritten onto the
 * fast kernels: 1×1 stride-1 convolutions (almost all of MobileNetV2's) as one matmul, the rest as a
 * transposed convolution.
 */
export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: "wasm",
  kernelFunc: (args) => {
    const a = args.attrs as unknown as Attrs;
    return tf.tidy(() => {
      const filter = asTensor<tf.Rank.R4>(args.inputs.filter, "filter");
      const dy = toNhwc(asTensor<tf.Rank.R4>(args.inputs.dy, "dy"), a.dataFormat);
      const [kh, kw] = filter.shape;
      const unpadded = a.pad === "same" || a.pad === "valid" || a.pad === 0;
      const dx =
        kh === 1 && kw === 1 && isOne(a.strides) && unpadded
          ? pointwise(dy, filter)
          : transposedConvolution(dy, filter, a);
      return a.dataFormat === "NCHW" ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
    });
  },
};

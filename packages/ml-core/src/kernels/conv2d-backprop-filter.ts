import * as tf from "@tensorflow/tfjs";
import { asTensor, type PadAttr, padInput, tapGeometry, tapSlice, toNhwc } from "./conv-geometry.ts";

interface Attrs {
  strides: number | [number, number];
  pad: PadAttr;
  dataFormat?: "NHWC" | "NCHW";
  dimRoundingMode?: "floor" | "round" | "ceil";
  filterShape: [number, number, number, number];
}

/**
 * dW[kh, kw] = tapSlice(x, kh, kw)ᵀ · dy, each a [N·outH·outW, inC]ᵀ × [N·outH·outW, outC] matrix
 * product. Expressed with ops the WASM backend already runs fast (XNNPACK matmul), so a 1×1
 * convolution's filter gradient is exactly one matmul.
 */
export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: "wasm",
  kernelFunc: ({ inputs, attrs }) => {
    const a = attrs as unknown as Attrs;
    return tf.tidy(() => {
      const x = toNhwc(asTensor<tf.Rank.R4>(inputs.x, "x"), a.dataFormat);
      const dy = toNhwc(asTensor<tf.Rank.R4>(inputs.dy, "dy"), a.dataFormat);
      const [kh, kw, inC, outC] = a.filterShape;
      const g = tapGeometry(x.shape, a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false);
      const rows = g.batch * g.outHeight * g.outWidth;
      const dy2 = tf.reshape(dy, [rows, outC]);
      const padded = padInput(x, g);
      const taps: tf.Tensor2D[] = [];
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const patch = tf.reshape(tapSlice(padded, g, i, j), [rows, inC]);
          // Explicit transpose, then a plain matmul: WASM's BatchMatMul takes a naive path when asked
          // to transpose an operand (measured ~8× slower for 576×160ᵀ · 576×960).
          taps.push(tf.matMul(tf.transpose(patch), dy2));
        }
      }
      return tf.reshape(taps.length === 1 ? taps[0] : tf.stack(taps), [kh, kw, inC, outC]);
    });
  },
};

import * as tf from "@tensorflow/tfjs";
import { asTensor, type PadAttr, padInput, type TapGeometry, tapGeometry, tapSlice, toNhwc } from "./conv-geometry.ts";

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
 *
 * The taps are slices, and WASM's (strided) slice copies element by element: with few input
 * channels or a stride it dominated the step (33 of 41 ms for a 28-px first layer, batch 64). There
 * the gradient is computed as one convolution instead, batch and channels swapped:
 * dW[kh, kw, c, o] = Σ_{n,y,x} x[n, y·s + kh, x·s + kw, c] · dy[n, y, x, o], i.e. a valid convolution of
 * x as [inC, H, W, N] with dy as an [outH, outW, N, outC] filter dilated by the stride. Measured at
 * batch 64 (load 6–9): 41 → 11 ms for 28×28×1→16, 19 → 10 ms for 14×14×16→32, and a 2-stride layer
 * 8×56×56×24 from ~190 to 7 ms; with ≥ 32 input channels and stride 1 the taps stay as fast or faster.
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
      const strided = g.strideHeight > 1 || g.strideWidth > 1;
      if (kh * kw > 1 && (inC < 32 || strided)) return filterGradientAsConvolution(padded, dy, g, kh, kw);
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

/** The filter gradient as one valid convolution over x with dy as the filter (see above); NHWC in, [kh, kw, inC, outC] out. */
function filterGradientAsConvolution(
  padded: tf.Tensor4D,
  dy: tf.Tensor4D,
  g: TapGeometry,
  kh: number,
  kw: number,
): tf.Tensor4D {
  // The rows and columns the taps reach; a valid convolution with a remainder would read past them.
  const needHeight = (g.outHeight - 1) * g.strideHeight + kh;
  const needWidth = (g.outWidth - 1) * g.strideWidth + kw;
  const x =
    padded.shape[1] === needHeight && padded.shape[2] === needWidth
      ? padded
      : tf.slice(padded, [0, 0, 0, 0], [-1, needHeight, needWidth, -1]);
  const channelsAsBatch = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D; // [inC, H, W, N]
  const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [outH, outW, N, outC]
  const gradient = tf.conv2d(channelsAsBatch, dyAsFilter, 1, "valid", "NHWC", [g.strideHeight, g.strideWidth]);
  return tf.transpose(gradient, [1, 2, 0, 3]); // [inC, kh, kw, outC] -> [kh, kw, inC, outC]
}

import * as tf from '@tensorflow/tfjs';
import { asTensor, padInput, tapGeometry, tapSlice, type PadAttr } from './conv-geometry.ts';

interface Attrs {
  strides: number | [number, number];
  dilations?: number | [number, number];
  pad: PadAttr;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * dW[kh, kw, c, m] = Σ_{n,y,x} tapSlice(x, kh, kw)[n, y, x, c] · dy[n, y, x, c·M + m]: an elementwise
 * product reduced over batch and space, once per filter tap.
 */
export const depthwiseBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs }) => {
    const a = attrs as unknown as Attrs;
    return tf.tidy(() => {
      const x = asTensor<tf.Rank.R4>(inputs.x, 'x');
      const dy = asTensor<tf.Rank.R4>(inputs.dy, 'dy');
      const [kh, kw, channels, multiplier] = a.filterShape;
      const g = tapGeometry(x.shape, a.filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
      const rows = g.batch * g.outHeight * g.outWidth;
      const dyByChannel = tf.reshape(dy, [rows, channels, multiplier]);
      // Summing over rows as ones[1, rows] · product[rows, C·M] runs on WASM's fast matmul; a
      // reduction over leading axes would first transpose the whole product.
      const ones = tf.ones([1, rows]);
      const padded = padInput(x, g);
      const taps: tf.Tensor2D[] = [];
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const patch = tf.reshape(tapSlice(padded, g, i, j), [rows, channels, 1]);
          const product = tf.reshape(tf.mul(patch, dyByChannel), [rows, channels * multiplier]);
          taps.push(tf.matMul(ones, product) as tf.Tensor2D);
        }
      }
      return tf.reshape(tf.stack(taps), [kh, kw, channels, multiplier]);
    });
  },
};

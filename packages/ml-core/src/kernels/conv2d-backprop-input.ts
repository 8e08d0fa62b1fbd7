import * as tf from '@tensorflow/tfjs';
import { asTensor, toNhwc, type PadAttr } from './conv-geometry.ts';

interface Attrs {
  strides: number | [number, number];
  pad: PadAttr;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

const isOne = (v: number | [number, number]) => (typeof v === 'number' ? v === 1 : v[0] === 1 && v[1] === 1);

/**
 * tfjs-backend-wasm has a Conv2DBackpropInput, but it is a scalar loop: it dominated a MobileNetV2
 * fine-tuning step. Almost every convolution in MobileNetV2 is 1×1 with stride 1, whose input
 * gradient is a single matrix product dx = dy · Wᵀ, so that case runs on the fast matmul; other
 * shapes (MobileNetV2's stem) go to the backend's own kernel, captured at registration.
 */
export function conv2dBackpropInputConfig(native: tf.KernelConfig | undefined): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const a = args.attrs as unknown as Attrs;
      const filter = asTensor<tf.Rank.R4>(args.inputs.filter, 'filter');
      const [kh, kw, inC, outC] = filter.shape;
      const pointwise = kh === 1 && kw === 1 && isOne(a.strides) && (a.pad === 'same' || a.pad === 'valid' || a.pad === 0);
      if (!pointwise) {
        if (!native) throw new Error('Conv2DBackpropInput: no native WASM kernel to fall back on for non-pointwise convolutions');
        return native.kernelFunc(args);
      }
      return tf.tidy(() => {
        const dy = toNhwc(asTensor<tf.Rank.R4>(args.inputs.dy, 'dy'), a.dataFormat);
        const [n, h, w] = dy.shape;
        const weights = tf.transpose(tf.reshape(filter, [inC, outC]));
        const dx = tf.reshape(tf.matMul(tf.reshape(dy, [n * h * w, outC]), weights), [n, h, w, inC]) as tf.Tensor4D;
        return a.dataFormat === 'NCHW' ? tf.transpose(dx, [0, 3, 1, 2]) : dx;
      });
    },
  };
}

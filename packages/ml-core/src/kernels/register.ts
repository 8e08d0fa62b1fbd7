import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.ts';
import { depthwiseBackpropFilterConfig } from './depthwise-backprop-filter.ts';
import { depthwiseBackpropInputConfig } from './depthwise-backprop-input.ts';

/** Gradient kernels tfjs-backend-wasm 4.22.0 does not ship; the CPU and native backends have their own. */
export const WASM_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
];

let inputKernelReplaced = false;

/**
 * Registers the missing kernels for 'wasm' and swaps in the faster pointwise Conv2DBackpropInput.
 * Idempotent, and it never replaces a missing-kernel implementation that a future
 * tfjs-backend-wasm version provides natively.
 */
export function registerWasmGradientKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_GRADIENT_KERNELS) {
    if (tf.getKernel(config.kernelName, 'wasm') === undefined) {
      tf.registerKernel(config);
      added.push(config.kernelName);
    }
  }
  if (!inputKernelReplaced) {
    const native = tf.getKernel(tf.Conv2DBackpropInput, 'wasm');
    if (native) tf.unregisterKernel(tf.Conv2DBackpropInput, 'wasm');
    tf.registerKernel(conv2dBackpropInputConfig(native));
    inputKernelReplaced = true;
    added.push(tf.Conv2DBackpropInput);
  }
  return added;
}

import * as tf from "@tensorflow/tfjs";
import { conv2dBackpropFilterConfig } from "./conv2d-backprop-filter.ts";
import { conv2dBackpropInputConfig } from "./conv2d-backprop-input.ts";
import { depthwiseBackpropFilterConfig } from "./depthwise-backprop-filter.ts";
import { depthwiseBackpropInputConfig } from "./depthwise-backprop-input.ts";
import { transposeFreeMatMulConfig } from "./matmul-transpose.ts";

/** Gradient kernels tfjs-backend-wasm 4.22.0 does not ship; the CPU and native backends have their own. */
export const WASM_GRADIENT_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
];

/** WASM kernels wrapped so transposed operands avoid the backend's scalar fallback (see matmul-transpose.ts). */
export const WASM_TRANSPOSE_FREE_KERNELS: readonly string[] = [tf.BatchMatMul, tf._FusedMatMul];

let inputKernelReplaced = false;
let matMulsWrapped = false;

/**
 * Registers the missing kernels for 'wasm', swaps in the faster Conv2DBackpropInput and
 * wraps the matrix products so transposed operands take the fast path.
 * Idempotent, and it never replaces a missing-kernel implementation that a future
 * tfjs-backend-wasm version provides natively.
 */
export function registerWasmGradientKernels(): string[] {
  const added: string[] = [];
  for (const config of WASM_GRADIENT_KERNELS) {
    if (tf.getKernel(config.kernelName, "wasm") === undefined) {
      tf.registerKernel(config);
      added.push(config.kernelName);
    }
  }
  if (!inputKernelReplaced) {
    if (tf.getKernel(tf.Conv2DBackpropInput, "wasm")) tf.unregisterKernel(tf.Conv2DBackpropInput, "wasm");
    tf.registerKernel(conv2dBackpropInputConfig);
    inputKernelReplaced = true;
    added.push(tf.Conv2DBackpropInput);
  }
  if (!matMulsWrapped) {
    for (const name of WASM_TRANSPOSE_FREE_KERNELS) {
      const native = tf.getKernel(name, "wasm");
      if (!native) continue;
      tf.unregisterKernel(name, "wasm");
      tf.registerKernel(transposeFreeMatMulConfig(native));
      added.push(name);
    }
    matMulsWrapped = true;
  }
  return added;
}

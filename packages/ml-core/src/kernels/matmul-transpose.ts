import * as tf from "@tensorflow/tfjs";
import { asTensor } from "./conv-geometry.ts";

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Swaps the two innermost axes (the matrix axes of a possibly batched operand). */
function transposeMatrices(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  const last = perm.length - 1;
  [perm[last - 1], perm[last]] = [perm[last], perm[last - 1]];
  return tf.transpose(t, perm);
}

/**
 * tfjs-backend-wasm 4.22.0 runs BatchMatMul and _FusedMatMul on XNNPACK only when neither operand is
 * transposed; with transposeA or transposeB it falls back to a scalar triple loop. Every Dense
 * gradient asks for exactly that (dW = xᵀ·dy, dx = dy·Wᵀ), and it made head training ~10× slower than
 * its forward pass. Materialising the transposed operand first (a memory-bound copy) and then running
 * the plain product is several times faster and gives the same sums, so this wrapper does that and
 * hands everything else to the backend's own kernel, captured at registration.
 */
export function transposeFreeMatMulConfig(native: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: native.kernelName,
    backendName: native.backendName,
    // Keeps a later re-initialisation of the backend wiring up the native kernel's WASM export.
    setupFunc: native.setupFunc,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as MatMulAttrs;
      if (!attrs.transposeA && !attrs.transposeB) return native.kernelFunc(args);
      const staged: tf.Tensor[] = [];
      const operand = (name: "a" | "b", transpose: boolean) => {
        const input = args.inputs[name];
        if (!transpose) return input;
        const t = transposeMatrices(asTensor(input, name));
        staged.push(t);
        return t;
      };
      try {
        return native.kernelFunc({
          ...args,
          inputs: { ...args.inputs, a: operand("a", attrs.transposeA)!, b: operand("b", attrs.transposeB)! },
          attrs: { ...args.attrs, transposeA: false, transposeB: false },
        });
      } finally {
        tf.dispose(staged);
      }
    },
  };
}

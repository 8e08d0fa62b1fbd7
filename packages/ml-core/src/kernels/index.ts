export { fusedBatchNormGradConfig, registerFastGradients } from "./batch-norm-gradient.ts";
export { registerWasmGradientKernels, WASM_GRADIENT_KERNELS, WASM_TRANSPOSE_FREE_KERNELS } from "./register.ts";

// Public API of @headstart/ml-core. Each domain module re-exports its own surface; keep one line per module.

export * from "./augment/index.ts";
export * from "./autopilot/index.ts";
export * from "./backbones/index.ts";
export * from "./backend/index.ts";
export * from "./cache/index.ts";
export * from "./data-quality/index.ts";
export * from "./dataset/index.ts";
export * from "./evaluate/index.ts";
export * from "./finetune/index.ts";
export * from "./image/index.ts";
export * from "./inference/index.ts";
export * from "./kernels/index.ts";
export * from "./model-io/index.ts";
export * from "./onnx/index.ts";
export * from "./sample-data.ts";
export * from "./train/index.ts";

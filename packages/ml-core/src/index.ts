// Public API of @headstart/ml-core. Each domain module re-exports its own surface; keep one line per module.
export * from './image/index.ts';
export * from './backend/index.ts';
export * from './kernels/index.ts';

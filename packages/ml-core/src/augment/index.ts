export { type AffineParams, affineMatrix, IDENTITY, sampleAffine } from "./affine.ts";
export { type AugmentResult, applyAffine, augmentBatch } from "./augment.ts";
export { type AugmentationConfig, type RandomSource, REFERENCE_AUGMENTATION, validateAugmentation } from "./config.ts";
export { type TransformOptions, transformBatch, transformHandlesBatches } from "./transform.ts";

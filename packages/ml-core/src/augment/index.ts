export { augmentBatch, applyAffine, type AugmentResult } from './augment.ts';
export { affineMatrix, sampleAffine, IDENTITY, type AffineParams } from './affine.ts';
export { REFERENCE_AUGMENTATION, validateAugmentation, type AugmentationConfig, type RandomSource } from './config.ts';
export { transformBatch, transformHandlesBatches, type TransformOptions } from './transform.ts';

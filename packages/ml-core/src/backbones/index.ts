export { loadBackbone, type LoadBackboneOptions } from './load.ts';
export { backboneSpec, validateSpec, BACKBONE_REGISTRY, DEFAULT_BACKBONE, MOBILENET_V2_INPUT_SIZES } from './registry.ts';
export { MOBILENET_V2_BLOCKS } from './mobilenet-v2.ts';
export { SCRATCH_BLOCKS } from './scratch.ts';
export { PREPROCESSING_AFFINE, PREPROCESS_LAYER_NAME, FEATURES_LAYER_NAME } from './preprocessing.ts';
export { fileSystemLoader, loadLayersArtifacts, type LayersArtifacts, type ArtifactLoadOptions } from './artifacts.ts';
export { pinBatchNormToInference } from './finish.ts';
export {
  BackboneError,
  type Backbone,
  type BackboneBlock,
  type BackboneErrorCode,
  type BackboneKind,
  type BackboneSpec,
  type Preprocessing,
} from './types.ts';

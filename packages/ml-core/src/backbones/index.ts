export { type ArtifactLoadOptions, fileSystemLoader, type LayersArtifacts, loadLayersArtifacts } from "./artifacts.ts";
export { pinBatchNormToInference } from "./finish.ts";
export {
  buildGradients,
  GRADIENT_CELLS,
  GRADIENT_ORIENTATIONS,
  gradientCellSize,
  gradientFeatureSize,
  gradientVectors,
} from "./gradients.ts";
export { type LoadBackboneOptions, loadBackbone } from "./load.ts";
export { MOBILENET_V2_BLOCKS } from "./mobilenet-v2.ts";
export { FEATURES_LAYER_NAME, PREPROCESS_LAYER_NAME, PREPROCESSING_AFFINE } from "./preprocessing.ts";
export {
  BACKBONE_REGISTRY,
  backboneSpec,
  DEFAULT_BACKBONE,
  MOBILENET_V2_INPUT_SIZES,
  validateSpec,
} from "./registry.ts";
export {
  buildScratch,
  SCRATCH_BLOCKS,
  SCRATCH_CNN4,
  SCRATCH_CNN4_FLAT,
  SCRATCH_WIDE,
  type ScratchArchitecture,
} from "./scratch.ts";
export {
  type Backbone,
  type BackboneBlock,
  BackboneError,
  type BackboneErrorCode,
  type BackboneKind,
  type BackboneSpec,
  type Preprocessing,
} from "./types.ts";

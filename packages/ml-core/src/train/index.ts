export { TrainingAbortedError, isAbortError } from './abort.ts';
export {
  CheckpointError,
  encodeCheckpoint,
  decodeCheckpoint,
  type CheckpointIO,
  type TrainingCheckpoint,
  type EpochMetrics,
  type NamedArray,
  type Phase,
} from './checkpoint.ts';
export { type ClassMode } from './class-mode.ts';
export { DEFAULT_TRAIN_CONFIG, TrainingInputError, type TrainConfig } from './config.ts';
export { augmentationHash, variantSeed, featurize, seededAugmenter, type AugmentationSettings, type Augmenter, type FeatureRequest } from './featurize.ts';
export { buildHead } from './head.ts';
export { trainHeadOnVectors, predictVectors, DEFAULT_HEAD_CONFIG, type HeadConfig, type HeadTrainingResult } from './head-training.ts';
export { crossValidatedProbabilities, type CrossValidationOptions } from './cross-validate.ts';
export { type OptimizerName } from './optimizer.ts';
export { TrainingRng } from './rng.ts';
export {
  trainClassifier,
  type TrainClassifierOptions,
  type TrainResult,
  type TrainProgress,
  type TrainStage,
  type TrainableSplit,
} from './train-classifier.ts';

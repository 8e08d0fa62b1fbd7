export { isAbortError, TrainingAbortedError } from "./abort.ts";
export {
  CheckpointError,
  type CheckpointIO,
  decodeCheckpoint,
  type EpochMetrics,
  encodeCheckpoint,
  type NamedArray,
  type Phase,
  type TrainingCheckpoint,
} from "./checkpoint.ts";
export { type ClassMode, smoothTargets } from "./class-mode.ts";
export { DEFAULT_TRAIN_CONFIG, HEAD_KINDS, type HeadKind, type TrainConfig, TrainingInputError } from "./config.ts";
export { type CrossValidationOptions, crossValidatedProbabilities } from "./cross-validate.ts";
export {
  type AugmentationSettings,
  type Augmenter,
  augmentationHash,
  type FeatureRequest,
  featurize,
  seededAugmenter,
  variantSeed,
} from "./featurize.ts";
export {
  type FineTunePhaseOptions,
  type FineTunePhaseResult,
  ONNX_FINE_TUNE_OPTIMIZERS,
  runFineTunePhase,
} from "./fine-tune-onnx.ts";
export { buildHead, headLogits } from "./head.ts";
export {
  DEFAULT_HEAD_CONFIG,
  type HeadConfig,
  type HeadTrainingResult,
  predictVectors,
  trainHeadOnVectors,
} from "./head-training.ts";
export {
  fitKernelHead,
  KERNEL_GAMMAS,
  KERNEL_MAX_TRAIN_ITEMS,
  KERNEL_RIDGES,
  type KernelHeadOptions,
  type KernelHeadResult,
} from "./kernel-head.ts";
export { createOptimizer, FusedAdam, isFusedAdam, type OptimizerName } from "./optimizer.ts";
export { TrainingRng } from "./rng.ts";
export { LEARNING_RATE_SCHEDULES, type LearningRateSchedule, learningRateAt } from "./schedule.ts";
export {
  type TrainableSplit,
  type TrainClassifierOptions,
  type TrainProgress,
  type TrainResult,
  type TrainStage,
  trainClassifier,
} from "./train-classifier.ts";

export { cutBackbone, cutOutputLayer, embedAtCuts } from "./cuts.ts";
export {
  DIAGNOSIS_THRESHOLDS,
  type Diagnosis,
  type DiagnosisCode,
  type DiagnosisInput,
  diagnoseRun,
} from "./diagnose.ts";
export {
  ENSEMBLE_AVERAGE_LAYER,
  ENSEMBLE_WEIGHT_LAYER_PREFIX,
  ensembleModelFiles,
  MIN_ENSEMBLE_MEMBERS,
  memberPrefix,
} from "./ensemble.ts";
export {
  accuracyOf,
  DEFAULT_LOGISTIC,
  fitLogistic,
  type LogisticModel,
  type LogisticOptions,
  logLossOf,
} from "./logistic.ts";
export {
  type PixelBaselineOptions,
  type PixelBaselineResult,
  type PixelDecoder,
  type PixelVectors,
  pixelBaseline,
  pixelVectors,
  type SplitFigures,
} from "./pixel-baseline.ts";
export {
  frozenRecipe,
  gradientsRecipe,
  kernelRecipe,
  MOBILENET_CUTS,
  type MobileNetCut,
  REFERENCE_PRESET,
  type RecipeConfig,
  type RecipePreset,
  type Strategy,
  scratchRecipe,
  trainConfigOf,
} from "./recipe.ts";
export {
  backboneFits,
  type CutEmbedder,
  type DatasetMeasurements,
  mobileNetInputSize,
  RECOMMEND_THRESHOLDS,
  RECOMMENDER_VERSION,
  type Reason,
  type Recommendation,
  type RecommendOptions,
  recipeId,
  recommendRunConfig,
  scratchInputSize,
  trialsFromRecommendation,
} from "./recommend.ts";
export { type RecommendInThreadOptions, recommendInThread } from "./recommend-thread.ts";
export {
  expectedRungSeconds,
  fittedRungPace,
  rungPace,
  type SearchEvent,
  type SearchResult,
  type SuccessiveHalvingOptions,
  successiveHalving,
  type TrainTrial,
  type TrialContext,
  type TrialMetrics,
  type TrialPace,
  type TrialRecord,
  type TrialSpec,
} from "./successive-halving.ts";

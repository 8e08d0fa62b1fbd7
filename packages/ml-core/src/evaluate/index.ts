export {
  calibrateThreshold,
  DEFAULT_THRESHOLDS,
  type ThresholdCalibration,
  type ThresholdPoint,
} from "./calibration.ts";
export { type ConfidentLearningResult, findLabelIssues, type LabelIssue } from "./confident-learning.ts";
export { type FlaggedForClass, type FlaggedItem, flagPredictions } from "./flagged.ts";
export {
  type ClassificationReport,
  type ClassMetrics,
  classificationReport,
  confusionMatrix,
  type MultilabelReport,
  multilabelReport,
  type PrCurve,
  type PrPoint,
  precisionRecallCurve,
} from "./metrics.ts";
export { argmax, EvaluationInputError } from "./validate.ts";

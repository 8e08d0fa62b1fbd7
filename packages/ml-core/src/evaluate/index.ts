export { EvaluationInputError, argmax } from './validate.ts';
export {
  classificationReport,
  confusionMatrix,
  precisionRecallCurve,
  multilabelReport,
  type ClassMetrics,
  type ClassificationReport,
  type PrCurve,
  type PrPoint,
  type MultilabelReport,
} from './metrics.ts';
export { flagPredictions, type FlaggedItem, type FlaggedForClass } from './flagged.ts';
export { findLabelIssues, type LabelIssue, type ConfidentLearningResult } from './confident-learning.ts';
export {
  calibrateThreshold,
  DEFAULT_THRESHOLDS,
  type ThresholdPoint,
  type ThresholdCalibration,
} from './calibration.ts';

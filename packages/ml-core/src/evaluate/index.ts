export {
  calibrateThreshold,
  DEFAULT_THRESHOLDS,
  type ThresholdCalibration,
  type ThresholdPoint,
} from "./calibration.ts";
export {
  type ConfidentLearningResult,
  DEFAULT_MAX_ISSUE_QUALITY,
  findLabelIssues,
  type LabelIssue,
  type LabelIssueRankBy,
  type LabelIssueRanking,
  type LabelIssueRankingOptions,
  type RankedLabelIssue,
  rankLabelIssues,
} from "./confident-learning.ts";
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
export { averageProbabilities, type OutOfFoldOptions, outOfFoldProbabilities, stratifiedFolds } from "./out-of-fold.ts";
export { argmax, EvaluationInputError } from "./validate.ts";

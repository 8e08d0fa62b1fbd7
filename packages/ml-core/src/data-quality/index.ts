export { orderForLabelling, type QueueItem, type QueueOrder } from "./active-learning.ts";
export { DataQualityInputError } from "./errors.ts";
export { GRADIENT_HISTOGRAM_SIZE, gradientHistograms } from "./gradient-histograms.ts";
export {
  POOLED_MAX_ISSUE_QUALITY,
  type PooledProbabilities,
  type PoolOptions,
  poolLabelIssueMembers,
} from "./label-issue-ensemble.ts";
export {
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  findNearDuplicates,
  type NearDuplicateGroup,
  type NearDuplicateOptions,
  type NearDuplicateReport,
  type SimilarPair,
} from "./near-duplicates.ts";
export { type Neighbors, nearestNeighbors, neighborLabelProbabilities } from "./neighbors.ts";
export { findOutliers, type OutlierOptions, type OutlierScore } from "./outliers.ts";
export {
  DEFAULT_PATCH_FILTERS,
  learnPatchFilters,
  type PatchFilterOptions,
  type PatchFilters,
  patchFeatures,
} from "./patch-features.ts";
export { type PrincipalComponents, principalComponents, projectRows } from "./principal-components.ts";
export { type Projection2D, projectEmbeddings } from "./projection.ts";
export {
  DEFAULT_SOFTMAX_REGRESSION,
  fitSoftmaxRegression,
  type SoftmaxRegression,
  type SoftmaxRegressionOptions,
} from "./softmax-regression.ts";

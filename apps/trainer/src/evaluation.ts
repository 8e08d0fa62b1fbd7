// End-of-run evaluation: metrics per split for Run.metrics, and one
// Prediction row per val/test image (and per training image, with its
// out-of-sample label-issue score, rank and flag) for the review queries.

import {
  argmax,
  type ClassificationReport,
  type ClassMode,
  calibrateThreshold,
  classificationReport,
  type MultilabelReport,
  multilabelReport,
  POOLED_MAX_ISSUE_QUALITY,
  type PrCurve,
  poolLabelIssueMembers,
  precisionRecallCurve,
  rankLabelIssues,
  type ThresholdCalibration,
} from "@headstart/ml-core";
import type { SnapshotImage } from "@headstart/runs";

/** Target precision for the recommended threshold in the threshold table. */
export const TARGET_PRECISION = 0.95;

export interface Scored {
  image: SnapshotImage;
  probabilities: ArrayLike<number>;
}

export interface SplitMetrics {
  count: number;
  /** Single-label tasks. */
  report?: ClassificationReport;
  /** Multilabel tasks. */
  multilabel?: MultilabelReport;
  thresholds?: ThresholdCalibration;
  /** Binary tasks: precision/recall over P(second label). */
  prCurve?: PrCurve;
}

function truthIndices(scored: Scored[], labels: string[]): number[] {
  const index = new Map(labels.map((label, i) => [label, i]));
  return scored.map(({ image }) => index.get(image.labels[0]!)!);
}

export function evaluateSplit(
  scored: Scored[],
  labels: string[],
  classMode: ClassMode,
  threshold: number,
): SplitMetrics | null {
  if (scored.length === 0) return null;
  const probabilities = scored.map((s) => s.probabilities);
  if (classMode === "multilabel") {
    const truth = scored.map(({ image }) => labels.map((label) => image.labels.includes(label)));
    return { count: scored.length, multilabel: multilabelReport(probabilities, truth, labels, threshold) };
  }
  const truth = truthIndices(scored, labels);
  const metrics: SplitMetrics = {
    count: scored.length,
    report: classificationReport(probabilities, truth, labels),
    thresholds: calibrateThreshold(probabilities, truth, labels.length, TARGET_PRECISION),
  };
  if (classMode === "binary") {
    metrics.prCurve = precisionRecallCurve(
      probabilities.map((row) => row[1]!),
      truth.map((t) => t === 1),
    );
  }
  return metrics;
}

export interface PredictionRow {
  runId: string;
  imageId: string;
  split: "TRAIN" | "VAL" | "TEST";
  givenLabel: string;
  predictedLabel: string;
  probability: number;
  probabilities: number[];
  correct: boolean;
  /** Training images: 1 - label quality (relative self-confidence), higher = more suspicious. */
  labelIssueScore: number | null;
  suspectedLabel: string | null;
  /** Training images: 1 = the most suspicious label of the run. */
  labelIssueRank: number | null;
  /** Within the recommended flag cut (chosen for precision); the rest is the ranked tail. */
  labelIssueFlagged: boolean;
}

/** Multilabel rows name label sets ("a, b"); the predicted set is every label at or over the threshold. */
export function predictionRows(
  runId: string,
  scored: Scored[],
  labels: string[],
  classMode: ClassMode,
  threshold: number,
): PredictionRow[] {
  return scored.map(({ image, probabilities }) => {
    const values = Array.from(probabilities);
    const top = argmax(values);
    let givenLabel = image.labels[0] ?? "";
    let predictedLabel = labels[top]!;
    let correct = givenLabel === predictedLabel;
    if (classMode === "multilabel") {
      const predicted = labels.filter((_, i) => values[i]! >= threshold);
      givenLabel = [...image.labels].sort().join(", ");
      predictedLabel = predicted.length > 0 ? [...predicted].sort().join(", ") : labels[top]!;
      correct = givenLabel === [...predicted].sort().join(", ");
    }
    return {
      runId,
      imageId: image.id,
      split: image.split,
      givenLabel,
      predictedLabel,
      probability: values[top]!,
      probabilities: values,
      correct,
      labelIssueScore: null,
      suspectedLabel: null,
      labelIssueRank: null,
      labelIssueFlagged: false,
    };
  });
}

export interface LabelIssueSummary {
  /** Items within the recommended cut. */
  flagged: number;
  /** Confident learning's estimate of how many labels are wrong (counts look-alike confusions too). */
  estimatedIssues: number;
  /** How many labels are wrong, estimated from how mislabelled items score (rankLabelIssues). */
  estimatedErrors: number;
  /**
   * Rough estimates of the flagged set's precision and recall from the scores alone: within 0.17 of
   * the measured figures on development tasks, never a promise (rankLabelIssues says how).
   */
  estimatedPrecision: number;
  estimatedRecall: number;
  /**
   * The lowest labelIssueScore within the cut (every flagged row scores at least this); null when
   * nothing is flagged.
   */
  scoreThreshold: number | null;
  /** Training images ranked. */
  scored: number;
  /** Which out-of-fold models were pooled. */
  members: string[];
  /**
   * Each member's weight in the pool (same order as `members`), fitted on the given labels
   * (ml-core's poolLabelIssueMembers): which models the flags lean on.
   */
  memberWeights: number[];
}

/**
 * Training images ranked by how likely their given label is wrong (rankLabelIssues over several
 * models' out-of-fold probabilities pooled with weights fitted on the given labels: the head on the
 * run's embeddings and the pixel members, see poolLabelIssueMembers), every one with its score and
 * rank, the top ones up to the pool's flag cut (POOLED_MAX_ISSUE_QUALITY, capped by confident
 * learning's count) flagged. `scored` carries the first member's probabilities; `others` the rest,
 * row for row.
 */
export function labelIssueRows(
  runId: string,
  scored: Scored[],
  labels: string[],
  others: { name: string; probabilities: ArrayLike<number>[] }[] = [],
  firstName = "embedding_head",
): { rows: PredictionRow[]; issues: number; summary: LabelIssueSummary } {
  const rows = predictionRows(runId, scored, labels, "multiclass", 0);
  const members = [scored.map((s) => s.probabilities), ...others.map((o) => o.probabilities)];
  const given = truthIndices(scored, labels);
  const pool = poolLabelIssueMembers(members, given, labels.length);
  const ranking = rankLabelIssues(pool.probabilities, given, labels.length, { maxQuality: POOLED_MAX_ISSUE_QUALITY });
  ranking.ranking.forEach((item, rank) => {
    const row = rows[item.index]!;
    row.labelIssueScore = 1 - item.quality;
    row.suspectedLabel = labels[item.suggestedLabel]!;
    row.labelIssueRank = rank + 1;
    row.labelIssueFlagged = rank < ranking.cut;
  });
  return {
    rows,
    issues: ranking.cut,
    summary: {
      flagged: ranking.cut,
      estimatedIssues: ranking.estimatedIssueCount,
      estimatedErrors: ranking.estimatedErrorCount,
      estimatedPrecision: ranking.estimatedPrecision,
      estimatedRecall: ranking.estimatedRecall,
      scoreThreshold: ranking.cut === 0 ? null : 1 - ranking.ranking[ranking.cut - 1]!.quality,
      scored: rows.length,
      members: [firstName, ...others.map((o) => o.name)],
      memberWeights: pool.weights,
    },
  };
}

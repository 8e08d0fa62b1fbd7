// End-of-run evaluation: metrics per split for Run.metrics, and one
// Prediction row per val/test image (and per training image, with its
// out-of-sample label-issue score) for the review queries.

import {
  argmax,
  type ClassificationReport,
  type ClassMode,
  calibrateThreshold,
  classificationReport,
  findLabelIssues,
  type MultilabelReport,
  multilabelReport,
  type PrCurve,
  precisionRecallCurve,
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
  labelIssueScore: number | null;
  suspectedLabel: string | null;
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
    };
  });
}

/**
 * Training images scored out-of-sample (k-fold), with confident learning's
 * label-issue candidates marked: score = p(suspected) − p(given).
 */
export function labelIssueRows(
  runId: string,
  scored: Scored[],
  labels: string[],
): { rows: PredictionRow[]; issues: number } {
  const rows = predictionRows(runId, scored, labels, "multiclass", 0);
  const result = findLabelIssues(
    scored.map((s) => s.probabilities),
    truthIndices(scored, labels),
    labels.length,
  );
  for (const issue of result.issues) {
    rows[issue.index]!.labelIssueScore = issue.margin;
    rows[issue.index]!.suspectedLabel = labels[issue.suggestedLabel]!;
  }
  return { rows, issues: result.issues.length };
}

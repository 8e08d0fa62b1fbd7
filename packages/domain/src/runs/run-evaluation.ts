// A finished run's evaluation, computed from its stored predictions (one row
// per val/test image) with ml-core's metrics. The predictions are the record
// of what the model said; deriving the figures from them keeps every number
// the API shows consistent with the review lists built from the same rows.
import type { PrismaClient, Split } from "@headstart/db";
import {
  type ClassMetrics,
  calibrateThreshold,
  classificationReport,
  type PrCurve,
  precisionRecallCurve,
  type ThresholdPoint,
} from "@headstart/ml-core";
import { DEFAULT_RUN_CONFIG, parseDatasetSnapshot } from "@headstart/runs";

export interface SplitEvaluation {
  split: Split;
  /** Images evaluated. */
  count: number;
  /** Class order (the model's output units). */
  labels: string[];
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[given][predicted]. */
  confusion: number[][];
  /** The run's withholding threshold, and how many images it withholds on this split. */
  threshold: number;
  withheldAtThreshold: number;
  /** Precision and coverage of kept predictions per confidence threshold. */
  thresholds: ThresholdPoint[];
  targetPrecision: number;
  /** Lowest threshold whose kept predictions reach targetPrecision (null when none does). */
  recommendedThreshold: number | null;
  /** Binary runs only: the curve for the second label as the positive class. */
  prCurve: PrCurve | null;
  positiveLabel: string | null;
}

export const DEFAULT_TARGET_PRECISION = 0.95;

export async function runClassLabels(
  prisma: PrismaClient,
  versionId: string,
): Promise<{ labels: string[]; task: string }> {
  const version = await prisma.datasetVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { snapshot: true },
  });
  const snapshot = parseDatasetSnapshot(version.snapshot);
  return { labels: snapshot.labels, task: snapshot.task };
}

/**
 * Null when the run has no predictions on the split (not finished, or the
 * split was empty) or is multilabel, where single-label figures do not apply.
 */
export async function evaluateRunSplit(
  prisma: PrismaClient,
  run: { id: string; versionId: string; config: unknown },
  split: Split,
  targetPrecision = DEFAULT_TARGET_PRECISION,
): Promise<SplitEvaluation | null> {
  const { labels, task } = await runClassLabels(prisma, run.versionId);
  if (task === "MULTILABEL") return null;
  const rows = await prisma.prediction.findMany({
    where: { runId: run.id, split },
    select: { givenLabel: true, probabilities: true },
    orderBy: { imageId: "asc" },
  });
  const index = new Map(labels.map((label, i) => [label, i]));
  // Rows whose label left the class list or whose probability vector does not match it cannot be scored.
  const usable = rows.filter((row) => index.has(row.givenLabel) && row.probabilities.length === labels.length);
  if (usable.length === 0) return null;
  const probabilities = usable.map((row) => row.probabilities);
  const truth = usable.map((row) => index.get(row.givenLabel)!);
  const report = classificationReport(probabilities, truth, labels);
  const calibration = calibrateThreshold(probabilities, truth, labels.length, targetPrecision);
  const threshold = thresholdOf(run.config);
  const withheld = probabilities.filter((row) => Math.max(...row) < threshold).length;
  const binary = labels.length === 2;
  return {
    split,
    count: usable.length,
    labels,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    perClass: report.perClass,
    confusion: report.confusion,
    threshold,
    withheldAtThreshold: withheld,
    thresholds: calibration.points,
    targetPrecision,
    recommendedThreshold: calibration.recommended,
    prCurve: binary
      ? precisionRecallCurve(
          probabilities.map((row) => row[1]!),
          truth.map((t) => t === 1),
        )
      : null,
    positiveLabel: binary ? labels[1]! : null,
  };
}

/** The run's withholding threshold from its stored config (the default if an old row lacks it). */
export function thresholdOf(config: unknown): number {
  const value = (config as { threshold?: unknown } | null)?.threshold;
  return typeof value === "number" && value >= 0 && value <= 1 ? value : DEFAULT_RUN_CONFIG.threshold;
}

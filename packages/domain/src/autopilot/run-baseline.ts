// The pixel baseline stored beside a run's figures (the trainer computes it at the end of every run,
// Run.metrics.baseline) and how the run compares with it.

import type { Run } from "@headstart/db";
import { DIAGNOSIS_THRESHOLDS } from "@headstart/ml-core";

export interface RunBaseline {
  model: string;
  size: number;
  channels: number;
  trainAccuracy: number;
  valAccuracy: number | null;
  testAccuracy: number | null;
  seconds: number;
  /** The run's validation accuracy is below the baseline's by more than DIAGNOSIS_THRESHOLDS.baselineMargin. */
  runBelowBaseline: boolean;
  /** One plain sentence comparing the run with the baseline. */
  verdict: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The run's baseline, or null for runs finished before baselines existed (or whose baseline failed). */
export function runBaselineOf(run: Pick<Run, "metrics">): RunBaseline | null {
  const metrics = (run.metrics ?? {}) as { valAccuracy?: number; baseline?: Partial<RunBaseline> | null };
  const b = metrics.baseline;
  if (!b || typeof b.trainAccuracy !== "number") return null;
  const valAccuracy = typeof b.valAccuracy === "number" ? b.valAccuracy : null;
  const runVal = typeof metrics.valAccuracy === "number" ? metrics.valAccuracy : null;
  const below = valAccuracy !== null && runVal !== null && runVal < valAccuracy - DIAGNOSIS_THRESHOLDS.baselineMargin;
  const verdict =
    valAccuracy === null || runVal === null
      ? "The baseline has no validation figure to compare with."
      : below
        ? `This run's validation accuracy (${pct(runVal)}) is below the pixel baseline's (${pct(valAccuracy)}): it learnt less than logistic regression on the raw pixels.`
        : `This run's validation accuracy (${pct(runVal)}) is ${runVal - valAccuracy > DIAGNOSIS_THRESHOLDS.baselineMargin ? "above" : "level with"} the pixel baseline's (${pct(valAccuracy)}).`;
  return {
    model: b.model ?? "logistic-regression-on-pixels",
    size: b.size ?? 28,
    channels: b.channels ?? 1,
    trainAccuracy: b.trainAccuracy,
    valAccuracy,
    testAccuracy: typeof b.testAccuracy === "number" ? b.testAccuracy : null,
    seconds: b.seconds ?? 0,
    runBelowBaseline: below,
    verdict,
  };
}

"use client";
// A finished run's figures on one split: headline metrics, the confusion
// matrix and the most frequent confusions, the per-class table (each class
// links to its review), and the withholding threshold.
import Link from "next/link";
import { ConfusionMatrix } from "@/components/ConfusionMatrix.tsx";
import { ThresholdPanel } from "@/components/ThresholdPanel.tsx";
import type { Split } from "@/gql/graphql.ts";
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";
import type { EpochPoint } from "@/lib/chart-data.ts";
import { topConfusions } from "@/lib/confusion.ts";
import { pct } from "./run-format.ts";

const RunEvaluationFields = graphql(`
  fragment RunEvaluationFields on RunEvaluation {
    split
    count
    accuracy
    macroF1
    averagePrecision
    labels
    confusionMatrix
    threshold
    targetPrecision
    recommendedThreshold
    withheldAtThreshold
    perClass {
      label
      precision
      recall
      f1
      support
    }
    thresholds {
      threshold
      precision
      recall
      withheld
    }
  }
`);

/** The review page filtered to one class (it reads ?class=). */
export function reviewClassHref(runId: string, label: string): string {
  return `/runs/${runId}/review?class=${encodeURIComponent(label)}`;
}

export function RunEvaluation({
  runId,
  evaluation: evaluationRef,
  split,
  onSplit,
  best,
}: {
  runId: string;
  evaluation: FragmentType<typeof RunEvaluationFields>;
  split: Split;
  onSplit(split: Split): void;
  /** The best validation epoch, shown beside the final figures. */
  best: EpochPoint | null;
}) {
  const evaluation = getFragmentData(RunEvaluationFields, evaluationRef);
  const confusions = topConfusions(evaluation.labels, evaluation.confusionMatrix);
  return (
    <>
      <div className="row" style={{ marginBottom: 8 }}>
        <h2 style={{ margin: 0 }}>Evaluation</h2>
        <span className="spacer" />
        <fieldset className="plain row">
          <legend className="sr-only">Split</legend>
          {(["VAL", "TEST"] as const).map((s) => (
            <button key={s} type="button" className="small" aria-pressed={split === s} onClick={() => onSplit(s)}>
              {s === "VAL" ? "validation" : "test"}
            </button>
          ))}
        </fieldset>
      </div>
      <div className="metrics" style={{ marginBottom: "1rem" }} data-testid="final-metrics">
        <div className="metric">
          <div className="value">{pct(evaluation.accuracy)}</div>
          <div className="label">
            accuracy on {evaluation.count} {evaluation.split === "VAL" ? "validation" : "test"} images
          </div>
        </div>
        <div className="metric">
          <div className="value">{pct(evaluation.macroF1)}</div>
          <div className="label">macro F1</div>
        </div>
        {evaluation.averagePrecision !== null && evaluation.averagePrecision !== undefined ? (
          <div className="metric">
            <div className="value">{pct(evaluation.averagePrecision)}</div>
            <div className="label">average precision</div>
          </div>
        ) : null}
        <div className="metric">
          <div className="value">{evaluation.withheldAtThreshold}</div>
          <div className="label">withheld at the run&apos;s threshold {evaluation.threshold}</div>
        </div>
        {best ? (
          <div className="metric">
            <div className="value">{pct(best.valAcc)}</div>
            <div className="label">best val accuracy (epoch {best.epoch})</div>
          </div>
        ) : null}
      </div>
      <div className="grid-2" style={{ marginBottom: "1rem" }}>
        <section className="card">
          <h3>Confusion matrix</h3>
          <ConfusionMatrix labels={evaluation.labels} matrix={evaluation.confusionMatrix} />
          {confusions.length > 0 ? (
            <p className="small muted" style={{ marginTop: 8 }}>
              Most confused:{" "}
              {confusions.map((c, i) => (
                <span key={`${c.truth}-${c.predicted}`}>
                  {i > 0 ? ", " : ""}
                  <Link href={reviewClassHref(runId, c.truth)}>
                    {c.truth} taken for {c.predicted}
                  </Link>{" "}
                  ({c.count})
                </span>
              ))}
              .
            </p>
          ) : null}
        </section>
        <section className="card">
          <h3>Per class</h3>
          <div className="table-wrap">
            <table data-testid="per-class">
              <thead>
                <tr>
                  <th>Label</th>
                  <th className="num">Precision</th>
                  <th className="num">Recall</th>
                  <th className="num">F1</th>
                  <th className="num">Images</th>
                </tr>
              </thead>
              <tbody>
                {evaluation.perClass.map((c) => (
                  <tr key={c.label}>
                    <td>
                      <Link href={reviewClassHref(runId, c.label)} title={`Review the ${c.label} predictions`}>
                        {c.label}
                      </Link>
                    </td>
                    <td className="num">{pct(c.precision)}</td>
                    <td className="num">{pct(c.recall)}</td>
                    <td className="num">{pct(c.f1)}</td>
                    <td className="num">{c.support}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
      <section className="card" style={{ marginBottom: "1rem" }}>
        <h3>Threshold</h3>
        <ThresholdPanel
          key={`${runId}-${evaluation.split}`}
          points={evaluation.thresholds}
          initial={evaluation.threshold}
          total={evaluation.count}
          recommended={evaluation.recommendedThreshold ?? null}
          targetPrecision={evaluation.targetPrecision}
        />
      </section>
    </>
  );
}

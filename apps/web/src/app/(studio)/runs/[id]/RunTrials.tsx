"use client";
// An AUTO run's search (issue 12): the trial table growing live while the trainer searches (polled:
// trials are runs of their own, created as the search goes), the winner and why it won, and a link
// comparing the trials. A trial run links back to its AUTO run.
import Link from "next/link";
import { useEffect } from "react";
import { useQuery } from "urql";
import { graphql } from "@/gql/index.ts";

const RunTrialsQuery = graphql(`
  query RunTrials($id: ID!) {
    run(id: $id) {
      id
      status
      parentRun {
        id
        name
      }
      autoSummary {
        phase
        budgetSeconds
        measureSeconds
        searchSeconds
        budgetExhausted
        strategy
        reasons {
          field
          sentence
        }
        trials {
          trialId
          runId
          rung
          epochs
          status
          valAccuracy
          seconds
          verdict
          note
        }
        winnerTrialId
        winnerRunId
        reason
        retrainEpochs
        retrainFineTuneEpochs
      }
    }
  }
`);

/** How often the trial table is re-read while the search runs. */
const POLL_MS = 2000;

const pct = (x: number | null | undefined) => (typeof x === "number" ? `${(x * 100).toFixed(1)}%` : "–");

export function RunTrials({ runId, running }: { runId: string; running: boolean }) {
  const [result, refetch] = useQuery({ query: RunTrialsQuery, variables: { id: runId } });
  const run = result.data?.run;
  // Only an AUTO run grows a trial table: poll while it searches (and while a run is still queued,
  // until its trainer says whether it is one); other runs are read once.
  const polling = running && (!run || run.autoSummary != null || run.status === "QUEUED");
  useEffect(() => {
    if (!running) {
      refetch({ requestPolicy: "network-only" });
      return;
    }
    if (!polling) return;
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), POLL_MS);
    return () => clearInterval(timer);
  }, [running, polling, refetch]);
  if (!run) return null;
  if (run.parentRun) {
    return (
      <p className="notice">
        A trial of the AUTO run <Link href={`/runs/${run.parentRun.id}`}>{run.parentRun.name ?? run.parentRun.id}</Link>
        .
      </p>
    );
  }
  const summary = run.autoSummary;
  if (!summary) return null;
  const runIds = [...new Set(summary.trials.map((t) => t.runId))];
  return (
    <section className="card" aria-labelledby="trials-title">
      <h2 id="trials-title">AUTO search</h2>
      <p>
        {summary.phase === "measuring"
          ? "Measuring the dataset (probes of frozen features against the pixels)…"
          : summary.phase === "searching"
            ? `Searching: ${summary.trials.length} trial run${summary.trials.length === 1 ? "" : "s"} so far, weak ones stopped early.`
            : summary.phase === "retraining"
              ? `Retraining the winner for ${summary.retrainEpochs}${summary.retrainFineTuneEpochs ? ` + ${summary.retrainFineTuneEpochs}` : ""} epochs as this run.`
              : summary.phase === "done"
                ? "Done: this run is the winner, retrained; its figures are above."
                : `The search ended ${summary.phase}.`}{" "}
        Budget {Math.round(summary.budgetSeconds / 60)} min{summary.budgetExhausted ? " (used up)" : ""}.
      </p>
      {summary.reasons.length > 0 ? (
        <details>
          <summary>Why the search started from {summary.strategy}</summary>
          <ul>
            {summary.reasons.map((r) => (
              <li key={r.field}>{r.sentence}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="table-wrap">
        <table data-testid="trial-table">
          <thead>
            <tr>
              <th scope="col">trial</th>
              <th scope="col">rung</th>
              <th scope="col">epochs</th>
              <th scope="col">status</th>
              <th scope="col">val accuracy</th>
              <th scope="col">seconds</th>
              <th scope="col">verdict</th>
            </tr>
          </thead>
          <tbody>
            {summary.trials.map((t) => (
              <tr key={t.runId}>
                <td>
                  <Link href={`/runs/${t.runId}`}>{t.trialId}</Link>
                </td>
                <td>{t.rung + 1}</td>
                <td>{t.epochs}</td>
                <td>{t.status}</td>
                <td>{pct(t.valAccuracy)}</td>
                <td>{t.seconds == null ? "–" : t.seconds.toFixed(0)}</td>
                <td>
                  {t.verdict ?? ""}
                  {/* Why it was dropped or kept: on the page, not only in a tooltip a touch screen never shows. */}
                  {t.note ? <div className="muted small cell-note">{t.note}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {summary.reason ? <p>{summary.reason}</p> : null}
      {runIds.length >= 2 ? (
        <p>
          <Link href={`/compare?ids=${runIds.slice(0, 10).join(",")}`}>Compare the trials</Link>
        </p>
      ) : null}
    </section>
  );
}

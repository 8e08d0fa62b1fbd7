"use client";
// One run, live: status, embedding/training progress, loss and accuracy curves
// that grow as epochs arrive over graphql-ws, then the evaluation (metrics,
// confusion matrix, per-class table, threshold slider) and the model.
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { ConfusionMatrix } from "@/components/ConfusionMatrix.tsx";
import { LineChart } from "@/components/LineChart.tsx";
import { ErrorState, errorMessage, Loading, ProgressBar } from "@/components/States.tsx";
import { ThresholdPanel } from "@/components/ThresholdPanel.tsx";
import type { Split } from "@/gql/graphql.ts";
import { graphql } from "@/gql/index.ts";
import { bestEpoch, epochSeries } from "@/lib/chart-data.ts";
import { topConfusions } from "@/lib/confusion.ts";
import { applyRunUpdate, describeProgress, isFinal, type LiveRun, type RunUpdateEvent } from "@/lib/run-live.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";

// The run query and the live subscription select the same epoch and progress
// fields, so the update reducer merges like with like.
graphql(`
  fragment EpochFields on EpochMetric {
    epoch
    phase
    loss
    acc
    valLoss
    valAcc
    seconds
  }
`);

graphql(`
  fragment ProgressFields on RunProgress {
    stage
    done
    total
    cached
    pass
    epoch
    epochs
    batch
    batches
    phase
    step
  }
`);

const RunQuery = graphql(`
  query Run($id: ID!, $split: Split!) {
    run(id: $id) {
      id
      name
      status
      attempt
      maxAttempts
      error
      cancelRequested
      createdAt
      startedAt
      finishedAt
      currentEpoch
      plannedEpochs
      modelDownloadUrl
      creator {
        email
      }
      dataset {
        id
        name
        task
      }
      version {
        id
        number
        imageCount
        labels
      }
      config {
        backbone
        inputSize
        batchSize
        epochs
        learningRate
        optimizer
        headUnits
        dropout
        fineTuneBlocks
        fineTuneEpochs
        fineTuneLearningRate
        earlyStoppingPatience
        threshold
        seed
        augmentation {
          rotation
          widthShift
          heightShift
          zoom
          horizontalFlip
          variants
        }
      }
      epochs {
        ...EpochFields
      }
      progress {
        ...ProgressFields
      }
      artifacts {
        kind
        byteSize
      }
      evaluation(split: $split) {
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
    }
  }
`);

const RunUpdatedSubscription = graphql(`
  subscription RunUpdated($runId: ID!) {
    runUpdated(runId: $runId) {
      kind
      runId
      status
      attempt
      cancelRequested
      error
      currentEpoch
      epoch {
        ...EpochFields
      }
      epochs {
        ...EpochFields
      }
      progress {
        ...ProgressFields
      }
    }
  }
`);

const CancelRunMutation = graphql(`
  mutation CancelRun($input: RunIdInput!) {
    cancelRun(input: $input) {
      outcome
      run {
        id
        status
        cancelRequested
      }
    }
  }
`);

const RetryRunMutation = graphql(`
  mutation RetryRun($input: RunIdInput!) {
    retryRun(input: $input) {
      id
    }
  }
`);

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${(v * 100).toFixed(1)}%`);
const fmt = (v: number) => String(Number(v.toPrecision(4)));

function duration(from: string | null | undefined, to: string | null | undefined): string {
  if (!from) return "–";
  const ms = (to ? new Date(to).getTime() : Date.now()) - new Date(from).getTime();
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export default function RunPage() {
  const { id } = useParams<{ id: string }>();
  const router = useRouter();
  const { team } = useStudio();
  const [split, setSplit] = useState<Split>("VAL");
  const [result, refetch] = useQuery({ query: RunQuery, variables: { id, split } });
  const [live, setLive] = useState<LiveRun | null>(null);
  const [cancelState, cancel] = useMutation(CancelRunMutation);
  const [retryState, retry] = useMutation(RetryRunMutation);
  const run = result.data?.run;

  // Seed the live state from the query, then let the subscription move it.
  useEffect(() => {
    if (!run) return;
    setLive((old) =>
      applyRunUpdate(
        old ?? {
          status: run.status,
          currentEpoch: 0,
          epochs: [],
          progress: null,
          error: null,
          attempt: 0,
          cancelRequested: false,
        },
        {
          kind: "STATE",
          status: run.status,
          currentEpoch: run.currentEpoch,
          epochs: run.epochs,
          progress: run.progress,
          error: run.error,
          attempt: run.attempt,
          cancelRequested: run.cancelRequested,
        },
      ),
    );
  }, [run]);

  const finishedAtLoad = run ? isFinal(run.status) : false;
  useSubscription(
    { query: RunUpdatedSubscription, variables: { runId: id }, pause: !run || finishedAtLoad },
    (_prev, data) => {
      const update = data.runUpdated as RunUpdateEvent;
      setLive((old) => (old ? applyRunUpdate(old, update) : old));
      return data;
    },
  );

  // When the run finishes, load what only a finished run has (evaluation, model).
  const liveStatus = live?.status;
  useEffect(() => {
    if (run && liveStatus && liveStatus !== run.status && isFinal(liveStatus))
      refetch({ requestPolicy: "network-only" });
  }, [liveStatus, run, refetch]);

  const series = useMemo(() => epochSeries(live?.epochs ?? []), [live?.epochs]);

  if (result.error && !result.data) {
    return (
      <ErrorState
        error={result.error}
        title="Cannot open this run"
        retry={() => refetch({ requestPolicy: "network-only" })}
      />
    );
  }
  if (!run || !live) return <Loading label="Loading the run…" lines={6} />;

  const canEdit = hasRole(team, "EDITOR");
  const progress = describeProgress(live.progress, live.status);
  const best = bestEpoch(live.epochs);
  const evaluation = run.evaluation;
  const colors = {
    loss: "var(--series-1)",
    valLoss: "var(--series-2)",
    acc: "var(--series-1)",
    valAcc: "var(--series-2)",
  } as Record<string, string>;
  const markers = series.fineTuneStartsAt ? [{ x: series.fineTuneStartsAt, label: "fine-tuning" }] : [];

  return (
    <>
      <p className="small">
        <Link href="/runs">← Runs</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>
            {run.name ?? `${run.dataset.name} v${run.version.number}`}{" "}
            <span className={`badge ${live.status}`} data-testid="run-status">
              {live.status.toLowerCase()}
            </span>
          </h1>
          <p>
            <Link href={`/datasets/${run.dataset.id}`}>{run.dataset.name}</Link> v{run.version.number} ·{" "}
            {run.version.imageCount} images · {run.config.backbone}{" "}
            {run.config.fineTuneBlocks > 0 ? `fine-tuning ${run.config.fineTuneBlocks} blocks` : "frozen"} · by{" "}
            {run.creator?.email ?? "a deleted account"} · {duration(run.startedAt, run.finishedAt)}
          </p>
        </div>
        <div className="row">
          {live.status === "SUCCEEDED" ? (
            <>
              <Link className="button primary" href={`/runs/${run.id}/review`}>
                Review predictions
              </Link>
              <Link className="button" href={`/predict?run=${run.id}`}>
                Try it
              </Link>
              {run.modelDownloadUrl ? (
                <a className="button" href={run.modelDownloadUrl} download data-testid="model-download">
                  Download model
                </a>
              ) : null}
            </>
          ) : null}
          {canEdit && !isFinal(live.status) ? (
            <button
              type="button"
              className="danger"
              disabled={cancelState.fetching || live.cancelRequested}
              onClick={async () => {
                const res = await cancel({ input: { runId: run.id } });
                if (res.data)
                  setLive((l) =>
                    l
                      ? applyRunUpdate(l, {
                          kind: "STATUS",
                          status: res.data!.cancelRun.run.status,
                          cancelRequested: res.data!.cancelRun.run.cancelRequested,
                        })
                      : l,
                  );
              }}
            >
              {live.cancelRequested ? "Cancelling…" : "Cancel"}
            </button>
          ) : null}
          {canEdit && (live.status === "FAILED" || live.status === "CANCELLED") ? (
            <button
              type="button"
              disabled={retryState.fetching}
              onClick={async () => {
                const res = await retry({ input: { runId: run.id } });
                if (res.data) router.push(`/runs/${res.data.retryRun.id}`);
              }}
            >
              Run again
            </button>
          ) : null}
        </div>
      </div>
      {cancelState.error || retryState.error ? (
        <p className="notice error" role="alert">
          {errorMessage((cancelState.error ?? retryState.error)!)}
        </p>
      ) : null}
      {live.status === "FAILED" ? (
        <p className="notice error" role="alert">
          <strong>This run failed</strong> after {live.attempt} of {run.maxAttempts} attempts:{" "}
          {live.error ?? "no reason was recorded."}
        </p>
      ) : null}
      {live.status === "RUNNING" && live.attempt > 1 ? (
        <p className="notice warn">
          Attempt {live.attempt} of {run.maxAttempts}: resumed from the last checkpoint after a trainer stopped.
        </p>
      ) : null}

      {!isFinal(live.status) ? (
        <section className="card" style={{ marginBottom: "1rem" }} aria-label="Progress" data-testid="run-progress">
          <div className="row" style={{ justifyContent: "space-between", marginBottom: 6 }}>
            <span>{progress.text}</span>
            <span className="small muted tabular">
              epoch {live.currentEpoch} of {run.plannedEpochs}
            </span>
          </div>
          <ProgressBar value={progress.done} max={progress.total || 1} label={progress.text} />
        </section>
      ) : null}

      <div className="grid-2" style={{ marginBottom: "1rem" }}>
        <section className="card">
          <LineChart
            title="Loss"
            kind="loss"
            testId="chart-loss"
            plannedEpochs={run.plannedEpochs}
            markers={markers}
            series={series.loss.map((s) => ({ ...s, color: colors[s.key] }))}
          />
        </section>
        <section className="card">
          <LineChart
            title="Accuracy"
            kind="accuracy"
            testId="chart-accuracy"
            plannedEpochs={run.plannedEpochs}
            markers={markers}
            series={series.accuracy.map((s) => ({ ...s, color: colors[s.key] }))}
          />
        </section>
      </div>

      {evaluation ? (
        <>
          <div className="row" style={{ marginBottom: 8 }}>
            <h2 style={{ margin: 0 }}>Evaluation</h2>
            <span className="spacer" />
            <fieldset className="plain row">
              <legend className="sr-only">Split</legend>
              {(["VAL", "TEST"] as const).map((s) => (
                <button key={s} type="button" className="small" aria-pressed={split === s} onClick={() => setSplit(s)}>
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
              {topConfusions(evaluation.labels, evaluation.confusionMatrix).length > 0 ? (
                <p className="small muted" style={{ marginTop: 8 }}>
                  Most confused:{" "}
                  {topConfusions(evaluation.labels, evaluation.confusionMatrix)
                    .map((c) => `${c.truth} taken for ${c.predicted} (${c.count})`)
                    .join(", ")}
                  . <Link href={`/runs/${run.id}/review`}>Review them</Link>.
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
                        <td>{c.label}</td>
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
              key={`${run.id}-${evaluation.split}`}
              points={evaluation.thresholds}
              initial={evaluation.threshold}
              total={evaluation.count}
              recommended={evaluation.recommendedThreshold ?? null}
              targetPrecision={evaluation.targetPrecision}
            />
          </section>
        </>
      ) : live.status === "SUCCEEDED" ? (
        <p className="notice">
          This run has no evaluation figures (multilabel runs report per-label figures in review).
        </p>
      ) : null}

      <div className="grid-2">
        <section className="card">
          <h3>Epochs</h3>
          {live.epochs.length === 0 ? (
            <p className="small muted">No epoch has finished yet.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="epoch-table">
                <thead>
                  <tr>
                    <th>Epoch</th>
                    <th>Phase</th>
                    <th className="num">Loss</th>
                    <th className="num">Accuracy</th>
                    <th className="num">Val loss</th>
                    <th className="num">Val accuracy</th>
                    <th className="num">Seconds</th>
                  </tr>
                </thead>
                <tbody>
                  {live.epochs.map((e) => (
                    <tr key={e.epoch} style={best?.epoch === e.epoch ? { fontWeight: 650 } : undefined}>
                      <td>{e.epoch}</td>
                      <td>{e.phase}</td>
                      <td className="num">{fmt(e.loss)}</td>
                      <td className="num">{pct(e.acc)}</td>
                      <td className="num">{e.valLoss === null || e.valLoss === undefined ? "–" : fmt(e.valLoss)}</td>
                      <td className="num">{pct(e.valAcc)}</td>
                      <td className="num">{e.seconds === undefined ? "–" : fmt(e.seconds)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card">
          <h3>Settings</h3>
          <dl
            className="small"
            style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "2px 14px", margin: 0 }}
          >
            {Object.entries({
              "batch size": run.config.batchSize,
              epochs: run.config.epochs,
              "learning rate": run.config.learningRate,
              optimizer: run.config.optimizer.toLowerCase(),
              "input size": `${run.config.inputSize} px`,
              augmentation: run.config.augmentation
                ? `rotation ${run.config.augmentation.rotation}°, shift ${run.config.augmentation.widthShift}, zoom ${run.config.augmentation.zoom}${run.config.augmentation.horizontalFlip ? ", flip" : ""}`
                : "off",
              head: `${run.config.headUnits} units, dropout ${run.config.dropout}`,
              "fine-tuning":
                run.config.fineTuneBlocks > 0
                  ? `${run.config.fineTuneBlocks} blocks, ${run.config.fineTuneEpochs} epochs at ${run.config.fineTuneLearningRate}`
                  : "none (frozen base)",
              "early stopping": run.config.earlyStoppingPatience
                ? `after ${run.config.earlyStoppingPatience} epochs`
                : "off",
              threshold: run.config.threshold,
              seed: run.config.seed,
            }).map(([k, v]) => (
              <div key={k} style={{ display: "contents" }}>
                <dt className="muted">{k}</dt>
                <dd style={{ margin: 0 }}>{String(v)}</dd>
              </div>
            ))}
          </dl>
          {run.artifacts.length > 0 ? (
            <p className="small muted" style={{ marginTop: 10 }}>
              Model files:{" "}
              {run.artifacts
                .map((a) => `${a.kind.toLowerCase()} ${(a.byteSize / 1024 / 1024).toFixed(1)} MB`)
                .join(", ")}
            </p>
          ) : null}
        </section>
      </div>
    </>
  );
}

"use client";
// One run, live: the page owns the query, the graphql-ws subscription and the
// live state they fold into; each section below declares the fields it reads
// as a fragment of its own (RunHeader, RunProgress, RunCurves, RunEvaluation,
// RunEpochs, RunSettings).
import { useParams } from "next/navigation";
import { useEffect, useState } from "react";
import { useQuery, useSubscription } from "urql";
import { ErrorState, Loading } from "@/components/States.tsx";
import type { Split } from "@/gql/graphql.ts";
import { getFragmentData, graphql } from "@/gql/index.ts";
import { bestEpoch } from "@/lib/chart-data.ts";
import { applyRunUpdate, isFinal, type LiveRun, type RunUpdateEvent } from "@/lib/run-live.ts";
import { hasRole, useStudio } from "@/lib/team-context.tsx";
import { RunCurves } from "./RunCurves.tsx";
import { RunDiagnosis } from "./RunDiagnosis.tsx";
import { RunEpochs } from "./RunEpochs.tsx";
import { RunEvaluation } from "./RunEvaluation.tsx";
import { RunHeader } from "./RunHeader.tsx";
import { RunLift } from "./RunLift.tsx";
import { RunProgress } from "./RunProgress.tsx";
import { RunSettings } from "./RunSettings.tsx";
import { RunTrials } from "./RunTrials.tsx";

// The run query and the live subscription select the same epoch and progress
// fields, so the update reducer merges like with like.
const EpochFields = graphql(`
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

const ProgressFields = graphql(`
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
      status
      attempt
      error
      cancelRequested
      currentEpoch
      plannedEpochs
      ...RunHeaderFields
      ...RunSettingsFields
      ...RunDiagnosisFields
      epochs {
        ...EpochFields
      }
      progress {
        ...ProgressFields
      }
      evaluation(split: $split) {
        ...RunEvaluationFields
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

const EMPTY_LIVE: LiveRun = {
  status: "QUEUED",
  currentEpoch: 0,
  epochs: [],
  progress: null,
  error: null,
  attempt: 0,
  cancelRequested: false,
};

export default function RunPage() {
  const { id } = useParams<{ id: string }>();
  const { team } = useStudio();
  const [split, setSplit] = useState<Split>("VAL");
  const [result, refetch] = useQuery({ query: RunQuery, variables: { id, split } });
  const [live, setLive] = useState<LiveRun | null>(null);
  const run = result.data?.run;
  const update = (event: RunUpdateEvent) => setLive((old) => applyRunUpdate(old ?? EMPTY_LIVE, event));

  // Seed the live state from the query, then let the subscription move it.
  useEffect(() => {
    if (!run) return;
    setLive((old) =>
      applyRunUpdate(old ?? { ...EMPTY_LIVE, status: run.status }, {
        kind: "STATE",
        status: run.status,
        currentEpoch: run.currentEpoch,
        epochs: [...getFragmentData(EpochFields, run.epochs)],
        progress: getFragmentData(ProgressFields, run.progress) ?? null,
        error: run.error,
        attempt: run.attempt,
        cancelRequested: run.cancelRequested,
      }),
    );
  }, [run]);

  const finishedAtLoad = run ? isFinal(run.status) : false;
  useSubscription(
    { query: RunUpdatedSubscription, variables: { runId: id }, pause: !run || finishedAtLoad },
    (_prev, data) => {
      const event = data.runUpdated;
      const epochs = getFragmentData(EpochFields, event.epochs);
      setLive((old) =>
        old
          ? applyRunUpdate(old, {
              ...event,
              epoch: getFragmentData(EpochFields, event.epoch),
              epochs: epochs ? [...epochs] : epochs,
              progress: getFragmentData(ProgressFields, event.progress),
            } as RunUpdateEvent)
          : old,
      );
      return data;
    },
  );

  // When the run finishes, load what only a finished run has (evaluation, model).
  const liveStatus = live?.status;
  useEffect(() => {
    if (run && liveStatus && liveStatus !== run.status && isFinal(liveStatus))
      refetch({ requestPolicy: "network-only" });
  }, [liveStatus, run, refetch]);

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

  const best = bestEpoch(live.epochs);
  return (
    <>
      <RunHeader run={run} live={live} canEdit={hasRole(team, "EDITOR")} onUpdate={update} />
      {!isFinal(live.status) ? <RunProgress live={live} plannedEpochs={run.plannedEpochs} /> : null}
      <RunTrials runId={run.id} running={!isFinal(live.status)} />
      <RunCurves epochs={live.epochs} plannedEpochs={run.plannedEpochs} />
      <RunDiagnosis run={run} canEdit={hasRole(team, "EDITOR")} />
      {run.evaluation ? (
        <RunEvaluation runId={run.id} evaluation={run.evaluation} split={split} onSplit={setSplit} best={best} />
      ) : live.status === "SUCCEEDED" ? (
        <p className="notice">
          This run has no evaluation figures (multilabel runs report per-label figures in review).
        </p>
      ) : null}
      {live.status === "SUCCEEDED" ? <RunLift runId={run.id} /> : null}
      <div className="grid-2">
        <RunEpochs epochs={live.epochs} bestEpoch={best?.epoch ?? null} />
        <RunSettings run={run} />
      </div>
    </>
  );
}

"use client";
// The run's title and provenance, the actions its state allows (review, try,
// download, cancel, run again), and the notices a failed or resumed run needs.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation } from "urql";
import { errorMessage } from "@/components/States.tsx";
import { type FragmentType, getFragmentData, graphql } from "@/gql/index.ts";
import { isFinal, type LiveRun, type RunUpdateEvent } from "@/lib/run-live.ts";

const RunHeaderFields = graphql(`
  fragment RunHeaderFields on Run {
    id
    name
    maxAttempts
    startedAt
    finishedAt
    modelDownloadUrl
    creator {
      email
    }
    dataset {
      id
      name
    }
    version {
      number
      imageCount
    }
    config {
      backbone
      fineTuneBlocks
      strategy
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

function duration(from: string | null | undefined, to: string | null | undefined): string {
  if (!from) return "–";
  const ms = (to ? new Date(to).getTime() : Date.now()) - new Date(from).getTime();
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export function RunHeader({
  run: runRef,
  live,
  canEdit,
  onUpdate,
}: {
  run: FragmentType<typeof RunHeaderFields>;
  live: LiveRun;
  canEdit: boolean;
  /** A cancel moves the status at once, before the subscription confirms it. */
  onUpdate(update: RunUpdateEvent): void;
}) {
  const run = getFragmentData(RunHeaderFields, runRef);
  const router = useRouter();
  const [cancelState, cancel] = useMutation(CancelRunMutation);
  const [retryState, retry] = useMutation(RetryRunMutation);
  const actionError = cancelState.error ?? retryState.error;

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
            {run.version.imageCount} images ·{" "}
            {run.config.strategy === "AUTO"
              ? "AUTO search"
              : `${run.config.backbone} ${run.config.fineTuneBlocks > 0 ? `fine-tuning ${run.config.fineTuneBlocks} blocks` : run.config.backbone === "scratch" ? "from scratch" : run.config.backbone === "gradients" ? "head on fixed edge features" : "frozen"}`}{" "}
            · by {run.creator?.email ?? "a deleted account"} · {duration(run.startedAt, run.finishedAt)}
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
                if (res.data) {
                  const { status, cancelRequested } = res.data.cancelRun.run;
                  onUpdate({ kind: "STATUS", status, cancelRequested });
                }
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
      {actionError ? (
        <p className="notice error" role="alert">
          {errorMessage(actionError)}
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
    </>
  );
}

// Folds the runUpdated / teamRunsUpdated subscription events into the state a
// page shows. Pure, so the ordering rules are tested without a socket: a STATE
// event is authoritative (sent first and after a server resync) except that it never un-finishes a
// run, EPOCH events
// append, PROGRESS replaces the progress line, STATUS moves the status.
import { type EpochPoint, mergeEpochs } from "./chart-data.ts";

export type RunStatusValue = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export interface ProgressValue {
  stage: "LOADING" | "EMBEDDING" | "TRAINING" | "EVALUATING" | "SAVING";
  done?: number | null;
  total?: number | null;
  cached?: number | null;
  pass?: string | null;
  epoch?: number | null;
  epochs?: number | null;
  batch?: number | null;
  batches?: number | null;
  phase?: string | null;
  step?: string | null;
}

export interface LiveRun {
  status: RunStatusValue;
  currentEpoch: number;
  epochs: EpochPoint[];
  progress: ProgressValue | null;
  error: string | null;
  attempt: number;
  cancelRequested: boolean;
}

export interface RunUpdateEvent {
  kind: "STATE" | "EPOCH" | "PROGRESS" | "STATUS";
  status?: RunStatusValue | null;
  currentEpoch?: number | null;
  epoch?: EpochPoint | null;
  epochs?: EpochPoint[] | null;
  progress?: ProgressValue | null;
  error?: string | null;
  attempt?: number | null;
  cancelRequested?: boolean | null;
}

export const FINAL_STATUSES: readonly RunStatusValue[] = ["SUCCEEDED", "FAILED", "CANCELLED"];

export function isFinal(status: RunStatusValue): boolean {
  return FINAL_STATUSES.includes(status);
}

export function applyRunUpdate(state: LiveRun, update: RunUpdateEvent): LiveRun {
  switch (update.kind) {
    case "STATE": {
      // A finished run never runs again (retrying queues a new run), so a STATE that says otherwise was
      // read before the run finished: the page's query refetched while the last events were in flight.
      // Taking its status would leave the page showing a running run that already ended.
      if (isFinal(state.status) && update.status && !isFinal(update.status))
        return { ...state, epochs: mergeEpochs(state.epochs, update.epochs ?? []) };
      const status = update.status ?? state.status;
      return {
        status,
        currentEpoch: update.currentEpoch ?? state.currentEpoch,
        // Merged, not replaced: an EPOCH that raced ahead of a resync is kept.
        epochs: mergeEpochs(state.epochs, update.epochs ?? []),
        progress: status === "RUNNING" ? (update.progress ?? null) : null,
        error: update.error ?? (status === "FAILED" ? state.error : null),
        attempt: update.attempt ?? state.attempt,
        cancelRequested: update.cancelRequested ?? state.cancelRequested,
      };
    }
    case "EPOCH": {
      if (!update.epoch) return state;
      return {
        ...state,
        epochs: mergeEpochs(state.epochs, [update.epoch]),
        currentEpoch: Math.max(state.currentEpoch, update.epoch.epoch),
      };
    }
    case "PROGRESS":
      // A late progress event must not resurrect the bar of a finished run.
      if (isFinal(state.status)) return state;
      return {
        ...state,
        progress: update.progress ?? null,
        status: state.status === "QUEUED" ? "RUNNING" : state.status,
      };
    case "STATUS": {
      const status = update.status ?? state.status;
      return {
        ...state,
        status,
        error: update.error ?? state.error,
        attempt: update.attempt ?? state.attempt,
        cancelRequested: update.cancelRequested ?? state.cancelRequested,
        progress: status === "RUNNING" ? state.progress : null,
      };
    }
  }
}

/** One line saying where a running run is, for the progress bar's label. */
export function describeProgress(
  progress: ProgressValue | null,
  status: RunStatusValue,
): { text: string; done: number; total: number } {
  if (status === "QUEUED") return { text: "Waiting for a trainer…", done: 0, total: 1 };
  if (!progress) return { text: status === "RUNNING" ? "Starting…" : "", done: 0, total: 1 };
  const done = progress.done ?? 0;
  const total = progress.total ?? 0;
  switch (progress.stage) {
    case "LOADING":
      return { text: "Loading images and the backbone…", done: 0, total: 1 };
    case "EMBEDDING": {
      const cached = progress.cached ? ` (${progress.cached} from the cache)` : "";
      const what =
        progress.pass === "augmented" ? "augmented copies" : progress.pass === "activations" ? "activations" : "images";
      return { text: `Embedding ${what}: ${done} of ${total}${cached}`, done, total };
    }
    case "TRAINING": {
      const phase = progress.phase === "fine-tune" ? "Fine-tuning" : "Training the head";
      const epoch = progress.epoch ? `, epoch ${progress.epoch}${progress.epochs ? ` of ${progress.epochs}` : ""}` : "";
      const batch = progress.batch && progress.batches ? `, batch ${progress.batch} of ${progress.batches}` : "";
      return { text: `${phase}${epoch}${batch}`, done: progress.batch ?? 0, total: progress.batches ?? 1 };
    }
    case "EVALUATING":
      return { text: `Evaluating${progress.step ? ` (${progress.step})` : ""}: ${done} of ${total}`, done, total };
    case "SAVING":
      return { text: "Saving the model…", done: 1, total: 1 };
  }
}

// Run events travel trainer → Postgres NOTIFY → every process that LISTENs.
// Payloads stay small (ids, counters, one epoch's scalars): NOTIFY rejects
// payloads over 8000 bytes, and anything large is read from the tables.

export const RUN_EVENTS_CHANNEL = "headstart_run_events";

/** NOTIFY's hard limit is 8000 bytes; keep headroom for the xid the database adds. */
export const MAX_EVENT_PAYLOAD_BYTES = 7600;

export type RunStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export const TERMINAL_STATUSES: readonly RunStatus[] = ["SUCCEEDED", "FAILED", "CANCELLED"];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export interface EpochMetricPayload {
  epoch: number;
  /** "head" for head training, "fine-tune" once backbone blocks are unfrozen. */
  phase: string;
  loss: number;
  acc: number;
  valLoss: number | null;
  valAcc: number | null;
  seconds: number;
}

/** Where a running run is inside its current stage. */
export type RunProgress =
  | { stage: "loading"; done: number; total: number }
  /** `done` counts vectors available (cached or computed); `cached` of them came from the shared cache. */
  | { stage: "embedding"; pass: "images" | "augmented" | "activations"; done: number; total: number; cached?: number }
  | { stage: "training"; phase: "head" | "fine-tune"; epoch: number; epochs: number; batch: number; batches: number }
  | { stage: "evaluating"; step: "validation" | "test" | "label-issues"; done: number; total: number }
  | { stage: "saving" };

export interface RunStatusEvent {
  type: "status";
  runId: string;
  teamId: string;
  status: RunStatus;
  attempt: number;
  cancelRequested: boolean;
  error: string | null;
}

export interface RunEpochEvent {
  type: "epoch";
  runId: string;
  teamId: string;
  metric: EpochMetricPayload;
}

export interface RunProgressEvent {
  type: "progress";
  runId: string;
  teamId: string;
  progress: RunProgress;
}

/** What NOTIFY carries. */
export type RunNotification = RunStatusEvent | RunEpochEvent | RunProgressEvent;

/** A run as it stands in the database, sent first to every subscriber (and again after a reconnect). */
export interface RunState {
  runId: string;
  teamId: string;
  status: RunStatus;
  attempt: number;
  maxAttempts: number;
  cancelRequested: boolean;
  currentEpoch: number;
  progress: RunProgress | null;
  error: string | null;
  epochs: EpochMetricPayload[];
}

export interface RunStateEvent {
  type: "state";
  run: RunState;
}

/** What a subscriber receives: current state first, then live notifications. */
export type RunEvent = RunStateEvent | RunNotification;

export class RunEventPayloadTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(
      `Run event payload is ${bytes} bytes, over the ${MAX_EVENT_PAYLOAD_BYTES}-byte NOTIFY budget; ` +
        "publish ids and small counters and let subscribers read large data from the tables.",
    );
    this.name = "RunEventPayloadTooLargeError";
  }
}

export function encodeNotification(event: RunNotification): string {
  const text = JSON.stringify(event);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_EVENT_PAYLOAD_BYTES) throw new RunEventPayloadTooLargeError(bytes);
  return text;
}

/** A notification as received, with the id of the transaction that sent it. */
export interface ReceivedNotification {
  event: RunNotification;
  xid: bigint;
}

const EVENT_TYPES = new Set(["status", "epoch", "progress"]);

/** Parses a NOTIFY payload; returns null for anything malformed so one bad sender cannot break listeners. */
export function decodeNotification(payload: string | undefined): ReceivedNotification | null {
  if (!payload) return null;
  try {
    const parsed = JSON.parse(payload) as { xid?: unknown; event?: unknown };
    const event = parsed.event as Partial<RunNotification> | undefined;
    if (typeof parsed.xid !== "string" || !/^\d+$/.test(parsed.xid)) return null;
    if (!event || typeof event !== "object" || !EVENT_TYPES.has(event.type as string)) return null;
    if (typeof event.runId !== "string" || typeof event.teamId !== "string") return null;
    return { event: event as RunNotification, xid: BigInt(parsed.xid) };
  } catch {
    return null;
  }
}

/**
 * A Postgres MVCC snapshot (`pg_current_snapshot()`), used to tell whether a
 * notification's transaction is already reflected in a state read: a
 * subscriber listens first, then reads the state, and drops buffered
 * notifications whose transaction that read already saw. That gives late
 * subscribers no gap and no stale event after a fresher state.
 */
export interface DbSnapshot {
  xmin: bigint;
  xmax: bigint;
  inProgress: ReadonlySet<bigint>;
}

export function parseSnapshot(text: string): DbSnapshot {
  const [xmin, xmax, xip = ""] = text.split(":");
  if (xmin === undefined || xmax === undefined) throw new Error(`Unexpected pg_snapshot text "${text}"`);
  return {
    xmin: BigInt(xmin),
    xmax: BigInt(xmax),
    inProgress: new Set(xip === "" ? [] : xip.split(",").map((x) => BigInt(x))),
  };
}

/** Same rule as Postgres' pg_visible_in_snapshot() for a committed transaction. */
export function visibleInSnapshot(xid: bigint, snapshot: DbSnapshot): boolean {
  if (xid < snapshot.xmin) return true;
  if (xid >= snapshot.xmax) return false;
  return !snapshot.inProgress.has(xid);
}

// The live side of one claimed run: heartbeats, throttled progress, and the
// abort signal ml-core checks between batches. Whatever stops the run (a user's
// cancel, losing the lease, the daemon shutting down) goes through `abort`.

import {
  type Db,
  type LeaseHeartbeats,
  LeaseLostError,
  type RunEventHub,
  type RunLease,
  type RunProgress,
  reportProgress,
} from "@headstart/runs";
import { FailureStreak, isTransientDatabaseError } from "./db-retry.ts";

export type StopReason = "cancelled" | "lease-lost" | "shutdown";

export class RunStoppedError extends Error {
  constructor(readonly reason: StopReason) {
    super(`Run stopped: ${reason}`);
    this.name = "RunStoppedError";
  }
}

export interface RunSessionOptions {
  db: Db;
  /** Beats go through their own connection, so no busy Prisma pool can starve them. */
  heartbeats: LeaseHeartbeats;
  hub: RunEventHub;
  lease: RunLease;
  heartbeatIntervalMs: number;
  progressIntervalMs: number;
  log: (message: string) => void;
}

export class RunSession {
  readonly controller = new AbortController();
  private stopReason: StopReason | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private unlisten: () => void = () => undefined;
  /**
   * Progress not yet written: the latest snapshot of each stage, oldest stage first. Within a stage the
   * latest wins, but a stage is never dropped for the next one: a head that trains in less than the
   * throttle interval still shows "training" before "evaluating" (on a busy machine it sometimes
   * did not, and a test that expects each stage failed there).
   */
  private pendingProgress: RunProgress[] = [];
  private progressInFlight: Promise<void> | null = null;
  private lastProgressAt = 0;
  private lastProgressFailed = false;
  private finishing = false;
  private settling = false;
  private beating = false;
  /** stop() was called: the attempt is over, nothing it hears may stop anything now. */
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly heartbeatStreak: FailureStreak;
  private readonly progressStreak: FailureStreak;

  constructor(private readonly options: RunSessionOptions) {
    const log = options.log;
    this.heartbeatStreak = new FailureStreak(`run ${options.lease.runId}: heartbeat`, log);
    this.progressStreak = new FailureStreak(`run ${options.lease.runId}: progress write`, log);
  }

  get lease(): RunLease {
    return this.options.lease;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get reason(): StopReason | null {
    return this.stopReason;
  }

  start(): void {
    const { hub, lease, heartbeatIntervalMs } = this.options;
    // A cancel arrives as a NOTIFY and aborts at once, so training stops within the current batch;
    // the heartbeat below also reads cancelRequested, in case that notification was missed.
    this.unlisten = hub.onNotification((event) => {
      if (event.type !== "status" || event.runId !== lease.runId) return;
      if (event.cancelRequested) this.abort("cancelled");
      // Requeued by a reaper or claimed again: this attempt's writes would all be refused now.
      else if (event.status === "QUEUED" || event.attempt !== lease.attempt) this.abort("lease-lost");
    });
    this.heartbeatTimer = setInterval(() => void this.beat(), heartbeatIntervalMs);
  }

  /**
   * One beat, and on a passing failure quick retries (0.25 s, 0.5 s, … up to the interval) rather than
   * waiting a whole interval: a few lost beats in a row would otherwise cost the lease.
   */
  private async beat(retryDelayMs = 250): Promise<void> {
    if (this.beating || this.stopped) return;
    this.beating = true;
    try {
      const { cancelRequested } = await this.options.heartbeats.beat(this.lease);
      this.heartbeatStreak.succeeded();
      if (cancelRequested) this.abort("cancelled");
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.handleWriteError(error);
        return;
      }
      this.heartbeatStreak.failed(error, "retrying with backoff; the reaper requeues the run if this lasts");
      const next = Math.min(retryDelayMs * 2, this.options.heartbeatIntervalMs);
      if (!this.retryTimer && !this.stopped) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          void this.beat(next);
        }, retryDelayMs);
      }
    } finally {
      this.beating = false;
    }
  }

  /**
   * Training is over: a shutdown now lets the attempt finish (evaluating and saving take seconds)
   * rather than throwing that work away. Cancels and a lost lease still stop it.
   */
  beginFinishing(): void {
    this.finishing = true;
  }

  /**
   * The outcome is being written. That write is itself lease-fenced (it throws LeaseLostError if
   * another trainer owns the run), so a heartbeat refused because the run just left RUNNING is no
   * news and must not be reported as a lost lease.
   */
  beginSettling(): void {
    this.settling = true;
  }

  /** Stops the run's work: ml-core throws TrainingAbortedError at its next batch boundary. */
  abort(reason: StopReason): void {
    // A beat still in flight when the attempt ended must not stop the compute worker's next run.
    if (this.stopReason || this.closed) return;
    if (reason === "lease-lost" && this.settling) return;
    if (reason === "shutdown" && this.finishing) {
      this.options.log(`run ${this.lease.runId}: shutting down after this run finishes evaluating and saving`);
      return;
    }
    this.stopReason = reason;
    this.options.log(`run ${this.lease.runId}: stopping (${reason})`);
    this.controller.abort(new RunStoppedError(reason));
  }

  /** Fails fast when the run must stop (cancel, lost lease, shutdown). */
  throwIfStopped(): void {
    if (this.stopReason) throw new RunStoppedError(this.stopReason);
  }

  handleWriteError(error: unknown): void {
    if (error instanceof LeaseLostError) this.abort("lease-lost");
    // Anything else is a passing database problem: the next write retries, and the reaper steps in if it lasts.
    else this.options.log(`run ${this.lease.runId}: database write failed (${(error as Error).message})`);
  }

  /** Records progress at most once per interval per stage; within a stage the latest value wins. */
  progress(progress: RunProgress): void {
    const last = this.pendingProgress.length - 1;
    if (last >= 0 && this.pendingProgress[last]!.stage === progress.stage) this.pendingProgress[last] = progress;
    else this.pendingProgress.push(progress);
    this.scheduleProgress();
  }

  private scheduleProgress(): void {
    if (this.pendingProgress.length === 0 || this.progressInFlight || this.progressTimer) return;
    // A stage that ended while it waited for the throttle is written at once (the next one is queued),
    // unless the last write failed: then the throttle paces the retries.
    const wait =
      this.pendingProgress.length > 1 && !this.lastProgressFailed
        ? 0
        : this.lastProgressAt + this.options.progressIntervalMs - Date.now();
    if (wait > 0) {
      this.progressTimer = setTimeout(() => {
        this.progressTimer = null;
        this.sendProgress();
      }, wait);
    } else {
      this.sendProgress();
    }
  }

  private sendProgress(): void {
    const progress = this.pendingProgress.shift();
    if (!progress || this.stopReason) return;
    this.lastProgressAt = Date.now();
    this.progressInFlight = reportProgress(this.options.db, this.lease, progress)
      .then(({ cancelRequested }) => {
        this.lastProgressFailed = false;
        this.progressStreak.succeeded();
        if (cancelRequested) this.abort("cancelled");
      })
      .catch((error: unknown) => {
        if (error instanceof LeaseLostError || !isTransientDatabaseError(error)) {
          this.handleWriteError(error);
          return;
        }
        // Progress is a snapshot: the next one (or this one again, if nothing newer came) is sent after the throttle.
        this.lastProgressFailed = true;
        this.progressStreak.failed(error, "the latest progress is sent again after the next interval");
        if (this.pendingProgress[0]?.stage !== progress.stage) this.pendingProgress.unshift(progress);
      })
      .finally(() => {
        this.progressInFlight = null;
        this.scheduleProgress();
      });
  }

  /** Sends any held-back progress now (stage boundaries should not wait for the throttle). */
  async flushProgress(): Promise<void> {
    if (this.progressTimer) {
      clearTimeout(this.progressTimer);
      this.progressTimer = null;
    }
    await this.progressInFlight;
    while (this.pendingProgress.length > 0 && !this.stopReason) {
      this.sendProgress();
      await this.progressInFlight;
    }
  }

  private get stopped(): boolean {
    return this.closed || this.heartbeatTimer === null;
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.unlisten();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.pendingProgress = [];
    await this.progressInFlight;
  }
}

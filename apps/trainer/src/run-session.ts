// The live side of one claimed run: heartbeats, throttled progress, and the
// abort signal ml-core checks between batches. Whatever stops the run (a user's
// cancel, losing the lease, the daemon shutting down) goes through `abort`.

import {
  type Db,
  heartbeat,
  LeaseLostError,
  type RunEventHub,
  type RunLease,
  type RunProgress,
  reportProgress,
} from "@headstart/runs";

export type StopReason = "cancelled" | "lease-lost" | "shutdown";

export class RunStoppedError extends Error {
  constructor(readonly reason: StopReason) {
    super(`Run stopped: ${reason}`);
    this.name = "RunStoppedError";
  }
}

export interface RunSessionOptions {
  db: Db;
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
  private pendingProgress: RunProgress | null = null;
  private progressInFlight: Promise<void> | null = null;
  private lastProgressAt = 0;
  private finishing = false;
  private settling = false;

  constructor(private readonly options: RunSessionOptions) {}

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

  private async beat(): Promise<void> {
    try {
      const { cancelRequested } = await heartbeat(this.options.db, this.lease);
      if (cancelRequested) this.abort("cancelled");
    } catch (error) {
      this.handleWriteError(error);
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
    if (this.stopReason) return;
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
    // Anything else is a passing database problem: the next beat retries, and the reaper steps in if it lasts.
    else this.options.log(`run ${this.lease.runId}: database write failed (${(error as Error).message})`);
  }

  /** Records progress at most once per interval; the latest value wins, the rest are dropped. */
  progress(progress: RunProgress): void {
    this.pendingProgress = progress;
    if (this.progressInFlight || this.progressTimer) return;
    const wait = this.lastProgressAt + this.options.progressIntervalMs - Date.now();
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
    const progress = this.pendingProgress;
    if (!progress || this.stopReason) return;
    this.pendingProgress = null;
    this.lastProgressAt = Date.now();
    this.progressInFlight = reportProgress(this.options.db, this.lease, progress)
      .then(({ cancelRequested }) => {
        if (cancelRequested) this.abort("cancelled");
      })
      .catch((error: unknown) => this.handleWriteError(error))
      .finally(() => {
        this.progressInFlight = null;
        if (this.pendingProgress) this.progress(this.pendingProgress);
      });
  }

  /** Sends any held-back progress now (stage boundaries should not wait for the throttle). */
  async flushProgress(): Promise<void> {
    if (this.progressTimer) {
      clearTimeout(this.progressTimer);
      this.progressTimer = null;
    }
    await this.progressInFlight;
    if (this.pendingProgress) {
      this.sendProgress();
      await this.progressInFlight;
    }
  }

  async stop(): Promise<void> {
    this.unlisten();
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.pendingProgress = null;
    await this.progressInFlight;
  }
}

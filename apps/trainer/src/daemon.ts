// The trainer's main loop: while a compute worker is free, claim a queued run and execute it on that
// worker; repeat. It wakes on a NOTIFY about a newly queued run and polls as a fallback; it runs a
// reaper too, so runs of a crashed trainer come back even when no API is up. This thread does no
// tfjs work: it claims, heartbeats, reads and writes Postgres and blobs, and publishes events.

import {
  claimNextRun,
  type Db,
  type LeaseHeartbeats,
  type RunEventHub,
  type RunLease,
  reclaimRunsOfRestartedWorker,
  releaseRun,
  runsHeldBy,
  startReaper,
} from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import type { ComputePool, ComputeWorker } from "./compute/pool.ts";
import { EventLoopDelayMonitor, type EventLoopDelayReport } from "./event-loop-delay.ts";
import { type AttemptOutcome, type EmbeddingStoreLike, executeRun } from "./execute-run.ts";
import type { RunSession } from "./run-session.ts";
import type { TrainerSettings } from "./settings.ts";

export interface DaemonDeps {
  db: Db;
  heartbeats: LeaseHeartbeats;
  hub: RunEventHub;
  blobs: BlobStore;
  store: EmbeddingStoreLike;
  /** Started compute workers; the daemon trains at most one run per worker at a time. */
  pool: ComputePool;
  settings: TrainerSettings;
  log: (message: string) => void;
}

export interface DaemonStatus {
  trainerId: string;
  state: "starting" | "idle" | "training" | "stopping" | "stopped";
  /** The run being trained (the first, when several workers are busy). */
  runId: string | null;
  runIds: string[];
  runsFinished: Record<AttemptOutcome, number>;
  /** tf.memory().numTensors of the compute workers after their last run: flat across runs when nothing leaks. */
  numTensors: number;
  backend: string;
  computeWorkers: { size: number; busy: number };
  /** How late the main thread (leases, writes, this endpoint) ran its callbacks, in ms. */
  eventLoopDelayMs: EventLoopDelayReport | null;
}

export class TrainerDaemon {
  private stopping = false;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private readonly active = new Map<string, { session: RunSession | null; done: Promise<void> }>();
  private reaper: { stop(): Promise<void> } | null = null;
  private unlisten: () => void = () => undefined;
  private eventLoop: EventLoopDelayMonitor | null = null;
  private state: DaemonStatus["state"] = "starting";
  private readonly runsFinished: Record<AttemptOutcome, number> = {
    SUCCEEDED: 0,
    FAILED: 0,
    CANCELLED: 0,
    RELEASED: 0,
    LOST: 0,
  };

  constructor(private readonly deps: DaemonDeps) {}

  snapshot(): DaemonStatus {
    const { pool } = this.deps;
    const runIds = [...this.active.keys()];
    return {
      trainerId: this.deps.settings.trainerId,
      state: this.state,
      runId: runIds[0] ?? null,
      runIds,
      runsFinished: { ...this.runsFinished },
      numTensors: pool.numTensors,
      backend: pool.backend?.backend ?? "unknown",
      computeWorkers: { size: pool.size, busy: pool.busy },
      eventLoopDelayMs: this.eventLoop?.report() ?? null,
    };
  }

  async start(): Promise<void> {
    const { hub, db, settings, log } = this.deps;
    // Measured from here on: module loading and start-up are not what a lease waits behind.
    this.eventLoop = new EventLoopDelayMonitor({ thresholdMs: settings.eventLoopWarnMs, log });
    await hub.start();
    this.unlisten = hub.onNotification((event) => {
      if (event.type === "status" && event.status === "QUEUED") this.wake?.();
    });
    this.reaper = startReaper(db, { heartbeatTimeoutMs: settings.heartbeatTimeoutMs, log });
    this.state = "idle";
    this.loopDone = this.loop();
  }

  private async loop(): Promise<void> {
    const { db, settings, log, pool } = this.deps;
    log(
      `trainer ${settings.trainerId} polling for queued runs (every ${settings.pollIntervalMs} ms, and on notification) ` +
        `with ${pool.size} compute worker${pool.size === 1 ? "" : "s"}`,
    );
    await this.takeBackRunsOfPreviousLife();
    while (!this.stopping) {
      // A run is only claimed when there is a worker to train it at once.
      const worker = await pool.acquire();
      if (!worker) break;
      if (this.stopping) {
        pool.release(worker);
        break;
      }
      let lease: RunLease | null = null;
      try {
        lease = await claimNextRun(db, settings.trainerId);
      } catch (error) {
        log(`claiming a run failed (${(error as Error).message}); retrying`);
      }
      if (lease && !this.stopping) {
        this.launch(lease, worker);
        continue;
      }
      pool.release(worker);
      if (lease) {
        // Claimed just as the shutdown began: give it straight back rather than leave it to the reaper.
        const claimed = lease;
        await releaseRun(db, claimed).catch((error: Error) =>
          log(`releasing run ${claimed.runId} failed (${error.message})`),
        );
        break;
      }
      if (this.active.size === 0) this.state = "idle";
      await this.sleep(settings.pollIntervalMs);
    }
    await Promise.all([...this.active.values()].map((attempt) => attempt.done));
  }

  /**
   * A trainer restarted under its TRAINER_ID (npm start's supervisor after a kill -9 or an OOM kill)
   * finds the runs its previous process held still RUNNING under that id, and hands them back to the
   * queue at once rather than leaving them to the reaper's heartbeat timeout (30 s): its own loop
   * (or another trainer) then resumes them from their last checkpoint within seconds.
   *
   * That is only right while one id names one live process, which is how ids are meant to be given
   * (npm start numbers its slots; elsewhere, one TRAINER_ID per process). Should two live processes
   * share an id anyway, the other one keeps heartbeating its run: a run whose heartbeat is younger
   * than two heartbeat intervals is watched until it would be that old, and left alone (with a
   * warning) if it was beaten meanwhile.
   */
  private async takeBackRunsOfPreviousLife(): Promise<void> {
    const { db, settings, log } = this.deps;
    const { trainerId } = settings;
    const staleAfterMs = 2 * settings.heartbeatIntervalMs;
    const watched = new Set<string>();
    try {
      for (let round = 0; round < 2 && !this.stopping; round++) {
        const held = await runsHeldBy(db, trainerId);
        if (held.length === 0) return;
        if (held.some((run) => run.heartbeatAgeMs > staleAfterMs)) {
          for (const run of await reclaimRunsOfRestartedWorker(db, trainerId, { staleAfterMs })) {
            log(`run ${run.runId}: taken back from this trainer's previous process (${trainerId}); now ${run.status}`);
          }
        }
        const fresh = held.filter((run) => run.heartbeatAgeMs <= staleAfterMs);
        for (const run of fresh.filter((r) => watched.has(r.runId))) {
          log(
            `run ${run.runId} is RUNNING under this trainer's id ${trainerId} and still heartbeating: another live ` +
              "process uses the same TRAINER_ID. Leaving the run to it; give every trainer process its own TRAINER_ID.",
          );
        }
        const unseen = fresh.filter((run) => !watched.has(run.runId));
        if (unseen.length === 0) return;
        for (const run of unseen) watched.add(run.runId);
        const youngest = Math.min(...unseen.map((run) => run.heartbeatAgeMs));
        await new Promise((resolve) => setTimeout(resolve, staleAfterMs - youngest + 100));
      }
    } catch (error) {
      // Not fatal: the reaper takes these runs back after the heartbeat timeout.
      log(`could not take back the runs of this trainer's previous process (${(error as Error).message})`);
    }
  }

  private launch(lease: RunLease, worker: ComputeWorker): void {
    const { settings, log, pool } = this.deps;
    this.state = "training";
    const entry: { session: RunSession | null; done: Promise<void> } = { session: null, done: Promise.resolve() };
    this.active.set(lease.runId, entry);
    entry.done = executeRun(
      {
        db: this.deps.db,
        heartbeats: this.deps.heartbeats,
        hub: this.deps.hub,
        blobs: this.deps.blobs,
        worker,
        spare: () => pool.spare(),
        store: this.deps.store,
        heartbeatIntervalMs: settings.heartbeatIntervalMs,
        progressIntervalMs: settings.progressIntervalMs,
        log,
      },
      lease,
      (session) => {
        entry.session = session;
        if (this.stopping) session.abort("shutdown");
      },
    )
      .catch((error: Error): AttemptOutcome => {
        // executeRun settles every run itself; this is a bug, logged, and the daemon carries on.
        log(`run ${lease.runId}: ${error.stack ?? error.message}`);
        return "LOST";
      })
      .then((outcome) => {
        this.active.delete(lease.runId);
        this.runsFinished[outcome] += 1;
        if (this.active.size === 0 && !this.stopping) this.state = "idle";
        pool.release(worker);
        log(`run ${lease.runId}: ${outcome}; ${worker.numTensors} tensors held`);
      });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  /**
   * Stops claiming. A run still training is handed back to the queue (another trainer resumes it from
   * its last checkpoint); one already evaluating or saving is allowed to finish, which takes seconds.
   */
  async stop(): Promise<void> {
    if (this.stopping) return this.loopDone ?? undefined;
    this.stopping = true;
    this.state = "stopping";
    this.unlisten();
    for (const attempt of this.active.values()) attempt.session?.abort("shutdown");
    this.deps.pool.interrupt();
    this.wake?.();
    await this.loopDone;
    await this.reaper?.stop();
    this.eventLoop?.stop();
    this.state = "stopped";
  }
}

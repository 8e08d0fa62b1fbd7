// The trainer's main loop: claim a queued run, execute it, repeat. It wakes on
// a NOTIFY about a newly queued run and polls as a fallback; it runs a reaper
// too, so runs of a crashed trainer come back even when no API is up.

import type { EmbeddingStore } from "@headstart/ml-core";
import { claimNextRun, type Db, type RunEventHub, releaseRun, startReaper } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import * as tf from "@tensorflow/tfjs";
import { BackboneCache } from "./backbones.ts";
import { EventLoopDelayMonitor, type EventLoopDelayReport } from "./event-loop-delay.ts";
import { type AttemptOutcome, executeRun } from "./execute-run.ts";
import type { RunSession } from "./run-session.ts";
import type { TrainerSettings } from "./settings.ts";

export interface DaemonDeps {
  db: Db;
  hub: RunEventHub;
  blobs: BlobStore;
  store: EmbeddingStore;
  settings: TrainerSettings;
  log: (message: string) => void;
}

export interface DaemonStatus {
  trainerId: string;
  state: "starting" | "idle" | "training" | "stopping" | "stopped";
  runId: string | null;
  runsFinished: Record<AttemptOutcome, number>;
  /** tf.memory().numTensors after the last run: flat across runs when nothing leaks. */
  numTensors: number;
  backend: string;
  /** How late the main thread (leases, writes, this endpoint) ran its callbacks, in ms. */
  eventLoopDelayMs: EventLoopDelayReport | null;
}

export class TrainerDaemon {
  private readonly backbones = new BackboneCache();
  private stopping = false;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private session: RunSession | null = null;
  private reaper: { stop(): Promise<void> } | null = null;
  private unlisten: () => void = () => undefined;
  private eventLoop: EventLoopDelayMonitor | null = null;
  private readonly status: DaemonStatus;

  constructor(private readonly deps: DaemonDeps) {
    this.status = {
      trainerId: deps.settings.trainerId,
      state: "starting",
      runId: null,
      runsFinished: { SUCCEEDED: 0, FAILED: 0, CANCELLED: 0, RELEASED: 0, LOST: 0 },
      numTensors: tf.memory().numTensors,
      backend: tf.getBackend(),
      eventLoopDelayMs: null,
    };
  }

  snapshot(): DaemonStatus {
    return {
      ...this.status,
      runsFinished: { ...this.status.runsFinished },
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
    this.status.backend = tf.getBackend();
    this.loopDone = this.loop();
  }

  private async loop(): Promise<void> {
    const { db, settings, log } = this.deps;
    log(
      `trainer ${settings.trainerId} polling for queued runs (every ${settings.pollIntervalMs} ms, and on notification)`,
    );
    while (!this.stopping) {
      let lease = null;
      try {
        lease = await claimNextRun(db, settings.trainerId);
      } catch (error) {
        log(`claiming a run failed (${(error as Error).message}); retrying`);
      }
      if (lease && !this.stopping) {
        this.status.state = "training";
        this.status.runId = lease.runId;
        const outcome = await executeRun(
          {
            db,
            hub: this.deps.hub,
            blobs: this.deps.blobs,
            backbones: this.backbones,
            store: this.deps.store,
            heartbeatIntervalMs: settings.heartbeatIntervalMs,
            progressIntervalMs: settings.progressIntervalMs,
            log,
          },
          lease,
          (session) => {
            this.session = session;
            if (this.stopping) session.abort("shutdown");
          },
        );
        this.session = null;
        this.status.runsFinished[outcome] += 1;
        this.status.numTensors = tf.memory().numTensors;
        this.status.state = "idle";
        this.status.runId = null;
        log(`run ${lease.runId}: ${outcome}; ${this.status.numTensors} tensors held`);
        continue;
      }
      if (lease) {
        // Claimed just as the shutdown began: give it straight back rather than leave it to the reaper.
        await releaseRun(db, lease).catch((error: Error) =>
          log(`releasing run ${lease.runId} failed (${error.message})`),
        );
        break;
      }
      this.status.state = "idle";
      await this.sleep(settings.pollIntervalMs);
    }
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
    this.status.state = "stopping";
    this.unlisten();
    this.session?.abort("shutdown");
    this.wake?.();
    await this.loopDone;
    await this.reaper?.stop();
    await this.backbones.clear();
    this.eventLoop?.stop();
    this.status.state = "stopped";
  }
}

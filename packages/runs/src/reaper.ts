import type { Db } from "./db-types.ts";
import { DEFAULT_HEARTBEAT_TIMEOUT_MS, type ReapedRun, reapExpiredRuns } from "./queue.ts";

export interface ReaperOptions {
  heartbeatTimeoutMs?: number;
  /** How often to look; a third of the timeout bounds how long a dead trainer's run lingers. */
  intervalMs?: number;
  onReaped?: (runs: ReapedRun[]) => void;
  log?: (message: string) => void;
}

/**
 * Periodically hands runs of vanished trainers back to the queue (or fails
 * them). Every trainer and every API process runs one, so the status is
 * repaired as long as any of them is alive; reaping twice is harmless.
 */
export function startReaper(db: Db, options: ReaperOptions = {}): { stop(): Promise<void> } {
  const heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const intervalMs = options.intervalMs ?? Math.max(1000, Math.floor(heartbeatTimeoutMs / 3));
  let running: Promise<void> | null = null;
  let stopped = false;
  // Failed passes in a row: a database outage is logged when it starts and when it ends, not every tick.
  let failedPasses = 0;

  const tick = () => {
    if (running || stopped) return;
    running = reapExpiredRuns(db, { heartbeatTimeoutMs })
      .then((reaped) => {
        if (failedPasses > 0) {
          options.log?.(`Reaper passes work again after ${failedPasses} failed in a row.`);
          failedPasses = 0;
        }
        if (reaped.length === 0) return;
        for (const run of reaped)
          options.log?.(`Reaped run ${run.runId}: now ${run.status} (${run.error ?? "cancel was pending"})`);
        options.onReaped?.(reaped);
      })
      // A database hiccup must not kill the process: the next tick tries again.
      .catch((error: Error) => {
        failedPasses += 1;
        if (failedPasses === 1) {
          options.log?.(
            `Reaper pass failed (${error.message}); retrying every ${intervalMs} ms, quietly until one succeeds.`,
          );
        }
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

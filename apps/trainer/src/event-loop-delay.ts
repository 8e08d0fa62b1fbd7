// How late the trainer's main thread runs its timers and I/O callbacks. That thread heartbeats the
// leases, writes epochs and answers /healthz, so a long stall there is what loses runs to the reaper
// while the trainer itself is healthy. Measured with Node's own monitorEventLoopDelay, reported in
// /healthz and logged when a window's p99 passes the threshold.

import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";

/** Milliseconds a callback ran late (beyond the sampling tick). */
export interface DelaySummary {
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** Samples taken (one per resolution tick the loop managed to run). */
  samples: number;
}

export interface EventLoopDelayReport {
  sinceStart: DelaySummary;
  /**
   * The last minute, from 10-s windows: max and mean are exact; p50 and p99 are the worst window's,
   * an upper bound on the minute's own (a pooled quantile never exceeds the largest window quantile).
   */
  lastMinute: DelaySummary;
  /** Windows whose p99 passed the threshold since start. */
  slowWindows: number;
  thresholdMs: number;
}

export interface EventLoopDelayOptions {
  /** A window whose p99 passes this is logged. */
  thresholdMs: number;
  windowMs?: number;
  windowsKept?: number;
  /** Sampling period of the loop timer. */
  resolutionMs?: number;
  log: (message: string) => void;
}

/**
 * Node records the whole gap between two sampling ticks, so an idle loop reads as the resolution
 * itself (10 ms); what is reported is the lateness beyond it.
 */
function summarise(histogram: IntervalHistogram, resolutionMs: number): DelaySummary {
  if (histogram.count === 0) return { p50: 0, p99: 0, max: 0, mean: 0, samples: 0 };
  const late = (ns: number) => Math.max(0, Math.round((ns / 1e6 - resolutionMs) * 10) / 10);
  return {
    p50: late(histogram.percentile(50)),
    p99: late(histogram.percentile(99)),
    max: late(histogram.max),
    mean: late(histogram.mean),
    samples: histogram.count,
  };
}

export class EventLoopDelayMonitor {
  private readonly total: IntervalHistogram;
  private readonly window: IntervalHistogram;
  private readonly recent: DelaySummary[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly windowMs: number;
  private readonly windowsKept: number;
  private readonly resolutionMs: number;
  private slowWindows = 0;
  /** Start of the current streak of slow windows, and when it was last logged. */
  private streak: { since: number; loggedAt: number; windows: number; worstP99: number } | null = null;

  constructor(private readonly options: EventLoopDelayOptions) {
    this.windowMs = options.windowMs ?? 10_000;
    this.windowsKept = options.windowsKept ?? Math.max(1, Math.round(60_000 / this.windowMs));
    this.resolutionMs = options.resolutionMs ?? 10;
    this.total = monitorEventLoopDelay({ resolution: this.resolutionMs });
    this.window = monitorEventLoopDelay({ resolution: this.resolutionMs });
    this.total.enable();
    this.window.enable();
    this.timer = setInterval(() => this.rotate(), this.windowMs);
    this.timer.unref();
  }

  private rotate(): void {
    const summary = summarise(this.window, this.resolutionMs);
    this.window.reset();
    this.recent.push(summary);
    if (this.recent.length > this.windowsKept) this.recent.shift();
    const { thresholdMs, log } = this.options;
    const now = Date.now();
    if (summary.samples > 0 && summary.p99 > thresholdMs) {
      this.slowWindows += 1;
      if (!this.streak) {
        this.streak = { since: now, loggedAt: now, windows: 1, worstP99: summary.p99 };
        log(
          `event loop is slow: p99 ${summary.p99} ms, max ${summary.max} ms over the last ${this.windowMs / 1000} s ` +
            `(threshold ${thresholdMs} ms). Heartbeats and database writes wait this long; is something computing on the main thread?`,
        );
      } else {
        this.streak.windows += 1;
        this.streak.worstP99 = Math.max(this.streak.worstP99, summary.p99);
        // A long streak is repeated once a minute, not every window.
        if (now - this.streak.loggedAt >= 60_000) {
          this.streak.loggedAt = now;
          log(
            `event loop still slow: p99 ${summary.p99} ms over the last ${this.windowMs / 1000} s, ` +
              `${this.streak.windows} slow windows in a row (worst p99 ${this.streak.worstP99} ms)`,
          );
        }
      }
    } else if (this.streak) {
      log(
        `event loop back under ${thresholdMs} ms p99 after ${((now - this.streak.since) / 1000).toFixed(0)} s ` +
          `(worst p99 ${this.streak.worstP99} ms)`,
      );
      this.streak = null;
    }
  }

  report(): EventLoopDelayReport {
    const windows = [...this.recent, summarise(this.window, this.resolutionMs)].filter((w) => w.samples > 0);
    const samples = windows.reduce((sum, w) => sum + w.samples, 0);
    const lastMinute: DelaySummary =
      samples === 0
        ? { p50: 0, p99: 0, max: 0, mean: 0, samples: 0 }
        : {
            p50: Math.max(...windows.map((w) => w.p50)),
            p99: Math.max(...windows.map((w) => w.p99)),
            max: Math.max(...windows.map((w) => w.max)),
            mean: Math.round((windows.reduce((sum, w) => sum + w.mean * w.samples, 0) / samples) * 10) / 10,
            samples,
          };
    return {
      sinceStart: summarise(this.total, this.resolutionMs),
      lastMinute,
      slowWindows: this.slowWindows,
      thresholdMs: this.options.thresholdMs,
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.total.disable();
    this.window.disable();
  }
}

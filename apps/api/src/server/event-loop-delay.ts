// How late the API's event loop runs timers (perf_hooks.monitorEventLoopDelay):
// the best single sign that something is computing on the thread that should
// only shuffle I/O. Measured in windows of `windowMs`; `health` reports the
// last complete window (or the current one before the first has closed), and
// a window whose p99 passes the threshold is logged.
import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";

export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
  /** Length of the window these figures cover, in seconds. */
  windowSeconds: number;
}

export interface EventLoopMonitor {
  current(): EventLoopDelay;
  stop(): void;
}

const NS_PER_MS = 1e6;

function summarize(histogram: IntervalHistogram, windowMs: number): EventLoopDelay {
  const round = (ns: number) => Math.round((ns / NS_PER_MS) * 100) / 100;
  // An empty histogram reports huge sentinel values; nothing measured is no delay.
  if (histogram.count === 0) return { p50: 0, p99: 0, max: 0, windowSeconds: windowMs / 1000 };
  return {
    p50: round(histogram.percentile(50)),
    p99: round(histogram.percentile(99)),
    max: round(histogram.max),
    windowSeconds: windowMs / 1000,
  };
}

export function startEventLoopMonitor(options: {
  warnAboveP99Ms: number;
  windowMs?: number;
  log: (message: string) => void;
}): EventLoopMonitor {
  const windowMs = options.windowMs ?? 10_000;
  // 10 ms sampling: fine enough for a p99 in the tens of milliseconds, cheap enough to leave on.
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let windowStarted = Date.now();
  let last: EventLoopDelay | null = null;
  const timer = setInterval(() => {
    last = summarize(histogram, Date.now() - windowStarted);
    histogram.reset();
    windowStarted = Date.now();
    if (last.p99 > options.warnAboveP99Ms) {
      options.log(
        `Event-loop delay p99 ${last.p99} ms (max ${last.max} ms) over the last ${last.windowSeconds.toFixed(0)} s is above ${options.warnAboveP99Ms} ms: something is computing on the API's main thread, or the machine is overloaded.`,
      );
    }
  }, windowMs);
  timer.unref();
  return {
    current: () => last ?? summarize(histogram, Date.now() - windowStarted),
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

// When `npm start` restarts a service that exited on its own, and when it gives
// up: a pure function over the service's past lives, so the policy is tested
// without processes or clocks.

export interface RestartPolicy {
  /** Delay before the first restart of a crash streak; doubles with each further crash. */
  initialDelayMs: number;
  /** The doubling stops here. */
  maxDelayMs: number;
  /** A life at least this long counts as healthy: the next crash starts a new streak (delay back to initial). */
  stableAfterMs: number;
  /** This many crashes within `windowMs` and the supervisor gives up on the service. */
  maxCrashes: number;
  windowMs: number;
}

/** 1 s, 2 s, 4 s … 30 s; reset after 60 s up; 5 crashes within 2 minutes is a crash loop. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  maxCrashes: 5,
  windowMs: 120_000,
};

/** One run of a service from its start to its unexpected exit (epoch milliseconds). */
export interface Life {
  startedAt: number;
  exitedAt: number;
}

export type RestartDecision =
  | { action: "restart"; delayMs: number; crashesInWindow: number }
  | { action: "give-up"; crashesInWindow: number; reason: string };

/**
 * What to do after the last of `lives` ended in a crash. `lives` are in order, oldest first, and
 * hold every unexpected exit of the service so far (the last one is the crash being decided on).
 */
export function decideRestart(lives: readonly Life[], policy: RestartPolicy = DEFAULT_RESTART_POLICY): RestartDecision {
  const last = lives.at(-1);
  if (!last) throw new Error("decideRestart needs at least the crash being decided on.");
  const now = last.exitedAt;
  const crashesInWindow = lives.filter((life) => life.exitedAt > now - policy.windowMs).length;
  if (crashesInWindow >= policy.maxCrashes) {
    return {
      action: "give-up",
      crashesInWindow,
      reason: `${crashesInWindow} crashes within ${formatSeconds(policy.windowMs)} (the limit is ${policy.maxCrashes})`,
    };
  }
  // The streak: this crash and those before it back to (and including) the crash that ended the
  // last life long enough to count as healthy; that one restarted after the initial delay.
  let streak = 0;
  for (let i = lives.length - 1; i >= 0; i--) {
    streak += 1;
    const life = lives[i]!;
    if (life.exitedAt - life.startedAt >= policy.stableAfterMs) break;
  }
  const exponent = streak - 1;
  const delayMs = Math.min(policy.initialDelayMs * 2 ** exponent, policy.maxDelayMs);
  return { action: "restart", delayMs, crashesInWindow };
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

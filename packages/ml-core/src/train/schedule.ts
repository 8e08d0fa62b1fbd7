/**
 * Learning-rate schedules, as a pure function of the optimizer step so that a resumed run (which
 * restarts at a known epoch) continues on exactly the curve it left.
 * - constant: the reference recipe (Adam at a fixed rate).
 * - cosine: a short linear warm-up (5% of steps), then half a cosine down to 1% of the base rate.
 * - one-cycle: Smith's super-convergence policy with PyTorch's OneCycleLR defaults: 30% of the steps
 *   rising (cosine) from base/25 to base, the rest falling (cosine) to base/25/10^4. Small networks
 *   trained from scratch reach a given accuracy in far fewer epochs with it.
 */
export type LearningRateSchedule = "constant" | "cosine" | "one-cycle";

export const LEARNING_RATE_SCHEDULES: readonly LearningRateSchedule[] = ["constant", "cosine", "one-cycle"];

const cosineBetween = (from: number, to: number, t: number) => to + ((from - to) * (1 + Math.cos(Math.PI * t))) / 2;

/** The rate for 0-based `step` of `totalSteps` (steps past the end stay at the last step's rate). */
export function learningRateAt(
  schedule: LearningRateSchedule,
  baseRate: number,
  step: number,
  totalSteps: number,
): number {
  if (schedule === "constant" || totalSteps <= 1) return baseRate;
  const t = Math.min(step, totalSteps - 1) / (totalSteps - 1);
  if (schedule === "cosine") {
    const warmup = 0.05;
    if (t < warmup) return baseRate * (0.1 + (0.9 * t) / warmup);
    return cosineBetween(baseRate, baseRate * 0.01, (t - warmup) / (1 - warmup));
  }
  const rise = 0.3;
  const start = baseRate / 25;
  if (t < rise) return cosineBetween(start, baseRate, t / rise);
  return cosineBetween(baseRate, start / 1e4, (t - rise) / (1 - rise));
}

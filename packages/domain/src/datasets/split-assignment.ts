// Seeded, stratified train/val/test assignment. Pure: the service that writes
// the result lives in split-service.ts.
import { createHash } from "node:crypto";

export type Split = "TRAIN" | "VAL" | "TEST";
export const SPLITS: readonly Split[] = ["TRAIN", "VAL", "TEST"];

export interface SplitRatios {
  train: number;
  val: number;
  test: number;
}

export const DEFAULT_RATIOS: SplitRatios = { train: 0.8, val: 0.1, test: 0.1 };

export interface SplitItem {
  id: string;
  sha256: string;
  /** Images with the same stratum are split in the same proportions (the label, or the label set). */
  stratum: string;
}

export class InvalidRatiosError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidRatiosError";
  }
}

/** Accepts fractions or percentages (80/10/10); rejects negatives and an all-zero split. */
export function normalizeRatios(ratios: SplitRatios): SplitRatios {
  const values = [ratios.train, ratios.val, ratios.test];
  if (values.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new InvalidRatiosError(
      "Split ratios must be finite numbers of zero or more, e.g. train 0.8, val 0.1, test 0.1.",
    );
  }
  const total = values.reduce((a, b) => a + b, 0);
  if (total <= 0) throw new InvalidRatiosError("At least one split ratio must be above zero.");
  return { train: ratios.train / total, val: ratios.val / total, test: ratios.test / total };
}

/**
 * Within each stratum, images are ordered by a hash of (seed, content hash),
 * so the result depends only on the seed and the images' content: not on
 * upload order, database ids or the number of other strata. Counts per stratum
 * use largest remainders, ties going to train, then val, so a one-image class
 * lands in train and proportions are as close as whole images allow.
 */
export function assignSplits(items: SplitItem[], ratios: SplitRatios, seed: number): Map<string, Split> {
  const normalized = normalizeRatios(ratios);
  const strata = new Map<string, SplitItem[]>();
  for (const item of items) {
    const group = strata.get(item.stratum);
    if (group) group.push(item);
    else strata.set(item.stratum, [item]);
  }

  const result = new Map<string, Split>();
  for (const group of strata.values()) {
    const ordered = group
      .map((item) => ({ item, rank: createHash("sha256").update(`${seed}:${item.sha256}`).digest("hex") }))
      .sort((a, b) => compare(a.rank, b.rank) || compare(a.item.id, b.item.id));
    const counts = splitCounts(ordered.length, normalized);
    let cursor = 0;
    SPLITS.forEach((split, index) => {
      for (let i = 0; i < counts[index]; i++) result.set(ordered[cursor++].item.id, split);
    });
  }
  return result;
}

export function splitCounts(n: number, ratios: SplitRatios): [number, number, number] {
  const exact = [n * ratios.train, n * ratios.val, n * ratios.test];
  const counts = exact.map(Math.floor) as [number, number, number];
  let remaining = n - counts[0] - counts[1] - counts[2];
  const byRemainder = [0, 1, 2].sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (const index of byRemainder) {
    if (remaining === 0) break;
    counts[index] += 1;
    remaining -= 1;
  }
  return counts;
}

/** Stratum of an image: its label, or for multi-label images the sorted set. */
export function stratumOf(labels: string[]): string {
  return [...labels].sort().join("\u0000");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

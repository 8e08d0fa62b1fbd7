// Results that depend only on a version's split (its images by content, their labels and splits) and
// a few named settings, never on the run's head or schedule: the pixel baseline, and the pixel members
// of the label-issue ensemble. Each is a deterministic computation, so the compute worker keeps the
// last few and the next run of the same version (another head, an AUTO search's trials, a retrain)
// reuses the very figures it would have computed, in no time.

import { createHash } from "node:crypto";

/** Versions remembered per worker; an entry is small (figures, or two probabilities per training image). */
export const SPLIT_MEMO_CAPACITY = 8;

export class SplitMemo {
  private readonly entries = new Map<string, unknown>();

  constructor(private readonly capacity = SPLIT_MEMO_CAPACITY) {}

  /** A key for everything the result depends on (JSON-serialisable parts, in a fixed order). */
  static key(...parts: unknown[]): string {
    return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The remembered result for `key`, else `compute()`'s, remembered when `keep` says so (a failure
   * reported as a value, such as a baseline that could not be computed, is worth another try).
   * A thrown error (an abort) is never remembered.
   */
  async get<T>(key: string, compute: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      // Re-inserted, so the Map's order is least recently used first.
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = await compute();
    if (keep(value) && this.capacity > 0) {
      this.entries.set(key, value);
      while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }
}

/** The compute worker's memo: one per thread (each worker imports its own copy of this module). */
export const workerSplitMemo = new SplitMemo();

// The embeddings one attempt has already read from (or written to) the shared cache, kept on the
// worker for the attempt's later lookups of the same keys.

import type { EmbeddingStore } from "@headstart/ml-core";

/**
 * What an attempt keeps: a warm 224-px run's 3,000 vectors of 1,280 floats are 15 MB. Fine-tune
 * activations (tens of KB each) fill it sooner; past it, lookups simply go to the store.
 */
export const ATTEMPT_VECTOR_BUDGET_BYTES = 64 * 1024 * 1024;

/**
 * A read-through layer over the attempt's store. The label-issue folds ask again for the training
 * images' plain embeddings that training read moments before: a second trip through the main thread
 * and Postgres (0.04-0.17 s of a warm run) returned the very same vectors. Vectors go in and out as
 * copies, so no caller's later change to its arrays reaches another caller. Keys name their content,
 * so a kept vector is exactly what the store holds for its key.
 */
export class AttemptVectors implements EmbeddingStore {
  private readonly held = new Map<string, Float32Array>();
  private bytes = 0;

  constructor(
    private readonly store: EmbeddingStore,
    private readonly budgetBytes = ATTEMPT_VECTOR_BUDGET_BYTES,
  ) {}

  async getMany(keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    const missing: string[] = [];
    for (const key of keys) {
      const vector = this.held.get(key);
      if (vector) found.set(key, vector.slice());
      else missing.push(key);
    }
    if (missing.length > 0) {
      for (const [key, vector] of await this.store.getMany(missing)) {
        found.set(key, vector);
        this.keep(key, vector);
      }
    }
    return found;
  }

  async putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    await this.store.putMany(entries);
    // A put replaces what was kept: featurize recomputes (and puts) a stored vector of the wrong length.
    for (const [key, vector] of entries) this.keep(key, vector, true);
  }

  private keep(key: string, vector: Float32Array, replace = false): void {
    const kept = this.held.get(key);
    if (kept && !replace) return;
    const bytes = this.bytes - (kept?.byteLength ?? 0) + vector.byteLength;
    if (bytes > this.budgetBytes) {
      if (kept) this.forget(key, kept);
      return;
    }
    this.held.set(key, vector.slice());
    this.bytes = bytes;
  }

  private forget(key: string, kept: Float32Array): void {
    this.held.delete(key);
    this.bytes -= kept.byteLength;
  }
}

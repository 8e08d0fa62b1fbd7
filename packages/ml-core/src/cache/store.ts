/**
 * Where embeddings (and fine-tune activations) live between runs. Implementations must treat a
 * missing or unreadable entry as absent, never as an error: the caller recomputes it.
 */
export interface EmbeddingStore {
  /** Returns only the keys that are present; absent keys are simply not in the map. */
  getMany(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void>;
}

/** Process-local store; the default for one-off runs and tests. */
export class MemoryEmbeddingStore implements EmbeddingStore {
  readonly #entries = new Map<string, Float32Array>();

  get size(): number {
    return this.#entries.size;
  }

  async getMany(keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    for (const key of keys) {
      const value = this.#entries.get(key);
      if (value) found.set(key, value);
    }
    return found;
  }

  async putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    // Copy so a caller reusing its buffer cannot silently change cached values.
    for (const [key, value] of entries) this.#entries.set(key, Float32Array.from(value));
  }
}

import { throwIfAborted } from "../train/abort.ts";
import type { EmbeddingStore } from "./store.ts";

export interface EmbedRequest<T> {
  key: string;
  /** Whatever `compute` needs to produce this entry (image, variant index...). */
  item: T;
}

export interface EmbedProgress {
  /** Entries now available (found in the cache or computed). */
  done: number;
  total: number;
  /** How many of `done` came from the cache. */
  cached: number;
}

export interface EmbedOptions<T> {
  store: EmbeddingStore;
  requests: readonly EmbedRequest<T>[];
  /** Produces one vector per item, in order. Only called for entries missing from the store. */
  compute(items: T[]): Promise<Float32Array[]>;
  batchSize: number;
  /** Vectors of another length in the store (from an older layout) are treated as missing. */
  expectedLength?: number;
  onProgress?(progress: EmbedProgress): void;
  signal?: AbortSignal;
}

/**
 * Resolves every request from the store, computing only the missing entries, in batches, and
 * writing each batch back before the next so that a cancelled or crashed run keeps its work.
 */
export async function resolveEmbeddings<T>(options: EmbedOptions<T>): Promise<Map<string, Float32Array>> {
  const { store, requests, batchSize, expectedLength, onProgress, signal } = options;
  const unique = [...new Map(requests.map((r) => [r.key, r])).values()];
  const found = await store.getMany(unique.map((r) => r.key));
  if (expectedLength !== undefined) {
    for (const [key, value] of found) if (value.length !== expectedLength) found.delete(key);
  }
  const missing = unique.filter((r) => !found.has(r.key));
  const cached = found.size;
  onProgress?.({ done: cached, total: unique.length, cached });
  for (let start = 0; start < missing.length; start += batchSize) {
    throwIfAborted(signal);
    const batch = missing.slice(start, start + batchSize);
    const vectors = await options.compute(batch.map((r) => r.item));
    if (vectors.length !== batch.length) {
      throw new Error(`embedding computation returned ${vectors.length} vectors for ${batch.length} images`);
    }
    const entries = batch.map((r, i) => [r.key, vectors[i]] as const);
    await store.putMany(entries);
    for (const [key, value] of entries) found.set(key, value);
    onProgress?.({ done: found.size, total: unique.length, cached });
  }
  return found;
}

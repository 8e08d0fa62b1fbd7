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
  /**
   * Produces one vector per item, in order. Only called for entries missing from the store. `lane`
   * (0 ≤ lane < lanes) says which of the concurrent workers asks: batch after batch, each lane
   * computes one at a time.
   */
  compute(items: T[], lane: number): Promise<Float32Array[]>;
  batchSize: number;
  /** Vectors of another length in the store (from an older layout) are treated as missing. */
  expectedLength?: number;
  onProgress?(progress: EmbedProgress): void;
  signal?: AbortSignal;
  /**
   * Batches computed at once (default 1): each lane takes the next batch in order as soon as its last
   * is written. With more than one, batches may finish (and be written) out of order.
   */
  lanes?: number;
}

/**
 * Resolves every request from the store, computing only the missing entries, in batches, and
 * writing each batch back as it is computed so that a cancelled or crashed run keeps its work.
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
  const batches: EmbedRequest<T>[][] = [];
  for (let start = 0; start < missing.length; start += batchSize) batches.push(missing.slice(start, start + batchSize));
  let next = 0;
  let failed = false;
  const lane = async (index: number) => {
    while (!failed && next < batches.length) {
      throwIfAborted(signal);
      const batch = batches[next++];
      const vectors = await options.compute(
        batch.map((r) => r.item),
        index,
      );
      if (vectors.length !== batch.length) {
        throw new Error(`embedding computation returned ${vectors.length} vectors for ${batch.length} images`);
      }
      const entries = batch.map((r, i) => [r.key, vectors[i]] as const);
      await store.putMany(entries);
      for (const [key, value] of entries) found.set(key, value);
      onProgress?.({ done: found.size, total: unique.length, cached });
    }
  };
  const lanes = Math.max(1, Math.min(options.lanes ?? 1, batches.length));
  // The first failure ends every lane at its next batch; the batches in flight finish (so nothing still
  // runs once this returns) and the first failure is thrown.
  const outcomes = await Promise.allSettled(
    Array.from({ length: lanes }, (_, index) =>
      lane(index).catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure) throw failure.reason;
  return found;
}

// Loaded models kept in the API process so predict does not re-read and
// re-decode weights on every request. Bounded by count and by weight bytes;
// the least recently used model leaves first and is released (its tensors
// freed, or its ONNX sessions closed in the predict workers), but only once
// no request is still predicting with it.
import type { LoadedModel } from "@headstart/ml-core";

export interface ModelCacheLimits {
  /** Models kept loaded at once. */
  maxModels: number;
  /** Weight bytes kept loaded at once (a model larger than this alone is still served, then evicted first). */
  maxBytes: number;
}

export const DEFAULT_MODEL_CACHE_LIMITS: ModelCacheLimits = { maxModels: 4, maxBytes: 256 * 1024 * 1024 };

/** HEADSTART_MODEL_CACHE_MODELS and HEADSTART_MODEL_CACHE_MB override the defaults; bad values are ignored. */
export function modelCacheLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ModelCacheLimits {
  const models = Number(env.HEADSTART_MODEL_CACHE_MODELS);
  const megabytes = Number(env.HEADSTART_MODEL_CACHE_MB);
  return {
    maxModels: Number.isInteger(models) && models > 0 ? models : DEFAULT_MODEL_CACHE_LIMITS.maxModels,
    maxBytes:
      Number.isFinite(megabytes) && megabytes > 0 ? megabytes * 1024 * 1024 : DEFAULT_MODEL_CACHE_LIMITS.maxBytes,
  };
}

interface Entry<T> {
  key: string;
  bytes: number;
  loading: Promise<T>;
  /** Requests predicting with the model right now. */
  users: number;
  evicted: boolean;
}

export interface ModelCacheStats {
  models: number;
  bytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

/** Frees a tfjs model held in this thread (the default for a cache of LoadedModel). */
function disposeLoadedModel(value: unknown): void {
  (value as LoadedModel).model.dispose();
}

/**
 * `T` is what a load yields: a tfjs model in this thread (the default), or a handle on a model
 * served by worker threads; `dispose` releases it once it is evicted and unused.
 */
export class ModelCache<T = LoadedModel> {
  // A Map iterates in insertion order; re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<string, Entry<T>>();
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(
    readonly limits: ModelCacheLimits = DEFAULT_MODEL_CACHE_LIMITS,
    private readonly dispose: (value: T) => void = disposeLoadedModel,
  ) {
    if (!(limits.maxModels >= 1) || !(limits.maxBytes > 0)) {
      throw new RangeError(
        `Model cache limits must be positive (got ${limits.maxModels} models, ${limits.maxBytes} bytes).`,
      );
    }
  }

  /**
   * Runs `work` with the model stored under `key`, loading it with `load` on
   * a miss (concurrent misses share one load). The model stays valid until
   * `work` settles even if it is evicted meanwhile.
   */
  async use<R>(key: string, bytes: number, load: () => Promise<T>, work: (model: T) => Promise<R>): Promise<R> {
    let entry = this.entries.get(key);
    if (entry) {
      this.hits += 1;
      this.entries.delete(key);
      this.entries.set(key, entry);
    } else {
      this.misses += 1;
      entry = { key, bytes: Math.max(0, bytes), loading: load(), users: 0, evicted: false };
      const created = entry;
      this.entries.set(key, created);
      // A failed load must not stay cached: the next request tries again.
      created.loading.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
      this.evictOverflow(created);
    }
    entry.users += 1;
    try {
      return await work(await entry.loading);
    } finally {
      entry.users -= 1;
      if (entry.evicted && entry.users === 0) this.release(entry);
    }
  }

  stats(): ModelCacheStats {
    let bytes = 0;
    for (const entry of this.entries.values()) bytes += entry.bytes;
    return { models: this.entries.size, bytes, hits: this.hits, misses: this.misses, evictions: this.evictions };
  }

  /** Drops every model (each is released as soon as its last request finishes). */
  clear(): void {
    for (const entry of [...this.entries.values()]) this.evict(entry);
  }

  private evictOverflow(newest: Entry<T>): void {
    let bytes = 0;
    for (const entry of this.entries.values()) bytes += entry.bytes;
    for (const entry of [...this.entries.values()]) {
      if (this.entries.size <= this.limits.maxModels && bytes <= this.limits.maxBytes) return;
      if (entry === newest) continue;
      bytes -= entry.bytes;
      this.evict(entry);
    }
  }

  private evict(entry: Entry<T>): void {
    if (entry.evicted) return;
    entry.evicted = true;
    this.entries.delete(entry.key);
    this.evictions += 1;
    if (entry.users === 0) this.release(entry);
  }

  private release(entry: Entry<T>): void {
    // A load that failed has nothing to free.
    entry.loading.then((loaded) => this.dispose(loaded)).catch(() => {});
  }
}

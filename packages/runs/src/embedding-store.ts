// The embedding cache every trainer shares, in the EmbeddingCacheEntry table:
// a second run over the same images and backbone (any head settings) finds
// its vectors here and skips the expensive pass through the frozen base.

import type { Db } from "./db-types.ts";

/** Structurally ml-core's EmbeddingStore (kept local so this package needs no tfjs). */
export interface EmbeddingStoreLike {
  getMany(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void>;
}

// Bound one statement's parameter list and payload (a fine-tune activation is ~30 KB).
const KEYS_PER_QUERY = 500;
const ROWS_PER_INSERT = 100;

export class PostgresEmbeddingStore implements EmbeddingStoreLike {
  constructor(private readonly db: Db) {}

  async getMany(keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    const unique = [...new Set(keys)];
    for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
      const rows = await this.db.embeddingCacheEntry.findMany({
        where: { key: { in: unique.slice(start, start + KEYS_PER_QUERY) } },
        select: { key: true, dims: true, vector: true },
      });
      const corrupt: string[] = [];
      for (const row of rows) {
        const vector = decodeVector(row.vector, row.dims);
        if (vector) found.set(row.key, vector);
        else corrupt.push(row.key);
      }
      // The store contract says unreadable entries count as absent; deleting them lets the recomputed
      // vector be stored (puts never overwrite, see below).
      if (corrupt.length > 0) await this.db.embeddingCacheEntry.deleteMany({ where: { key: { in: corrupt } } });
    }
    return found;
  }

  async putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    const latest = new Map(entries.map(([key, vector]) => [key, vector]));
    const rows = [...latest].map(([key, vector]) => ({
      key,
      backbone: backboneOf(key),
      dims: vector.length,
      vector: encodeVector(vector),
    }));
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      // Keys name their content, so whichever trainer wrote a key first wrote the same vector: keep it.
      await this.db.embeddingCacheEntry.createMany({
        data: rows.slice(start, start + ROWS_PER_INSERT),
        skipDuplicates: true,
      });
    }
  }

  /** Removes every cached vector of one backbone (e.g. after its weights changed without a version bump). */
  async clearBackbone(backbone: string): Promise<number> {
    const { count } = await this.db.embeddingCacheEntry.deleteMany({ where: { backbone } });
    return count;
  }
}

/** ml-core keys start with `<backbone id>@<version>/`; the column lets a backbone's entries be found and purged. */
function backboneOf(key: string): string {
  const slash = key.indexOf("/");
  return (slash > 0 ? key.slice(0, slash) : key).slice(0, 200);
}

// Little-endian float32, the byte order of every platform Node runs tfjs on; written explicitly so the
// table stays readable if that ever changes.
function encodeVector(vector: Float32Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < vector.length; i++) view.setFloat32(i * 4, vector[i], true);
  return bytes;
}

function decodeVector(bytes: Uint8Array, dims: number): Float32Array | null {
  if (bytes.byteLength !== dims * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(dims);
  for (let i = 0; i < dims; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

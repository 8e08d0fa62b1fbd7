// The embedding cache every trainer shares, in the EmbeddingCacheEntry table:
// a second run over the same images and backbone (any head settings) finds
// its vectors here and skips the expensive pass through the frozen base.

import os from "node:os";
import pg from "pg";
import type { Db } from "./db-types.ts";

/** Structurally ml-core's EmbeddingStore (kept local so this package needs no tfjs). */
export interface EmbeddingStoreLike {
  getMany(keys: readonly string[]): Promise<Map<string, Float32Array>>;
  putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void>;
}

// Bound one statement's parameter list and payload (a fine-tune activation is ~30 KB).
const KEYS_PER_QUERY = 500;
const ROWS_PER_INSERT = 100;

export interface PostgresEmbeddingStoreOptions {
  /**
   * Reads go through a small pg pool of the store's own on this database rather than the Prisma
   * client. Prisma's pg adapter turns every bytea value into a JS array of numbers (one element per
   * byte) before its engine sees it: a warm 224-px run's 3,000 cached vectors (15 MB) took 1.3-1.5 s
   * to read that way, most of the run's train stage. Over pg they arrive as text, decoded natively.
   * `close()` ends it.
   */
  connectionString?: string;
}

interface CacheRow {
  key: string;
  dims: number;
  vector: Uint8Array;
}

// The vector as base64 text rather than bytea's hex text: a third fewer bytes for Postgres to write
// and this process to read, and a native decode (whitespace, i.e. encode()'s line breaks, is
// skipped). 3,000 vectors: 70-120 ms against 150-220 ms as hex (load 4).
const SELECT_SQL = `SELECT "key", "dims", encode("vector", 'base64') AS "vector"
                      FROM "EmbeddingCacheEntry" WHERE "key" = ANY($1::text[])`;

export class PostgresEmbeddingStore implements EmbeddingStoreLike {
  private readonly pool: pg.Pool | null;

  constructor(
    private readonly db: Db,
    options: PostgresEmbeddingStoreOptions = {},
  ) {
    this.pool = options.connectionString
      ? new pg.Pool({
          connectionString: options.connectionString,
          // Two statements at once: Postgres encodes one chunk while this process parses the last.
          max: 2,
          keepAlive: true,
          application_name: "headstart-embedding-cache",
        })
      : null;
    // An idle connection the server closed is dropped from the pool and replaced by the next read;
    // without a listener pg would raise it as an uncaught error.
    this.pool?.on("error", () => undefined);
  }

  async getMany(keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    const unique = [...new Set(keys)];
    const chunks: string[][] = [];
    for (let start = 0; start < unique.length; start += KEYS_PER_QUERY)
      chunks.push(unique.slice(start, start + KEYS_PER_QUERY));
    const read = async (chunk: string[]) => {
      const rows = await this.readRows(chunk);
      const corrupt: string[] = [];
      for (const row of rows) {
        const vector = decodeVector(row.vector, row.dims);
        if (vector) found.set(row.key, vector);
        else corrupt.push(row.key);
      }
      // The store contract says unreadable entries count as absent; deleting them lets the recomputed
      // vector be stored (puts never overwrite, see below).
      if (corrupt.length > 0) await this.db.embeddingCacheEntry.deleteMany({ where: { key: { in: corrupt } } });
    };
    // On the pool the chunks go out together (it runs two at a time); through Prisma one by one, as before.
    if (this.pool) await Promise.all(chunks.map(read));
    else for (const chunk of chunks) await read(chunk);
    return found;
  }

  private async readRows(keys: string[]): Promise<CacheRow[]> {
    if (this.pool) {
      const { rows } = await this.pool.query<{ key: string; dims: number; vector: string }>(SELECT_SQL, [keys]);
      return rows.map((row) => ({ key: row.key, dims: row.dims, vector: Buffer.from(row.vector, "base64") }));
    }
    return this.db.embeddingCacheEntry.findMany({
      where: { key: { in: keys } },
      select: { key: true, dims: true, vector: true },
    });
  }

  /** Ends the store's own pool (if it has one); the Prisma client is the caller's to disconnect. */
  async close(): Promise<void> {
    await this.pool?.end();
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

const LITTLE_ENDIAN = os.endianness() === "LE";

function decodeVector(bytes: Uint8Array, dims: number): Float32Array | null {
  if (bytes.byteLength !== dims * 4) return null;
  // On a little-endian machine the stored bytes are already in its order: one copy into a buffer of the
  // vector's own (so it can be transferred to a compute worker), not a DataView read per element.
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(dims);
  for (let i = 0; i < dims; i++) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

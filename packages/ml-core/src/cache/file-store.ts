import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { EmbeddingStore } from "./store.ts";

// Entry layout: 4-byte magic, uint32 key length, UTF-8 key, float32 values (little endian).
// Storing the key lets a read verify it got the entry it asked for, not a hash-prefix neighbour.
const MAGIC = 0x48534531; // "HSE1"

/**
 * One file per entry under `<dir>/<2 hex>/<sha256(key)>.emb`. Writes go to a temporary file that is
 * renamed into place, so a crash never leaves a half-written entry that a later run would trust.
 */
export class FileEmbeddingStore implements EmbeddingStore {
  constructor(readonly directory: string) {}

  #path(key: string): { dir: string; file: string } {
    const digest = createHash("sha256").update(key).digest("hex");
    const dir = join(this.directory, digest.slice(0, 2));
    return { dir, file: join(dir, `${digest}.emb`) };
  }

  async getMany(keys: readonly string[]): Promise<Map<string, Float32Array>> {
    const found = new Map<string, Float32Array>();
    await Promise.all(
      keys.map(async (key) => {
        let bytes: Buffer;
        try {
          bytes = await readFile(this.#path(key).file);
        } catch {
          return;
        }
        const value = decodeEntry(bytes, key);
        if (value) found.set(key, value);
      }),
    );
    return found;
  }

  async putMany(entries: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    for (const [key, value] of entries) {
      const { dir, file } = this.#path(key);
      await mkdir(dir, { recursive: true });
      const temporary = `${file}.${randomUUID()}.tmp`;
      await writeFile(temporary, encodeEntry(key, value));
      await rename(temporary, file);
    }
  }
}

function encodeEntry(key: string, value: Float32Array): Buffer {
  const keyBytes = Buffer.from(key, "utf8");
  const out = Buffer.alloc(8 + keyBytes.length + value.length * 4);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(keyBytes.length, 4);
  keyBytes.copy(out, 8);
  const offset = 8 + keyBytes.length;
  for (let i = 0; i < value.length; i++) out.writeFloatLE(value[i], offset + i * 4);
  return out;
}

/** Returns null for anything that is not a complete entry for `key` (truncated, foreign, corrupt). */
function decodeEntry(bytes: Buffer, key: string): Float32Array | null {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== MAGIC) return null;
  const keyLength = bytes.readUInt32LE(4);
  const offset = 8 + keyLength;
  if (offset > bytes.length || (bytes.length - offset) % 4 !== 0) return null;
  if (bytes.toString("utf8", 8, offset) !== key) return null;
  const value = new Float32Array((bytes.length - offset) / 4);
  for (let i = 0; i < value.length; i++) value[i] = bytes.readFloatLE(offset + i * 4);
  return value;
}

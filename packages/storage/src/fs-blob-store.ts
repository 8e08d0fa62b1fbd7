import { createHash, randomUUID } from "node:crypto";
import type { ReadStream } from "node:fs";
import { type FileHandle, mkdir, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  assertBlobKey,
  BlobNotFoundError,
  type BlobSource,
  type BlobStat,
  type BlobStore,
  BlobStoreFullError,
  BlobTooLargeError,
  isBlobKey,
  type ListedBlob,
  type PutOptions,
  type PutResult,
} from "./blob-store.ts";

/**
 * Blob store on the local filesystem: `<root>/ab/cd/abcd…` (two levels of
 * fan-out keep directories small). Writes go to `<root>/.tmp` first and are
 * renamed into place, so a reader never sees a half-written blob and a crash
 * leaves only a stray temp file, never a corrupt blob under a valid key.
 */
export class FsBlobStore implements BlobStore {
  readonly root: string;
  private readonly tmpDir: string;

  constructor(root: string) {
    this.root = path.resolve(root);
    // Inside root so rename() never crosses a filesystem boundary.
    this.tmpDir = path.join(this.root, ".tmp");
  }

  pathFor(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(source: BlobSource, options: PutOptions = {}): Promise<PutResult> {
    try {
      return await this.write(source, options);
    } catch (error) {
      throw isDiskFull(error) ? new BlobStoreFullError(this.root, error as Error) : error;
    }
  }

  private async write(source: BlobSource, options: PutOptions): Promise<PutResult> {
    await mkdir(this.tmpDir, { recursive: true });
    const tmpPath = path.join(this.tmpDir, `${randomUUID()}.part`);
    const hash = createHash("sha256");
    let size = 0;
    const handle = await open(tmpPath, "wx");
    try {
      for await (const chunk of chunksOf(source)) {
        size += chunk.byteLength;
        if (options.maxBytes !== undefined && size > options.maxBytes) {
          throw new BlobTooLargeError(options.maxBytes);
        }
        hash.update(chunk);
        await writeFully(handle, chunk);
      }
      // Durable before it becomes visible under its key. A filesystem may report a failed write
      // only here (or at close), so both are awaited before the rename and either one fails the put.
      await handle.sync();
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(tmpPath).catch(() => undefined);
      throw error;
    }

    const key = hash.digest("hex");
    const finalPath = this.pathFor(key);
    const created = !(await fileExists(finalPath));
    try {
      // The hash is of the bytes we were given; the file must hold exactly those, all of them.
      const written = (await stat(tmpPath)).size;
      if (written !== size) {
        throw new Error(`wrote ${written} of ${size} bytes to ${tmpPath}; the blob was not stored`);
      }
      await mkdir(path.dirname(finalPath), { recursive: true });
      // Atomic replace: a concurrent put of the same bytes renames identical content.
      await rename(tmpPath, finalPath);
    } catch (error) {
      await unlink(tmpPath).catch(() => undefined);
      throw error;
    }
    return { key, size, created };
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathFor(key));
    } catch (error) {
      throw mapMissing(error, key);
    }
  }

  async stream(key: string, range?: { start: number; end?: number }): Promise<Readable> {
    const file = this.pathFor(key);
    // Open eagerly so a missing blob is a rejected promise, not a later stream error.
    const handle = await open(file, "r").catch((error: unknown) => {
      throw mapMissing(error, key);
    });
    // The stream owns the FileHandle and closes it. (Passing the raw fd number
    // instead would leave the FileHandle to be closed on garbage collection,
    // closing whatever file has reused that fd number by then.)
    const stream: ReadStream = handle.createReadStream({ start: range?.start, end: range?.end });
    return stream;
  }

  async stat(key: string): Promise<BlobStat | null> {
    try {
      const info = await stat(this.pathFor(key));
      return { size: info.size, modifiedAt: info.mtime };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async delete(key: string): Promise<boolean> {
    try {
      await unlink(this.pathFor(key));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async *list(): AsyncIterable<ListedBlob> {
    // Only the two fan-out levels of hex names: .tmp and anything else a person put there is not a blob.
    const fanOut = /^[0-9a-f]{2}$/;
    for (const first of await namesIn(this.root)) {
      if (!fanOut.test(first)) continue;
      for (const second of await namesIn(path.join(this.root, first))) {
        if (!fanOut.test(second)) continue;
        const folder = path.join(this.root, first, second);
        for (const key of await namesIn(folder)) {
          if (!isBlobKey(key) || !key.startsWith(first + second)) continue;
          // Deleted since the folder was read: not listed.
          const info = await stat(path.join(folder, key)).catch(() => null);
          if (info?.isFile()) yield { key, size: info.size, modifiedAt: info.mtime };
        }
      }
    }
  }

  /**
   * Removes temp files left by a crash mid-write. Only files older than
   * `olderThanMs` go, so puts in flight in this or another process survive.
   */
  async sweepTemp(olderThanMs = 60 * 60 * 1000): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tmpDir);
    } catch (error) {
      if (isNotFound(error)) return 0;
      throw error;
    }
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.tmpDir, name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtimeMs < cutoff) {
        await unlink(file).catch(() => undefined);
        removed += 1;
      }
    }
    return removed;
  }
}

/**
 * Writes all of `chunk`. One write(2) may take only part of it (a disk filling up takes what fits
 * and reports ENOSPC on the next call), and FileHandle.write resolves with that short count rather
 * than an error: without the loop the rest of the chunk is silently dropped, and the file, shorter
 * than what was hashed, would be renamed under a key its content does not match.
 */
async function writeFully(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    if (bytesWritten <= 0) throw new Error("the filesystem accepted no bytes of a write");
    offset += bytesWritten;
  }
}

function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}

async function* chunksOf(source: BlobSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
  }
}

/** The entries of a folder, or none when it does not exist (an empty store). */
async function namesIn(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

function mapMissing(error: unknown, key: string): unknown {
  return isNotFound(error) ? new BlobNotFoundError(key) : error;
}

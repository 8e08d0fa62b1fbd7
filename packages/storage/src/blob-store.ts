import type { Readable } from "node:stream";

/**
 * Bytes to store: a whole buffer, or a stream consumed exactly once.
 * Streams let HTTP uploads and model artifacts reach storage without being
 * held in memory in full.
 */
export type BlobSource = Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** Abort with BlobTooLargeError as soon as more bytes than this arrive. */
  maxBytes?: number;
}

export interface PutResult {
  /** Content address: lowercase hex SHA-256 of the bytes. */
  key: string;
  size: number;
  /** False when identical bytes were already stored (content addressing dedupes for free). */
  created: boolean;
}

export interface BlobStat {
  size: number;
  /** When the bytes were last written (a put of identical bytes writes them again). */
  modifiedAt: Date;
}

export interface ListedBlob {
  key: string;
  size: number;
  modifiedAt: Date;
}

/**
 * Content-addressed blob storage. Keys are the SHA-256 of the content, so a
 * put of the same bytes twice is idempotent and two datasets holding the same
 * image share one blob; callers that delete must first make sure no row still
 * references the key.
 *
 * The contract is deliberately the subset an S3-compatible store can honour
 * without extra bookkeeping: a put streams to a temporary object while hashing
 * and then copies/renames it to its key; get/stream/stat/delete are single
 * object operations.
 */
export interface BlobStore {
  put(source: BlobSource, options?: PutOptions): Promise<PutResult>;
  /** Whole blob in memory; throws BlobNotFoundError. */
  get(key: string): Promise<Buffer>;
  /** Readable over the blob (optionally a byte range, inclusive end); throws BlobNotFoundError. */
  stream(key: string, range?: { start: number; end?: number }): Promise<Readable>;
  /** Size of the blob, or null when it does not exist. */
  stat(key: string): Promise<BlobStat | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the blob; resolves false when it was already gone. */
  delete(key: string): Promise<boolean>;
  /**
   * Every stored blob, in no particular order (garbage collection compares
   * them with the rows that reference keys). Blobs put or deleted while the
   * listing runs may or may not appear.
   */
  list(): AsyncIterable<ListedBlob>;
}

const KEY_PATTERN = /^[0-9a-f]{64}$/;

export function isBlobKey(value: string): boolean {
  return KEY_PATTERN.test(value);
}

/** Rejects anything that is not a SHA-256 hex digest, so a key can never name a path outside the store. */
export function assertBlobKey(key: string): void {
  if (!isBlobKey(key)) throw new InvalidBlobKeyError(key);
}

export class BlobStoreError extends Error {
  constructor(
    readonly code: "BLOB_NOT_FOUND" | "BLOB_TOO_LARGE" | "INVALID_BLOB_KEY" | "BLOB_STORE_FULL",
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BlobNotFoundError extends BlobStoreError {
  constructor(readonly key: string) {
    super(
      "BLOB_NOT_FOUND",
      `Blob ${key} does not exist in the blob store; it may have been deleted or the data folder moved.`,
    );
  }
}

export class BlobTooLargeError extends BlobStoreError {
  constructor(readonly maxBytes: number) {
    super("BLOB_TOO_LARGE", `Content exceeds the limit of ${maxBytes} bytes; send a smaller file or raise the limit.`);
  }
}

export class InvalidBlobKeyError extends BlobStoreError {
  constructor(readonly key: string) {
    super(
      "INVALID_BLOB_KEY",
      `"${key.slice(0, 80)}" is not a blob key (expected 64 lowercase hex characters of a SHA-256).`,
    );
  }
}

/** The store's disk (or quota) is full: nothing was stored, and no partial blob was left behind. */
export class BlobStoreFullError extends BlobStoreError {
  constructor(
    readonly root: string,
    readonly cause: Error,
  ) {
    super(
      "BLOB_STORE_FULL",
      `The disk of the blob store at ${root} is full (${cause.message}); nothing was stored. Free space there and retry.`,
    );
  }
}

export {
  assertBlobKey,
  BlobNotFoundError,
  type BlobSource,
  type BlobStat,
  type BlobStore,
  BlobStoreError,
  BlobStoreFullError,
  BlobTooLargeError,
  InvalidBlobKeyError,
  isBlobKey,
  type ListedBlob,
  type PutOptions,
  type PutResult,
} from "./blob-store.ts";
export { createBlobStore, resolveDataDir } from "./data-dir.ts";
export { FsBlobStore } from "./fs-blob-store.ts";

export {
  assertBlobKey,
  BlobNotFoundError,
  BlobStoreError,
  BlobTooLargeError,
  InvalidBlobKeyError,
  isBlobKey,
  type BlobSource,
  type BlobStat,
  type BlobStore,
  type PutOptions,
  type PutResult,
} from './blob-store.ts';
export { FsBlobStore } from './fs-blob-store.ts';
export { createBlobStore, resolveDataDir } from './data-dir.ts';

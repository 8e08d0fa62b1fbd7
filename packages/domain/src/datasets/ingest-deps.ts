// What the dataset services need, derived from a request context.
import { type BlobStore, createBlobStore } from "@headstart/storage";
import type { RequestContext } from "../context.ts";
import type { IngestDeps } from "./ingest.ts";
import { uploadLimitsFromEnv } from "./limits.ts";

// One store object per data folder: it is stateless, so sharing is only about not re-resolving paths.
const stores = new Map<string, BlobStore>();

export function blobStoreFor(dataDir: string): BlobStore {
  let store = stores.get(dataDir);
  if (!store) {
    store = createBlobStore(dataDir);
    stores.set(dataDir, store);
  }
  return store;
}

export function ingestDepsFor(ctx: Pick<RequestContext, "prisma" | "config">): IngestDeps {
  return { prisma: ctx.prisma, blobs: blobStoreFor(ctx.config.dataDir), limits: uploadLimitsFromEnv() };
}

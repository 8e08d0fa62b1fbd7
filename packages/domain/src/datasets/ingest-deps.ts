// What the dataset services need, derived from where a front end keeps its data.

import type { PrismaClient } from "@headstart/db";
import { type BlobStore, createBlobStore } from "@headstart/storage";
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

export function ingestDepsFor(ctx: { prisma: PrismaClient; config: { dataDir: string } }): IngestDeps {
  return { prisma: ctx.prisma, blobs: blobStoreFor(ctx.config.dataDir), limits: uploadLimitsFromEnv() };
}

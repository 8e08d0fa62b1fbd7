import path from "node:path";
import { fileURLToPath } from "node:url";
import { FsBlobStore } from "./fs-blob-store.ts";

// Repository root relative to this file, so the default does not depend on
// which workspace a process was started from.
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** `HEADSTART_DATA_DIR`, or `.data/` at the repository root (git-ignored). */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.HEADSTART_DATA_DIR?.trim();
  return configured ? path.resolve(configured) : path.join(REPO_ROOT, ".data");
}

/** The filesystem blob store under `<data dir>/blobs`, shared by the API and the trainer. */
export function createBlobStore(dataDir: string = resolveDataDir()): FsBlobStore {
  return new FsBlobStore(path.join(dataDir, "blobs"));
}

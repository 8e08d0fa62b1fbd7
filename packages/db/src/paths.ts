import path from "node:path";
import { fileURLToPath } from "node:url";

// packages/db/src -> repository root. Resolved from this file rather than
// process.cwd() because turbo runs each workspace's scripts in its own folder.
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export const PRISMA_SCHEMA = path.join(REPO_ROOT, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(REPO_ROOT, "prisma", "migrations");

/** Where the embedded server keeps its cluster unless told otherwise. */
export function defaultDataDir(): string {
  const base = process.env.HEADSTART_DATA_DIR ?? path.join(REPO_ROOT, ".data");
  return path.join(path.resolve(base), "pg");
}

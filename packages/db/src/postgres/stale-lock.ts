import fs from "node:fs/promises";
import path from "node:path";
import { DatabaseError } from "../errors.ts";

// postmaster.pid, line by line: pid, data dir, start time, port, socket dir,
// listen address, shared memory key, status ("starting", "ready", "stopping").
export interface LockFile {
  pid: number;
  port: number | undefined;
}

export async function readLock(dataDir: string): Promise<LockFile | undefined> {
  const text = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split("\n");
  const pid = Number.parseInt(lines[0] ?? "", 10);
  const port = Number.parseInt(lines[3] ?? "", 10);
  return { pid: Number.isFinite(pid) ? pid : 0, port: Number.isFinite(port) ? port : undefined };
}

/** Whether `pid` is a live postgres serving exactly this data folder (not a reused pid). */
export async function isPostgresFor(pid: number, dataDir: string): Promise<boolean> {
  if (pid <= 0) return false;
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  if (cmdline === undefined) {
    // No /proc (macOS): fall back to "is some process with that pid alive".
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "EPERM";
    }
  }
  const args = cmdline.split("\0");
  return path.basename(args[0] ?? "") === "postgres" && args.includes(dataDir);
}

/**
 * A Postgres killed with SIGKILL leaves postmaster.pid behind. Postgres
 * removes it itself only if no process has that pid; in containers pids are
 * reused quickly, and a pid now held by an unrelated process (often owned by
 * root, which Postgres cannot signal) makes it refuse to start. So: a lock
 * held by a live postgres on this very folder is a real conflict; any other
 * lock is stale and is removed.
 */
export async function clearStaleLock(dataDir: string, log: (line: string) => void): Promise<void> {
  const lock = await readLock(dataDir);
  if (!lock) return;
  if (await isPostgresFor(lock.pid, dataDir)) {
    throw new DatabaseError(
      "DATA_DIR_IN_USE",
      `Postgres (pid ${lock.pid}${lock.port ? `, port ${lock.port}` : ""}) is already running on ${dataDir}; another \`npm start\` probably owns it. Stop that one first (Ctrl-C in its terminal, or \`kill ${lock.pid}\`), or point HEADSTART_DATA_DIR at another folder.`,
    );
  }
  log(
    `removing stale ${path.join(dataDir, "postmaster.pid")} (pid ${lock.pid} is gone; the server was not shut down cleanly)`,
  );
  await fs.rm(path.join(dataDir, "postmaster.pid"), { force: true });
}

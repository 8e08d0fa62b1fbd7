// Finding the embedded Postgres that another process (a running `npm start`)
// already serves from the data folder, so that a second program (the CLI)
// can use it instead of failing to start a server on a folder in use.
import fs from "node:fs/promises";
import path from "node:path";
import { withClient, withDatabase } from "./admin.ts";
import { DatabaseError } from "./errors.ts";
import { defaultDataDir } from "./paths.ts";
import { fallbackDataDir, SUPERUSER } from "./postgres/cluster.ts";
import { isPostgresFor, readLock } from "./postgres/stale-lock.ts";
import { APP_DATABASE } from "./start-database.ts";

export interface FoundDatabase {
  /** URL of the `headstart` database on that server. */
  url: string;
  /** The postmaster's pid (owned by whoever started it; not ours to stop). */
  pid: number;
  port: number;
  dataDir: string;
}

// Postgres "the database system is starting up" and "database does not exist":
// both mean `npm start` is still bringing the server up, worth a short wait.
const STILL_STARTING = new Set(["57P03", "3D000"]);
const STARTUP_WAIT_MS = 15_000;

/**
 * The live embedded server for `dataDir` (default: the one startDatabase
 * uses), or undefined when none runs. A postmaster.pid whose pid is not a
 * postgres on that very folder (left behind by a crash) does not count.
 */
export async function findRunningDatabase(options: { dataDir?: string } = {}): Promise<FoundDatabase | undefined> {
  const requested = path.resolve(options.dataDir ?? defaultDataDir());
  // startDatabase may have moved the cluster to the temp folder; look in both places.
  for (const dataDir of [requested, fallbackDataDir(requested)]) {
    const lock = await readLock(dataDir);
    if (!lock || lock.port === undefined || !(await isPostgresFor(lock.pid, dataDir))) continue;
    const passwordFile = `${dataDir}.password`;
    const password = await fs.readFile(passwordFile, "utf8").then(
      (text) => text.trim(),
      () => "",
    );
    if (!password) {
      throw new DatabaseError(
        "DATA_DIR_UNUSABLE",
        `Postgres (pid ${lock.pid}) is running on ${dataDir}, but its password file ${passwordFile} is missing or unreadable, so nothing can connect to it. Run as the user that started it, or restore that file.`,
      );
    }
    const adminUrl = `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${lock.port}/postgres`;
    const url = withDatabase(adminUrl, APP_DATABASE);
    await waitUntilConnectable(url, lock.pid, dataDir);
    return { url, pid: lock.pid, port: lock.port, dataDir };
  }
  return undefined;
}

async function waitUntilConnectable(url: string, pid: number, dataDir: string): Promise<void> {
  const deadline = Date.now() + STARTUP_WAIT_MS;
  for (;;) {
    try {
      await withClient(url, (client) => client.query("SELECT 1"));
      return;
    } catch (error) {
      const cause = (error as Error).cause as { code?: string; message?: string } | undefined;
      const code = cause?.code;
      if (!(code && STILL_STARTING.has(code)) || Date.now() > deadline) {
        throw new DatabaseError(
          "CONNECTION_FAILED",
          `Postgres (pid ${pid}) is running on ${dataDir} but the "${APP_DATABASE}" database on it cannot be used (${cause?.message ?? (error as Error).message}). If \`npm start\` is still starting, wait until it reports ready and try again.`,
          { cause: error },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

import { createDatabase, databaseExists, withClient, withDatabase } from "./admin.ts";
import { DatabaseError } from "./errors.ts";
import { defaultDataDir } from "./paths.ts";
import { PostgresCluster, type PostgresExit } from "./postgres/cluster.ts";

export const DEFAULT_PG_PORT = 54329;
export const APP_DATABASE = "headstart";

export interface StartDatabaseOptions {
  /** Cluster folder; default `<repo>/.data/pg` (or $HEADSTART_DATA_DIR/pg). */
  dataDir?: string;
  /** Exact port, failing if taken; default $HEADSTART_PG_PORT or 54329, moving to the next free one if taken. */
  port?: number;
  log?: (line: string) => void;
}

export interface RunningDatabase {
  url: string;
  /** false when DATABASE_URL named an external server (nothing to stop). */
  embedded: boolean;
  /** pid of the embedded postmaster (its own process group). */
  pid?: number;
  dataDir?: string;
  /** Embedded only: settles when the postmaster exits, whether stopped by us or not (`npm start` restarts it). */
  exited?: Promise<PostgresExit>;
  stop(): Promise<void>;
}

function configuredPort(explicit: number | undefined): { port: number; fallbackPorts: number } {
  if (explicit !== undefined) return { port: explicit, fallbackPorts: 0 };
  const fromEnv = process.env.HEADSTART_PG_PORT;
  if (fromEnv) {
    const port = Number.parseInt(fromEnv, 10);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new DatabaseError("PORT_IN_USE", `HEADSTART_PG_PORT=${fromEnv} is not a port number (1–65535).`);
    }
    return { port, fallbackPorts: 0 };
  }
  return { port: DEFAULT_PG_PORT, fallbackPorts: 20 };
}

/**
 * The database everything else runs against: DATABASE_URL when set,
 * otherwise the embedded Postgres 17 in `dataDir` (created on first start),
 * with a `headstart` database in it.
 */
export async function startDatabase(options: StartDatabaseOptions = {}): Promise<RunningDatabase> {
  const log = options.log ?? (() => {});
  const external = process.env.DATABASE_URL;
  if (external) {
    await withClient(external, (client) => client.query("SELECT 1"));
    log(`using the Postgres named by DATABASE_URL (${new URL(external).host})`);
    return { url: external, embedded: false, stop: async () => {} };
  }

  const cluster = await PostgresCluster.open({
    dataDir: options.dataDir ?? defaultDataDir(),
    log,
    ...configuredPort(options.port),
  });
  await cluster.start();
  try {
    const adminUrl = cluster.url("postgres");
    await withClient(adminUrl, async (client) => {
      if (!(await databaseExists(client, APP_DATABASE))) await createDatabase(client, APP_DATABASE);
    });
    return {
      url: withDatabase(adminUrl, APP_DATABASE),
      embedded: true,
      pid: cluster.pid,
      dataDir: cluster.dataDir,
      exited: cluster.exitedWith,
      stop: () => cluster.stop(),
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

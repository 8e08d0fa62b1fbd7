// The embedded Postgres as a supervised unit: a postmaster that dies under
// `npm start` (kill, OOM, `pg_ctl stop`) is started again on the same data
// folder and port, so DATABASE_URL stays valid and the services, which retry
// their connections, carry on.
import { type RunningDatabase, startDatabase } from "@headstart/db";
import type { Logger } from "./log.ts";
import type { Instance, Unit } from "./supervisor.ts";

export function postgresInstance(db: RunningDatabase, say: Logger): Instance {
  return {
    pid: db.pid,
    // An external server (DATABASE_URL) is not ours to watch: it never "exits" here.
    exited: db.exited ?? new Promise(() => {}),
    async stop() {
      say("stopping Postgres");
      await db.stop().catch((error: Error) => say(`Postgres did not stop cleanly: ${error.message}`));
    },
    // Even a second Ctrl-C lets Postgres shut down (fast mode, seconds): a killed postmaster
    // leaves crash recovery to the next start.
    kill: () => undefined,
  };
}

/** `first` is the embedded server as started; restarts reuse its folder and port. */
export function postgresUnit(first: RunningDatabase, say: Logger, postgresLog: Logger): Unit {
  if (!first.embedded || !first.dataDir) throw new Error("Only the embedded Postgres can be supervised.");
  const port = Number(new URL(first.url).port);
  return {
    name: "postgres",
    layer: "database",
    essential: true,
    launch: async () => postgresInstance(await startDatabase({ dataDir: first.dataDir, port, log: postgresLog }), say),
  };
}

// Heartbeats on a connection of their own. Through the Prisma client a beat queues for a pool slot
// behind whatever else holds one (a run's long finishing transaction, embedding-cache batches, a
// busy API's queries) and can wait past the lease timeout although the trainer is alive; the reaper
// then requeues a healthy run. Here a beat is one short UPDATE on a small dedicated pg pool, with
// timeouts on connecting and on the statement so a dead socket fails fast and the next beat retries.

import pg from "pg";
import { HEARTBEAT_SQL, LeaseLostError, type RunLease } from "./queue.ts";

export interface LeaseHeartbeatsOptions {
  connectionString: string;
  /** Connections kept for beats; one per concurrently held lease is plenty (beats take milliseconds). */
  maxConnections?: number;
  /** A beat that cannot connect or finish within this fails, to be retried. */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export class LeaseHeartbeats {
  private readonly pool: pg.Pool;

  constructor(options: LeaseHeartbeatsOptions) {
    const timeoutMs = options.timeoutMs ?? 5000;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 2,
      connectionTimeoutMillis: timeoutMs,
      // statement_timeout bounds the server side (a lock wait); query_timeout the client side (a dead socket).
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs,
      keepAlive: true,
      application_name: "headstart-heartbeats",
    });
    // An idle connection the server closed (restart, idle timeout) is dropped from the pool and replaced
    // by the next beat; without a listener pg would raise it as an uncaught error.
    this.pool.on("error", (error) =>
      options.log?.(`heartbeat connection closed (${error.message}); reconnecting on the next beat`),
    );
  }

  /** Proves the trainer is alive; reports whether a cancel was requested. Throws LeaseLostError once the run moved on. */
  async beat(lease: RunLease): Promise<{ cancelRequested: boolean }> {
    const result = await this.pool.query<{ cancelRequested: boolean }>(HEARTBEAT_SQL, [
      lease.runId,
      lease.workerId,
      lease.attempt,
    ]);
    const row = result.rows[0];
    if (!row) throw new LeaseLostError(lease);
    return { cancelRequested: row.cancelRequested };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

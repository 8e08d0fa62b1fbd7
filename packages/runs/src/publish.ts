import type { DbTx } from "./db-types.ts";
import { encodeNotification, RUN_EVENTS_CHANNEL, type RunNotification, type RunStatus } from "./events.ts";

/**
 * Sends a run notification from inside the transaction that made the change:
 * Postgres delivers it only if that transaction commits, so listeners never
 * hear of a change that was rolled back. The transaction id rides along so a
 * subscriber can tell whether a state read already included the change.
 */
export async function publishRunEvent(tx: DbTx, event: RunNotification): Promise<void> {
  const payload = encodeNotification(event);
  // $executeRaw, not $queryRaw: pg_notify returns `void`, which the driver adapter cannot map to a column.
  await tx.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, json_build_object('xid', pg_current_xact_id()::text, 'event', ${payload}::json)::text)`;
}

export interface StatusRow {
  id: string;
  teamId: string;
  status: RunStatus;
  attempt: number;
  cancelRequested: boolean;
  error: string | null;
}

export function statusEvent(row: StatusRow): RunNotification {
  return {
    type: "status",
    runId: row.id,
    teamId: row.teamId,
    status: row.status,
    attempt: row.attempt,
    cancelRequested: row.cancelRequested,
    error: row.error,
  };
}

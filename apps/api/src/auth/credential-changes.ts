// Changes that end someone's access, delivered to everything in this process
// that holds on to access: the credential cache, open WebSockets and live
// subscriptions.
//
// Two sources feed it. This process's own mutations publish at once, so the
// very next request here sees the change. Every other writer (another API
// process, the CLI, a manual UPDATE, a cascaded delete) is heard through the
// `headstart_credentials` Postgres channel, which row triggers on Session,
// ApiToken, Membership and User fill (migration
// 20261130153700_login_throttle_credential_notify). A channel of its own rather
// than @headstart/runs' run-event hub: the hub decodes run events and resends
// run state after a reconnect, while this feed needs different recovery
// ("forget everything cached"), and triggers cover writers that never go
// through the API's code. A change heard twice (published here, then echoed by
// the channel) is harmless: every consumer is idempotent.
import { ListenConnection } from "@headstart/db";

export const CREDENTIAL_CHANGES_CHANNEL = "headstart_credentials";

export type CredentialChange =
  | { kind: "session" | "apiToken"; id: string; userId?: string }
  | { kind: "membership"; teamId: string; userId: string }
  | { kind: "user"; userId: string }
  /** The feed was down for a while: changes may have been missed. */
  | { kind: "everything" };

export type CredentialChangeListener = (change: CredentialChange) => void;

export function parseCredentialChange(payload: string | undefined): CredentialChange | null {
  if (!payload) return null;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(payload) as Record<string, unknown>;
  } catch {
    return null;
  }
  const text = (key: string) => (typeof value[key] === "string" ? (value[key] as string) : null);
  const id = text("id");
  const userId = text("userId");
  const teamId = text("teamId");
  if ((value.kind === "session" || value.kind === "apiToken") && id) {
    return { kind: value.kind, id, ...(userId ? { userId } : {}) };
  }
  if (value.kind === "membership" && teamId && userId) return { kind: "membership", teamId, userId };
  if (value.kind === "user" && userId) return { kind: "user", userId };
  return null;
}

export interface CredentialChangesOptions {
  /** Without one, only this process's own changes are heard (and the cache stays off). */
  connectionString?: string;
  reconnectDelayMs?: { min: number; max: number };
  /** Round trip on the LISTEN connection, to notice a silently dead socket. */
  pingIntervalMs?: number;
  log?: (message: string) => void;
  /** Told whether changes from other processes are being heard right now. */
  onListening?: (listening: boolean) => void;
}

export class CredentialChanges {
  private readonly listeners = new Set<CredentialChangeListener>();
  private readonly connection: ListenConnection | null;

  constructor(private readonly options: CredentialChangesOptions = {}) {
    this.connection = options.connectionString
      ? new ListenConnection({
          connectionString: options.connectionString,
          channel: CREDENTIAL_CHANGES_CHANNEL,
          reconnectDelayMs: options.reconnectDelayMs,
          pingIntervalMs: options.pingIntervalMs,
          onNotification: (payload) => {
            const change = parseCredentialChange(payload);
            if (change) this.publish(change);
            else this.options.log?.(`Ignored a malformed credential change: ${payload?.slice(0, 200)}`);
          },
          onConnected: () => {
            // Anything cached before now may have been revoked while nobody listened.
            this.publish({ kind: "everything" });
            this.options.onListening?.(true);
          },
          onLost: (error) => {
            this.options.onListening?.(false);
            this.options.log?.(`Credential change feed lost (${error.message}); caching is off until it is back.`);
          },
          onReconnectFailed: (error) =>
            this.options.log?.(`Credential change feed reconnect failed (${error.message}); retrying.`),
        })
      : null;
  }

  on(listener: CredentialChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A change this process made (or learned of): every consumer hears it before this returns. */
  publish(change: CredentialChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.options.log?.(`A credential change consumer failed: ${(error as Error).message}`);
      }
    }
  }

  get listening(): boolean {
    return this.connection?.listening ?? false;
  }

  /** Connects the LISTEN connection; a failure is retried in the background, so this never rejects. */
  async start(): Promise<void> {
    if (!this.connection) return;
    try {
      await this.connection.start();
    } catch (error) {
      this.options.log?.(`Credential change feed unavailable (${(error as Error).message}); retrying.`);
      this.connection.retryInBackground();
    }
  }

  async close(): Promise<void> {
    await this.connection?.close();
    this.options.onListening?.(false);
    this.listeners.clear();
  }
}

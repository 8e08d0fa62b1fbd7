// One Postgres LISTEN connection that survives drops: a dedicated pg client
// (Prisma's pool hands connections back after each query, so it cannot hold a
// LISTEN), a periodic round trip to notice a silently dead socket, and
// reconnection with exponential backoff. What a consumer must do after a gap
// differs (resend run state, forget cached credentials), so it is told through
// callbacks and decides for itself: notifications sent while nobody listened
// are gone for good.
import pg from "pg";

export interface ListenConnectionOptions {
  connectionString: string;
  /** A Postgres identifier: the channel triggers and NOTIFY write to. */
  channel: string;
  /** Each notification's payload on `channel`, in arrival order. */
  onNotification: (payload: string | undefined) => void;
  /** Notifications flow (again): after the first connect and after every reconnect. */
  onConnected?: () => void;
  /** The connection dropped; a reconnect is already scheduled. Not called after `close()`. */
  onLost?: (error: Error) => void;
  /** A reconnect attempt failed; the next one is already scheduled. */
  onReconnectFailed?: (error: Error) => void;
  reconnectDelayMs?: { min: number; max: number };
  /** Round trip on the connection, to notice a silently dead socket. */
  pingIntervalMs?: number;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;

export class ListenConnection {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;

  constructor(private readonly options: ListenConnectionOptions) {
    // The channel is interpolated into LISTEN (it cannot be a bind parameter), so only plain names pass.
    if (!CHANNEL_NAME.test(options.channel)) {
      throw new Error(`"${options.channel}" is not a plain Postgres channel name (lower-case letters, digits, _).`);
    }
  }

  /** Whether notifications are being heard right now. */
  get listening(): boolean {
    return this.client !== null;
  }

  /**
   * Connects and LISTENs once; resolves when notifications flow and rejects if this attempt fails
   * (call `retryInBackground()` to keep trying). Concurrent calls share one attempt.
   */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`The ${this.options.channel} listener is closed.`));
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** Keeps trying to connect with backoff until it succeeds or the connection is closed. */
  retryInBackground(): void {
    if (this.closed || this.reconnectTimer || this.client) return;
    const { min, max } = this.options.reconnectDelayMs ?? { min: 250, max: 10_000 };
    const delay = Math.min(max, min * 2 ** Math.min(this.failures, 16));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.start().catch((error: Error) => {
        if (this.closed) return;
        this.failures += 1;
        this.options.onReconnectFailed?.(error);
        this.retryInBackground();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true });
    // Without an 'error' listener a dropped connection would crash the whole process.
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    client.on("notification", (message) => {
      if (message.channel === this.options.channel) this.options.onNotification(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.options.channel}`);
    } catch (error) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.pingTimer = setInterval(() => {
      client.query("SELECT 1").catch((error: Error) => this.lost(client, error));
    }, this.options.pingIntervalMs ?? 30_000);
    this.pingTimer.unref();
    this.options.onConnected?.();
  }

  private lost(client: pg.Client, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    client.removeAllListeners("end");
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.retryInBackground();
    this.options.onLost?.(error);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners("end");
      await client.end().catch(() => undefined);
    }
  }
}

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ListenConnection } from "../src/index.ts";
import { createTestDatabase, type TestDatabase } from "../src/testing/index.ts";

const CHANNEL = "headstart_listen_test";

async function sql(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** Resolves with the next value a callback receives, or rejects after `ms`. */
function nextCall<T>(what: string, ms = 20_000): { callback: (value: T) => void; received: Promise<T> } {
  let callback!: (value: T) => void;
  const received = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    callback = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
  });
  return { callback, received };
}

describe("ListenConnection", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("hears notifications, notices a killed backend, reconnects and hears the next ones", async () => {
    const payloads: (string | undefined)[] = [];
    let waiter: ((payload: string | undefined) => void) | null = null;
    let connected = 0;
    let onReconnect: (() => void) | null = null;
    let onLost: ((error: Error) => void) | null = null;
    const connection = new ListenConnection({
      connectionString: database.url,
      channel: CHANNEL,
      reconnectDelayMs: { min: 50, max: 200 },
      onNotification: (payload) => {
        payloads.push(payload);
        waiter?.(payload);
      },
      onConnected: () => {
        connected += 1;
        onReconnect?.();
      },
      onLost: (error) => onLost?.(error),
    });
    try {
      await connection.start();
      expect(connection.listening).toBe(true);
      expect(connected).toBe(1);

      const first = nextCall<string | undefined>("notification");
      waiter = first.callback;
      await sql(database.url, `NOTIFY ${CHANNEL}, 'one'`);
      expect(await first.received).toBe("one");

      const lost = nextCall<Error>("loss");
      onLost = lost.callback;
      const back = nextCall<void>("reconnect");
      onReconnect = back.callback;
      const killed = await sql(
        database.url,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE query = 'LISTEN ${CHANNEL}' AND datname = current_database() AND pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBe(1);
      expect((await lost.received).message).toMatch(/terminat|connection/i);
      await back.received;
      expect(connection.listening).toBe(true);
      expect(connected).toBe(2);

      const second = nextCall<string | undefined>("notification after the reconnect");
      waiter = second.callback;
      await sql(database.url, `NOTIFY ${CHANNEL}, 'two'`);
      expect(await second.received).toBe("two");
      expect(payloads).toEqual(["one", "two"]);
    } finally {
      await connection.close();
    }
    expect(connection.listening).toBe(false);
    await expect(connection.start()).rejects.toThrow(/closed/);
  });

  it("rejects a start against an unreachable server, then keeps retrying in the background", async () => {
    const failures: Error[] = [];
    const connection = new ListenConnection({
      // Port 1 is never a Postgres server; the connection is refused at once.
      connectionString: "postgresql://nobody@127.0.0.1:1/none",
      channel: CHANNEL,
      reconnectDelayMs: { min: 20, max: 40 },
      onNotification: () => undefined,
      onReconnectFailed: (error) => failures.push(error),
    });
    try {
      await expect(connection.start()).rejects.toThrow(/ECONNREFUSED/);
      connection.retryInBackground();
      const deadline = Date.now() + 10_000;
      while (failures.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(failures.length).toBeGreaterThanOrEqual(2);
      expect(connection.listening).toBe(false);
    } finally {
      await connection.close();
    }
  });

  it("refuses a channel name that would need quoting", () => {
    expect(
      () =>
        new ListenConnection({ connectionString: "postgresql://x", channel: "runs; DROP", onNotification: () => {} }),
    ).toThrow(/not a plain Postgres channel name/);
  });
});

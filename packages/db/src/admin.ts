import pg from "pg";
import { DatabaseError } from "./errors.ts";

/** `url` with its database name replaced. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, "")) || "postgres";
}

/** Runs `fn` on a short-lived connection; connection failures become a clear DatabaseError. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (cause) {
    const where = new URL(url);
    throw new DatabaseError(
      "CONNECTION_FAILED",
      `Cannot connect to Postgres at ${where.hostname}:${where.port || 5432} (database "${databaseName(url)}"): ${(cause as Error).message}. Check that the server runs and DATABASE_URL is right.`,
      { cause },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return (rowCount ?? 0) > 0;
}

export async function createDatabase(client: pg.Client, name: string, template?: string): Promise<void> {
  const from = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : "";
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${from}`);
}

/** Drops `name`, ending other sessions on it first (WITH (FORCE), Postgres 13+). */
export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
}

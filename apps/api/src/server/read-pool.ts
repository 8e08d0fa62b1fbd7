// A small pg pool for the API's hottest reads (the runs list). Prisma's query
// pipeline costs about 1 ms of main-thread CPU per query here (its query
// compiler and interpreter run on the event loop), a plain pg query about a
// twentieth of that; under load that difference is most of a request.
// Statements come from domain code as Prisma.Sql (`text` with $n placeholders
// plus `values`), so they are parameterised exactly as $queryRaw would send them.
import { createHash } from "node:crypto";
import pg from "pg";

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** Runs one read-only statement and returns its rows. */
export type ReadSql = (statement: SqlStatement) => Promise<Record<string, unknown>[]>;

export interface ReadPool {
  query: ReadSql;
  close(): Promise<void>;
}

/**
 * Connections are few on purpose: the database shares the machine's cores
 * with this process, and queued queries wait microseconds, not milliseconds.
 */
const MAX_CONNECTIONS = 4;

// Prisma keeps DateTime as UTC wall-clock time in `timestamp` columns; pg's
// default parser would read that text as local time.
function parseUtcTimestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.TIMESTAMP && format !== "binary"
      ? parseUtcTimestamp
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

export function startReadPool(connectionString: string, log: (message: string) => void): ReadPool {
  const pool = new pg.Pool({ connectionString, max: MAX_CONNECTIONS, types, application_name: "headstart-api-reads" });
  // An idle connection that drops (database restart) is replaced on the next
  // query; without a listener the error would end the process.
  pool.on("error", (error) => log(`Read pool: an idle database connection failed (${error.message}); reconnecting.`));
  // Named statements are parsed and planned once per connection. Their names
  // come from the text, so one name never meets two texts.
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (!name) {
      name = `hs_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
      // The texts come from a handful of code paths; the bound only guards against a bug making them unbounded.
      if (names.size < 1000) names.set(text, name);
    }
    return name;
  };
  return {
    query: async (statement) =>
      (await pool.query({ name: nameOf(statement.text), text: statement.text, values: statement.values })).rows,
    close: () => pool.end(),
  };
}

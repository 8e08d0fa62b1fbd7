import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// Postgres type oids (pg_type.oid) of the catalog-only types that
// @prisma/adapter-pg 6.19 has no column type for (prisma/orm#27403). The
// schema engine reads pg_catalog through the adapter during `migrate
// deploy`/`diff`, and fails with "Column type 'name' could not be
// deserialized" on the first such column.
const NAME = 19;
const CHAR = 18; // the one-byte "char", not char(n)
const NAME_ARRAY = 1003;
const TEXT = 25;
const TEXT_ARRAY = 1009;
const RELABEL: Record<number, number> = { [NAME]: TEXT, [CHAR]: TEXT, [NAME_ARRAY]: TEXT_ARRAY };

// pg has already turned the values into strings (its parsers for these oids
// return text) by the time a result reaches the adapter, so announcing the
// columns as text is exactly what they are.
function relabel<T>(result: T): T {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  if (fields) for (const field of fields) field.dataTypeID = RELABEL[field.dataTypeID] ?? field.dataTypeID;
  return result;
}

type Callback = (error: Error | null, result?: unknown) => void;

/** A pg Client whose results describe catalog columns as text. */
class CatalogSafeClient extends pg.Client {
  // pg's query() has a dozen overloads (promise or callback, text or config);
  // this forwards every form untouched and only rewrites the result.
  // @ts-expect-error -- one implementation signature for all overloads
  override query(...args: unknown[]): unknown {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last] as Callback;
      args[last] = (error: Error | null, result?: unknown) => callback(error, error ? result : relabel(result));
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    if (returned && typeof (returned as Promise<unknown>).then === "function") {
      return (returned as Promise<unknown>).then(relabel);
    }
    return returned;
  }
}

/**
 * The driver adapter the Prisma CLI (migrate deploy/diff) must use with
 * Prisma 6.19's wasm schema engine. Applications use the plain PrismaPg.
 */
export function migrationAdapter(connectionString: string): PrismaPg {
  const pool = new pg.Pool({ connectionString, Client: CatalogSafeClient as unknown as typeof pg.Client, max: 2 });
  return new PrismaPg(pool, { disposeExternalPool: true });
}

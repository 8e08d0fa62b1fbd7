// Ids are UUIDs in Postgres; a malformed one would make Prisma throw an
// internal error. It cannot name anything, so it is simply "not found".
import { notFound } from "./error-helpers.ts";

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

/** Throws NOT_FOUND (worded for `what`) unless `id` is a well-formed UUID. */
export function requireUuid(id: string, what: string): string {
  if (!isUuid(id)) throw notFound(what, id);
  return id.toLowerCase();
}

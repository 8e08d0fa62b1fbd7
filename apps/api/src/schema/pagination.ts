// Relay cursor connections over (createdAt, id) keysets. Keysets stay correct
// while rows are inserted, unlike offsets, and the opaque cursor carries the
// position itself, so a cursor never has to look up (or reveal) another row.

import { badUserInput, isUuid } from "@headstart/domain";
import { type DefaultConnectionArguments, type PageInfoShape, resolveCursorConnection } from "@pothos/plugin-relay";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

type Bound =
  | { createdAt: { gt: Date } }
  | { createdAt: { lt: Date } }
  | { createdAt: Date; id: { gt: string } }
  | { createdAt: Date; id: { lt: string } };

export interface KeysetPage {
  /** Spread into the Prisma `where` next to the caller's own filters. */
  where: { AND: { OR: Bound[] }[] };
  orderBy: [{ createdAt: "asc" | "desc" }, { id: "asc" | "desc" }];
  take: number;
}

export interface KeysetConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString("base64url");
}

export function decodeCursor(cursor: string, argument: "after" | "before"): KeysetPosition {
  const [iso, id, extra] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (extra !== undefined || !id || !isUuid(id) || Number.isNaN(createdAt.getTime())) {
    throw badUserInput(
      `The "${argument}" cursor is not one this API issued; pass a pageInfo.endCursor or startCursor unchanged.`,
      argument,
    );
  }
  return { createdAt, id };
}

function checkPageSize(args: DefaultConnectionArguments): void {
  for (const name of ["first", "last"] as const) {
    const value = args[name];
    if (value == null) continue;
    if (value < 0 || value > MAX_PAGE_SIZE) {
      throw badUserInput(
        `Ask for 0 to ${MAX_PAGE_SIZE} items per page ("${name}: ${value}"); fetch more pages with "after: pageInfo.endCursor".`,
        name,
      );
    }
  }
}

/** Complexity of a connection field: its page size times the cost of one edge. */
export function connectionComplexity(args: DefaultConnectionArguments): { field: number; multiplier: number } {
  const size = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  return { field: 1, multiplier: Math.max(1, Math.min(size, MAX_PAGE_SIZE)) };
}

/**
 * Resolves a connection whose nodes are ordered by (createdAt, id). `fetch`
 * runs one Prisma findMany with the page's where/orderBy/take.
 */
export async function resolveKeysetConnection<T extends KeysetPosition>(
  args: DefaultConnectionArguments,
  fetch: (page: KeysetPage) => Promise<T[]>,
): Promise<KeysetConnection<T>> {
  checkPageSize(args);
  const after = args.after ? decodeCursor(args.after, "after") : null;
  const before = args.before ? decodeCursor(args.before, "before") : null;
  const connection = await resolveCursorConnection<Promise<T[]>>(
    { args, toCursor: (node) => encodeCursor(node), defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    ({ limit, inverted }): Promise<T[]> => {
      const bounds: { OR: Bound[] }[] = [];
      if (after)
        bounds.push({
          OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }],
        });
      if (before)
        bounds.push({
          OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }],
        });
      const direction = inverted ? "desc" : "asc";
      return fetch({ where: { AND: bounds }, orderBy: [{ createdAt: direction }, { id: direction }], take: limit });
    },
  );
  return connection as KeysetConnection<T>;
}

// A team's runs, filtered and sorted, as a forward-paging keyset connection.
// Validation accuracy is not a column (it is the share of correct VAL
// predictions), so the page is chosen in SQL over (sort key, createdAt, id)
// and the rows are then loaded by id.
import { Prisma, type PrismaClient, type Run, type RunStatus } from "@headstart/db";
import { badUserInput } from "../errors/error-helpers.ts";
import { isUuid } from "../errors/ids.ts";

export type RunOrderField = "CREATED_AT" | "VAL_ACCURACY";
export type SortDirection = "ASC" | "DESC";

export interface RunFilter {
  datasetId?: string | null;
  status?: RunStatus | null;
  backbone?: string | null;
  creatorId?: string | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

export interface RunPageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface RunConnection {
  edges: { cursor: string; node: Run }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const DEFAULT_RUN_PAGE = 20;
export const MAX_RUN_PAGE = 100;

interface Position {
  key: number;
  /** createdAt exactly as Postgres prints the timestamp, so it compares back without time-zone conversion. */
  createdAt: string;
  id: string;
}

function encode(position: Position): string {
  return Buffer.from(JSON.stringify([position.key, position.createdAt, position.id])).toString("base64url");
}

function decode(cursor: string): Position {
  try {
    const [key, createdAt, id, ...rest] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (
      rest.length === 0 &&
      typeof key === "number" &&
      Number.isFinite(key) &&
      typeof createdAt === "string" &&
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(createdAt) &&
      typeof id === "string" &&
      isUuid(id)
    ) {
      return { key, createdAt, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw badUserInput('The "after" cursor is not one this API issued; pass pageInfo.endCursor unchanged.', "after");
}

/**
 * Accuracy on the validation split, from the run's stored predictions; runs
 * without any (still training, failed) sort after every measured run in both
 * directions.
 */
function sortKey(field: RunOrderField, direction: SortDirection): Prisma.Sql {
  if (field === "CREATED_AT") return Prisma.sql`0::float8`;
  const missing = direction === "DESC" ? -1 : 2;
  return Prisma.sql`COALESCE((SELECT avg(CASE WHEN p.correct THEN 1.0 ELSE 0.0 END)
                                FROM "Prediction" p WHERE p."runId" = r.id AND p.split = 'VAL'), ${missing})::float8`;
}

function filterSql(teamId: string, filter: RunFilter): Prisma.Sql {
  // An AUTO run's trials are listed under it (Run.trials), not beside it.
  const parts: Prisma.Sql[] = [Prisma.sql`r."teamId" = ${teamId}::uuid`, Prisma.sql`r."parentRunId" IS NULL`];
  if (filter.datasetId != null) {
    // A malformed id cannot match anything; answering with an empty page is what a filter does.
    parts.push(
      isUuid(filter.datasetId)
        ? Prisma.sql`r."datasetId" = ${filter.datasetId.toLowerCase()}::uuid`
        : Prisma.sql`false`,
    );
  }
  if (filter.creatorId != null) {
    parts.push(
      isUuid(filter.creatorId)
        ? Prisma.sql`r."creatorId" = ${filter.creatorId.toLowerCase()}::uuid`
        : Prisma.sql`false`,
    );
  }
  if (filter.status != null) parts.push(Prisma.sql`r.status = ${filter.status}::"RunStatus"`);
  if (filter.backbone != null) parts.push(Prisma.sql`r.config->>'backbone' = ${filter.backbone}`);
  // Prisma stores DateTime as UTC wall-clock time in a timestamp column.
  if (filter.createdAfter != null)
    parts.push(Prisma.sql`r."createdAt" >= (${filter.createdAfter.toISOString()}::timestamptz AT TIME ZONE 'UTC')`);
  if (filter.createdBefore != null)
    parts.push(Prisma.sql`r."createdAt" < (${filter.createdBefore.toISOString()}::timestamptz AT TIME ZONE 'UTC')`);
  return Prisma.join(parts, " AND ");
}

export async function listRuns(
  prisma: PrismaClient,
  teamId: string,
  filter: RunFilter,
  order: { field: RunOrderField; direction: SortDirection },
  args: RunPageArgs,
): Promise<RunConnection> {
  if (args.last != null || args.before != null) {
    throw badUserInput(
      "Runs page forward only: use first/after, and flip the sort direction to start from the other end.",
      "last",
    );
  }
  const first = args.first ?? DEFAULT_RUN_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_RUN_PAGE) {
    throw badUserInput(
      `Ask for 0 to ${MAX_RUN_PAGE} runs per page ("first: ${first}"); fetch more pages with "after".`,
      "first",
    );
  }
  const after = args.after ? decode(args.after) : null;
  const desc = order.direction === "DESC";
  const dir = desc ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const bound = after
    ? desc
      ? Prisma.sql`WHERE (s.key, s."createdAt", s.id) < (${after.key}::float8, ${after.createdAt}::timestamp, ${after.id}::uuid)`
      : Prisma.sql`WHERE (s.key, s."createdAt", s.id) > (${after.key}::float8, ${after.createdAt}::timestamp, ${after.id}::uuid)`
    : Prisma.empty;
  const rows = await prisma.$queryRaw<{ id: string; key: number; createdAt: string }[]>`
    SELECT s.id::text AS id, s.key, s."createdAt"::text AS "createdAt"
      FROM (SELECT r.id, r."createdAt", ${sortKey(order.field, order.direction)} AS key
              FROM "Run" r WHERE ${filterSql(teamId, filter)}) s
      ${bound}
     ORDER BY s.key ${dir}, s."createdAt" ${dir}, s.id ${dir}
     LIMIT ${first + 1}`;
  const page = rows.slice(0, first);
  const runs = await prisma.run.findMany({ where: { id: { in: page.map((row) => row.id) } } });
  const byId = new Map(runs.map((run) => [run.id, run]));
  // A run deleted between the two reads simply drops out of the page.
  const edges = page.flatMap((row) => {
    const node = byId.get(row.id);
    return node ? [{ cursor: encode({ key: Number(row.key), createdAt: row.createdAt, id: row.id }), node }] : [];
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

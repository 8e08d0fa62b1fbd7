// A team's runs, filtered and sorted, as a forward-paging keyset connection.
// Validation accuracy is not a column (it is the share of correct VAL
// predictions), so the page is chosen in SQL over (sort key, createdAt, id);
// the same statement returns the columns the caller reads, so a page is one
// round trip. The API runs that statement on a pg pool of its own (the list
// is its busiest query, and Prisma's query pipeline costs far more CPU than
// the query itself).
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

export interface RunConnection<Node = Run> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** Every column of Run, for callers that read whole rows. */
export const RUN_COLUMNS = [
  "id",
  "teamId",
  "datasetId",
  "versionId",
  "creatorId",
  "name",
  "config",
  "status",
  "attempt",
  "maxAttempts",
  "workerId",
  "heartbeatAt",
  "currentEpoch",
  "progress",
  "metrics",
  "error",
  "cancelRequested",
  "createdAt",
  "startedAt",
  "finishedAt",
  "parentRunId",
  "autoSummary",
] as const satisfies readonly (keyof Run)[];
export type RunColumn = (typeof RUN_COLUMNS)[number];
// Fails to compile when Run gains a column RUN_COLUMNS does not list.
const everyRunColumn: Record<Exclude<keyof Run, RunColumn>, never> = {};
void everyRunColumn;

/** A page's rows always carry these: the keyset and the cursor need them. */
type RunPageNode<C extends RunColumn> = Pick<Run, C | "id" | "createdAt">;

export interface ListRunsOptions<C extends RunColumn> {
  /** The columns the caller reads; every column when omitted. id and createdAt always come. */
  columns?: readonly C[];
  /**
   * Runs the page's one statement and returns its rows; Prisma's $queryRaw
   * when omitted. A pg pool of the caller's must return timestamps as UTC
   * instants (Prisma stores DateTime as UTC wall-clock time) and parse JSON.
   */
  query?: (statement: Prisma.Sql) => Promise<Record<string, unknown>[]>;
}

interface PageRow {
  pageKey: number;
  /** createdAt as Postgres prints it, for the cursor. */
  pageCreatedAt: string;
  id: string;
  [column: string]: unknown;
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

export async function listRuns<C extends RunColumn = RunColumn>(
  prisma: PrismaClient,
  teamId: string,
  filter: RunFilter,
  order: { field: RunOrderField; direction: SortDirection },
  args: RunPageArgs,
  options: ListRunsOptions<C> = {},
): Promise<RunConnection<RunPageNode<C>>> {
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
      ? Prisma.sql`WHERE (s."pageKey", s."createdAt", s.id) < (${after.key}::float8, ${after.createdAt}::timestamp, ${after.id}::uuid)`
      : Prisma.sql`WHERE (s."pageKey", s."createdAt", s.id) > (${after.key}::float8, ${after.createdAt}::timestamp, ${after.id}::uuid)`
    : Prisma.empty;
  // Names from RUN_COLUMNS only, never from the caller's strings, so quoting them is enough.
  const wanted = new Set<RunColumn>(["id", "createdAt", ...(options.columns ?? RUN_COLUMNS)]);
  const columns = Prisma.raw(
    RUN_COLUMNS.filter((column) => wanted.has(column))
      .map((column) => `r."${column}"`)
      .join(", "),
  );
  const statement = Prisma.sql`
    SELECT s.*
      FROM (SELECT ${columns}, r."createdAt"::text AS "pageCreatedAt",
                   ${sortKey(order.field, order.direction)} AS "pageKey"
              FROM "Run" r WHERE ${filterSql(teamId, filter)}) s
      ${bound}
     ORDER BY s."pageKey" ${dir}, s."createdAt" ${dir}, s.id ${dir}
     LIMIT ${first + 1}`;
  const rows = (await (options.query ? options.query(statement) : prisma.$queryRaw(statement))) as PageRow[];
  const edges = rows.slice(0, first).map(({ pageKey, pageCreatedAt, ...node }) => ({
    cursor: encode({ key: Number(pageKey), createdAt: pageCreatedAt, id: node.id }),
    // The statement selected exactly these columns (RUN_COLUMNS names them as Run does).
    node: node as unknown as RunPageNode<C>,
  }));
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

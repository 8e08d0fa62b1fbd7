// `run`, a team's `runs` (filtered, sorted, paged) and `compareRuns`.
// Inputs: run-inputs.ts.
import {
  compareRuns,
  listRuns,
  type RunConnection,
  requireRunRole,
  requireTeamRole,
  requireUuid,
} from "@headstart/domain";
import { builder } from "../builder.ts";
import { connectionComplexity } from "../pagination.ts";
import { runColumnsFor } from "./run-columns.ts";
import { RunComparisonRef, RunFilter, RunOrderEnum, SortDirectionEnum } from "./run-inputs.ts";
import { RunRef } from "./run-types.ts";

builder.queryFields((t) => ({
  run: t.field({
    type: RunRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => requireRunRole(ctx, id, "VIEWER"),
  }),
  runs: t.connection(
    {
      type: RunRef,
      description: "A team's runs, newest (or most accurate) first by default. Pages forward with first/after.",
      complexity: connectionComplexity,
      args: {
        teamId: t.arg.id({ required: true }),
        filter: t.arg({ type: RunFilter, required: false }),
        orderBy: t.arg({ type: RunOrderEnum, required: false, defaultValue: "CREATED_AT" }),
        direction: t.arg({ type: SortDirectionEnum, required: false, defaultValue: "DESC" }),
      },
      resolve: async (_root, args, ctx, info) => {
        const teamId = requireUuid(args.teamId, "team");
        await requireTeamRole(ctx, teamId, "VIEWER");
        const page = await listRuns(
          ctx.prisma,
          teamId,
          args.filter ?? {},
          { field: args.orderBy ?? "CREATED_AT", direction: args.direction ?? "DESC" },
          args,
          // Only the columns the selected fields read (run-columns.ts), on the API's own pool when it has one.
          { columns: runColumnsFor(info), query: ctx.readSql ?? undefined },
        );
        // Rows hold every column a selected field reads; runColumnsFor loads all of them for any other field.
        return page as RunConnection;
      },
    },
    { name: "RunConnection" },
    { name: "RunEdge" },
  ),
  compareRuns: t.field({
    type: RunComparisonRef,
    complexity: 20,
    description: "Config differences and headline figures of 2 to 10 runs the caller can read.",
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_root, { ids }, ctx) => compareRuns(ctx, ids),
  }),
}));

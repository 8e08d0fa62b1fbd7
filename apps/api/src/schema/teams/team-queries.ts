// `team` and the caller's `teams`. Types: team-types.ts.
import { notFound, requireTeamRole, requireUuid, requireViewer } from "@headstart/domain";
import { builder } from "../builder.ts";
import { connectionComplexity, resolveKeysetConnection } from "../pagination.ts";
import { TeamRef } from "./team-types.ts";

builder.queryFields((t) => ({
  teams: t.connection(
    {
      type: TeamRef,
      description: "The teams the caller belongs to, oldest first.",
      authScopes: { authenticated: true },
      complexity: connectionComplexity,
      resolve: (_root, args, ctx) => {
        const viewer = requireViewer(ctx);
        return resolveKeysetConnection(args, (page) =>
          ctx.prisma.team.findMany({
            where: { memberships: { some: { userId: viewer.userId } }, ...page.where },
            orderBy: page.orderBy,
            take: page.take,
          }),
        );
      },
    },
    { name: "TeamConnection" },
    { name: "TeamEdge" },
  ),
  team: t.field({
    type: TeamRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await requireTeamRole(ctx, id, "VIEWER");
      const team = await ctx.prisma.team.findUnique({ where: { id: requireUuid(id, "team") } });
      if (!team) throw notFound("team", id);
      return team;
    },
  }),
}));

// `apiTokens`: the caller's tokens, by prefix. Types: token-types.ts.
import { requireViewer } from "@headstart/domain";
import { builder } from "../builder.ts";
import { connectionComplexity, resolveKeysetConnection } from "../pagination.ts";
import { ApiTokenRef } from "./token-types.ts";

builder.queryField("apiTokens", (t) =>
  t.connection(
    {
      type: ApiTokenRef,
      description: "The caller's personal API tokens, oldest first.",
      authScopes: { authenticated: true },
      complexity: connectionComplexity,
      args: { includeRevoked: t.arg.boolean({ required: true, defaultValue: false }) },
      resolve: (_root, args, ctx) => {
        const viewer = requireViewer(ctx);
        return resolveKeysetConnection(args, (page) =>
          ctx.prisma.apiToken.findMany({
            where: { userId: viewer.userId, ...(args.includeRevoked ? {} : { revokedAt: null }), ...page.where },
            orderBy: page.orderBy,
            take: page.take,
          }),
        );
      },
    },
    { name: "ApiTokenConnection" },
    { name: "ApiTokenEdge" },
  ),
);

// Personal API tokens for scripts and the CLI. The secret is in the
// createApiToken payload only; listings show the prefix.
import type { ApiToken } from "@headstart/db";
import { createApiToken, revokeApiToken } from "../../auth/api-tokens.ts";
import { requireViewer } from "../../auth/roles.ts";
import { forbidden } from "../../errors/index.ts";
import { builder } from "../builder.ts";
import { connectionComplexity, resolveKeysetConnection } from "../pagination.ts";

const ApiTokenRef = builder.objectRef<ApiToken>("ApiToken").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    prefix: t.exposeString("prefix", { description: "The first characters of the token, to tell tokens apart." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true, description: "To the minute." }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

interface CreatedApiToken {
  token: string;
  apiToken: ApiToken;
}

const CreateApiTokenPayload = builder.objectRef<CreatedApiToken>("CreateApiTokenPayload").implement({
  fields: (t) => ({
    token: t.exposeString("token", {
      description: 'The secret, for "Authorization: Bearer <token>". Shown only here: store it now.',
    }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (payload) => payload.apiToken }),
  }),
});

const CreateApiTokenInput = builder.inputType("CreateApiTokenInput", {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Where the token is used, e.g. "laptop import script".' }),
  }),
});

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

builder.mutationFields((t) => ({
  createApiToken: t.field({
    type: CreateApiTokenPayload,
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const viewer = requireViewer(ctx);
      // A leaked token must not be able to mint replacements that outlive
      // its revocation.
      if (viewer.credential.kind === "apiToken") {
        throw forbidden(
          "API tokens cannot create API tokens; sign in with your password (web app or logIn) to create one.",
        );
      }
      return createApiToken(ctx.prisma, viewer.userId, input.name);
    },
  }),
  revokeApiToken: t.field({
    type: ApiTokenRef,
    description: "Revoke one of your tokens; requests with it fail from now on.",
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => revokeApiToken(ctx.prisma, requireViewer(ctx).userId, id),
  }),
}));

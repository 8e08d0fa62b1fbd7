// createApiToken (the secret appears in this payload only) and revokeApiToken.
// Types and inputs: token-types.ts.
import { createApiToken, forbidden, requireViewer, revokeApiToken } from "@headstart/domain";
import { builder } from "../builder.ts";
import { ApiTokenRef, CreateApiTokenInput, CreateApiTokenPayload } from "./token-types.ts";

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
    resolve: async (_root, { id }, ctx) => {
      const viewer = requireViewer(ctx);
      const token = await revokeApiToken(ctx.prisma, viewer.userId, id);
      // Evicts the cached token and closes sockets opened with it, here and now (other processes hear the trigger).
      ctx.access.changed({ kind: "apiToken", id: token.id, userId: viewer.userId });
      return token;
    },
  }),
}));

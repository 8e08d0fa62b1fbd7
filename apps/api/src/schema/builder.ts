// The one Pothos builder every schema module adds its types to.

import type { Role } from "@headstart/db";
import { badUserInput, forbidden, requireTeamRole, requireViewer, unauthenticated } from "@headstart/domain";
import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import type { RequestContext } from "../context.ts";

export interface TeamRoleScope {
  teamId: string;
  role: Role;
}

export const builder = new SchemaBuilder<{
  Context: RequestContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
  AuthScopes: {
    /** The caller is signed in (session or API token). */
    authenticated: boolean;
    /** The caller has at least `role` in team `teamId`; see requireTeamRole for the errors. */
    teamRole: TeamRoleScope;
  };
}>({
  // scope-auth first, so authorization runs before other plugins' wrappers.
  plugins: [ScopeAuthPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    // Scope loaders throw the AppError themselves (UNAUTHENTICATED,
    // NOT_FOUND or FORBIDDEN), which scope-auth lets through unchanged.
    authScopes: (ctx) => ({
      authenticated: () => {
        requireViewer(ctx);
        return true;
      },
      teamRole: async ({ teamId, role }) => {
        await requireTeamRole(ctx, teamId, role);
        return true;
      },
    }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? forbidden("You are not allowed to do this. Ask a team OWNER or ADMIN for a higher role.")
        : unauthenticated('Sign in first: send the session cookie, or an "Authorization: Bearer <token>" header.'),
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // Ids are plain UUIDs that clients pass back as-is; no Node interface.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    // The connection field already multiplies by its page size (see
    // connectionComplexity); the edges list must not multiply again.
    edgesFieldOptions: { complexity: { field: 1, multiplier: 1 } },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
  },
});

builder.scalarType("DateTime", {
  description: "An instant, as an ISO-8601 string in UTC.",
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === "string" ? new Date(value) : null;
    if (!date || Number.isNaN(date.getTime())) {
      throw badUserInput('Give the time as an ISO-8601 string such as "2026-11-28T14:00:00Z".');
    }
    return date;
  },
});

builder.queryType({});
builder.mutationType({});

// Personal API tokens for scripts and the CLI. The secret is in the
// createApiToken payload only; listings show the prefix.
import type { ApiToken } from "@headstart/db";
import { builder } from "../builder.ts";

export const ApiTokenRef = builder.objectRef<ApiToken>("ApiToken").implement({
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

export const CreateApiTokenPayload = builder.objectRef<CreatedApiToken>("CreateApiTokenPayload").implement({
  fields: (t) => ({
    token: t.exposeString("token", {
      description: 'The secret, for "Authorization: Bearer <token>". Shown only here: store it now.',
    }),
    apiToken: t.field({ type: ApiTokenRef, resolve: (payload) => payload.apiToken }),
  }),
});

export const CreateApiTokenInput = builder.inputType("CreateApiTokenInput", {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Where the token is used, e.g. "laptop import script".' }),
  }),
});

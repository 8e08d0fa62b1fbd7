// signUp, logIn and logOut. A login yields either the HTTP-only cookie
// (browsers) or a bearer token in the payload (scripts), never both.

import { badUserInput, createUser, deleteSession, requireViewer, verifyLogin } from "@headstart/domain";
import { clearedSessionCookie } from "../../auth/cookies.ts";
import { builder } from "../builder.ts";
import { AuthPayloadRef, LogInInput, SignUpInput, startSession } from "./auth-types.ts";

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayloadRef,
    description: "Create an account and sign in to it.",
    args: { input: t.arg({ type: SignUpInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const user = await createUser(ctx.prisma, input, { scryptCost: ctx.config.scryptCost });
      return startSession(ctx, user, input.session);
    },
  }),
  logIn: t.field({
    type: AuthPayloadRef,
    args: { input: t.arg({ type: LogInInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const user = await verifyLogin(ctx.prisma, input.email, input.password, { scryptCost: ctx.config.scryptCost });
      return startSession(ctx, user, input.session);
    },
  }),
  logOut: t.boolean({
    description: "End the current session (cookie or bearer). API tokens are revoked with revokeApiToken instead.",
    resolve: async (_root, _args, ctx) => {
      const viewer = requireViewer(ctx);
      if (viewer.credential.kind !== "session") {
        throw badUserInput("This request used an API token, which logOut does not end; revoke it with revokeApiToken.");
      }
      await deleteSession(ctx.prisma, viewer.credential.id);
      ctx.cookies?.set(clearedSessionCookie({ secure: ctx.config.secureCookies }));
      return true;
    },
  }),
}));

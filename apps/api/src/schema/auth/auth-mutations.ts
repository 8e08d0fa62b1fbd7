// signUp, logIn and logOut. A login yields either the HTTP-only cookie
// (browsers) or a bearer token in the payload (scripts), never both.

import {
  badUserInput,
  beginLoginAttempt,
  createUser,
  deleteSession,
  loginSucceeded,
  requireViewer,
  verifyLogin,
} from "@headstart/domain";
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
    description:
      "Sign in with email and password. Repeated failures per account and per client address are throttled: RATE_LIMITED with extensions.retryAfterSeconds.",
    resolve: async (_root, { input }, ctx) => {
      // Counted (and refused while locked) before the password is even hashed.
      const subject = { email: input.email, address: ctx.clientAddress };
      await beginLoginAttempt(ctx.prisma, subject, ctx.config.loginThrottle);
      const user = await verifyLogin(ctx.prisma, input.email, input.password, { scryptCost: ctx.config.scryptCost });
      await loginSucceeded(ctx.prisma, subject, ctx.config.loginThrottle);
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
      // Evicts the cached session and closes sockets opened with it, here and now (other processes hear the trigger).
      ctx.access.changed({ kind: "session", id: viewer.credential.id, userId: viewer.userId });
      ctx.cookies?.set(clearedSessionCookie({ secure: ctx.config.secureCookies }));
      return true;
    },
  }),
}));

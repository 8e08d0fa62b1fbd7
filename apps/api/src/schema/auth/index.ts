// Sign up, log in, log out and `viewer`. A login yields either the HTTP-only
// cookie (browsers) or a bearer token in the response (scripts), never both,
// so a browser login never exposes the session secret to page scripts.

import type { User } from "@headstart/db";
import { clearedSessionCookie, sessionCookie } from "../../auth/cookies.ts";
import { requireViewer } from "../../auth/roles.ts";
import { createSession, deleteSession } from "../../auth/sessions.ts";
import { createUser, verifyLogin } from "../../auth/users.ts";
import type { RequestContext } from "../../context.ts";
import { badUserInput } from "../../errors/index.ts";
import { builder } from "../builder.ts";
import { UserRef } from "./user.ts";

const SessionTransport = builder.enumType("SessionTransport", {
  description: "How the new session is handed to the client.",
  values: {
    COOKIE: { description: "Set as an HTTP-only cookie; `sessionToken` is null. For browsers." },
    BEARER: { description: 'Returned as `sessionToken`, to send as "Authorization: Bearer <token>". For scripts.' },
  } as const,
});

interface AuthPayload {
  user: User;
  sessionToken: string | null;
  expiresAt: Date;
}

const AuthPayloadRef = builder.objectRef<AuthPayload>("AuthPayload").implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (payload) => payload.user }),
    sessionToken: t.exposeString("sessionToken", {
      nullable: true,
      description: "The bearer token when `session: BEARER` was asked for; shown only here.",
    }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
  }),
});

const SignUpInput = builder.inputType("SignUpInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true, description: "At least 10 characters." }),
    name: t.string({ required: false }),
    session: t.field({ type: SessionTransport, required: true, defaultValue: "COOKIE" }),
  }),
});

const LogInInput = builder.inputType("LogInInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
    session: t.field({ type: SessionTransport, required: true, defaultValue: "COOKIE" }),
  }),
});

async function startSession(ctx: RequestContext, user: User, transport: "COOKIE" | "BEARER"): Promise<AuthPayload> {
  if (transport === "COOKIE" && !ctx.cookies) {
    throw badUserInput(
      "Cookies cannot be set over a WebSocket; log in over HTTP, or ask for `session: BEARER`.",
      "session",
    );
  }
  const session = await createSession(ctx.prisma, user.id);
  if (transport === "COOKIE") {
    ctx.cookies!.set(sessionCookie(session.token, session.expiresAt, { secure: ctx.config.secureCookies }));
    return { user, sessionToken: null, expiresAt: session.expiresAt };
  }
  return { user, sessionToken: session.token, expiresAt: session.expiresAt };
}

builder.queryField("viewer", (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: "The signed-in user, or null when the request carries no valid credential.",
    resolve: (_root, _args, ctx) =>
      ctx.viewer ? ctx.prisma.user.findUnique({ where: { id: ctx.viewer.userId } }) : null,
  }),
);

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

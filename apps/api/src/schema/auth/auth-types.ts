// Inputs and payloads of sign-up and log-in, and how a session is handed
// out (cookie for browsers, bearer token for scripts).

import type { User } from "@headstart/db";
import { badUserInput, createSession } from "@headstart/domain";
import { sessionCookie } from "../../auth/cookies.ts";
import type { RequestContext } from "../../context.ts";
import { builder } from "../builder.ts";
import { UserRef } from "./user-type.ts";

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

export const AuthPayloadRef = builder.objectRef<AuthPayload>("AuthPayload").implement({
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (payload) => payload.user }),
    sessionToken: t.exposeString("sessionToken", {
      nullable: true,
      description: "The bearer token when `session: BEARER` was asked for; shown only here.",
    }),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
  }),
});

export const SignUpInput = builder.inputType("SignUpInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true, description: "At least 10 characters." }),
    name: t.string({ required: false }),
    session: t.field({ type: SessionTransport, required: true, defaultValue: "COOKIE" }),
  }),
});

export const LogInInput = builder.inputType("LogInInput", {
  fields: (t) => ({
    email: t.string({ required: true }),
    password: t.string({ required: true }),
    session: t.field({ type: SessionTransport, required: true, defaultValue: "COOKIE" }),
  }),
});

export async function startSession(
  ctx: RequestContext,
  user: User,
  transport: "COOKIE" | "BEARER",
): Promise<AuthPayload> {
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

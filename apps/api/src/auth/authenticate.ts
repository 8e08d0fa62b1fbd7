// Resolves the caller from a bearer token or the session cookie. Both HTTP
// and graphql-ws go through here so a credential means the same everywhere.
import type { PrismaClient } from "@headstart/db";
import { hashSecret, secretKind } from "@headstart/domain";
import { sessionTokenFromCookieHeader } from "./cookies.ts";

export interface Viewer {
  userId: string;
  email: string;
  name: string | null;
  /** How the caller proved who they are; logOut ends only a session. */
  credential: { kind: "session" | "apiToken"; id: string };
}

export interface Authentication {
  viewer: Viewer | null;
  /**
   * Why a presented credential was not accepted. Kept instead of failing the
   * request, so public fields still answer and protected ones can say what
   * went wrong with the credential.
   */
  problem: string | null;
}

export interface CredentialSources {
  /** The Authorization header (HTTP) or `authorization` connection param (graphql-ws). */
  authorization?: string | null;
  cookieHeader?: string | null;
}

const ANONYMOUS: Authentication = { viewer: null, problem: null };
// Writing lastUsedAt on every request would turn reads into writes; minute
// resolution is plenty for "is this token still in use?".
const LAST_USED_RESOLUTION_MS = 60_000;

export async function authenticate(
  prisma: PrismaClient,
  sources: CredentialSources,
  now = new Date(),
): Promise<Authentication> {
  const authorization = sources.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) {
      return { viewer: null, problem: 'The Authorization header must read "Bearer <token>".' };
    }
    return authenticateSecret(prisma, match[1], now);
  }
  const cookieToken = sessionTokenFromCookieHeader(sources.cookieHeader ?? undefined);
  if (cookieToken) {
    const result = await authenticateSecret(prisma, cookieToken, now);
    // A stale cookie is ordinary (the session expired); the browser is then
    // simply signed out rather than shown an error.
    return result.viewer ? result : ANONYMOUS;
  }
  return ANONYMOUS;
}

async function authenticateSecret(prisma: PrismaClient, secret: string, now: Date): Promise<Authentication> {
  const kind = secretKind(secret);
  const tokenHash = hashSecret(secret);
  if (kind === "session") {
    const session = await prisma.session.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!session || session.expiresAt <= now) {
      return { viewer: null, problem: "Your session has expired or was logged out; log in again." };
    }
    const { user } = session;
    return {
      viewer: { userId: user.id, email: user.email, name: user.name, credential: { kind: "session", id: session.id } },
      problem: null,
    };
  }
  if (kind === "apiToken") {
    const token = await prisma.apiToken.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!token || token.revokedAt) {
      return { viewer: null, problem: "This API token was revoked or never existed; create a new one." };
    }
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
    }
    const { user } = token;
    return {
      viewer: { userId: user.id, email: user.email, name: user.name, credential: { kind: "apiToken", id: token.id } },
      problem: null,
    };
  }
  return { viewer: null, problem: "That bearer token is not a Headstart session or API token." };
}

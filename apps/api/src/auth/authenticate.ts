// Resolves the caller from a bearer token or the session cookie. Both HTTP
// and graphql-ws go through here so a credential means the same everywhere.
import type { PrismaClient } from "@headstart/db";
import { hashSecret, secretKind } from "@headstart/domain";
import { sessionTokenFromCookieHeader } from "./cookies.ts";
import type { CachedCredential, CredentialCache } from "./credential-cache.ts";

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

export interface AuthenticationDeps {
  prisma: PrismaClient;
  /** Who each secret belongs to, cached with revocation honoured at once (credential-cache.ts). */
  cache?: CredentialCache;
}

export async function authenticate(
  deps: AuthenticationDeps,
  sources: CredentialSources,
  now = new Date(),
): Promise<Authentication> {
  const authorization = sources.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) {
      return { viewer: null, problem: 'The Authorization header must read "Bearer <token>".' };
    }
    return authenticateSecret(deps, match[1], now);
  }
  const cookieToken = sessionTokenFromCookieHeader(sources.cookieHeader ?? undefined);
  if (cookieToken) {
    const result = await authenticateSecret(deps, cookieToken, now);
    // A stale cookie is ordinary (the session expired); the browser is then
    // simply signed out rather than shown an error.
    return result.viewer ? result : ANONYMOUS;
  }
  return ANONYMOUS;
}

const SESSION_ENDED = "Your session has expired or was logged out; log in again.";
const TOKEN_REVOKED = "This API token was revoked or never existed; create a new one.";
const USER_SELECT = { select: { id: true, email: true, name: true } } as const;

async function authenticateSecret(
  { prisma, cache }: AuthenticationDeps,
  secret: string,
  now: Date,
): Promise<Authentication> {
  const kind = secretKind(secret);
  if (!kind) return { viewer: null, problem: "That bearer token is not a Headstart session or API token." };
  const tokenHash = hashSecret(secret);
  const cached = cache?.credential(tokenHash);
  if (cached) {
    if (cached.expiresAt && cached.expiresAt <= now) return { viewer: null, problem: SESSION_ENDED };
    if (cached.viewer.credential.kind === "apiToken") await touchApiToken(prisma, cached, now);
    return { viewer: cached.viewer, problem: null };
  }
  // Taken before the read, so an eviction racing it keeps the answer out of the cache.
  const generation = cache?.currentGeneration() ?? 0;
  if (kind === "session") {
    const session = await prisma.session.findUnique({
      where: { tokenHash },
      select: { id: true, expiresAt: true, user: USER_SELECT },
    });
    if (!session || session.expiresAt <= now) return { viewer: null, problem: SESSION_ENDED };
    const { user } = session;
    const viewer: Viewer = {
      userId: user.id,
      email: user.email,
      name: user.name,
      credential: { kind: "session", id: session.id },
    };
    cache?.storeCredential(tokenHash, { viewer, expiresAt: session.expiresAt, lastUsedAt: null }, generation);
    return { viewer, problem: null };
  }
  const token = await prisma.apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, revokedAt: true, lastUsedAt: true, user: USER_SELECT },
  });
  if (!token || token.revokedAt) return { viewer: null, problem: TOKEN_REVOKED };
  const { user } = token;
  const viewer: Viewer = {
    userId: user.id,
    email: user.email,
    name: user.name,
    credential: { kind: "apiToken", id: token.id },
  };
  const entry: CachedCredential = { viewer, expiresAt: null, lastUsedAt: token.lastUsedAt };
  await touchApiToken(prisma, entry, now);
  cache?.storeCredential(tokenHash, entry, generation);
  return { viewer, problem: null };
}

/** Records the token's use at minute resolution; `entry.lastUsedAt` remembers the last write. */
async function touchApiToken(prisma: PrismaClient, entry: CachedCredential, now: Date): Promise<void> {
  if (entry.lastUsedAt && now.getTime() - entry.lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS) return;
  // Set first, so concurrent requests with the same token write once, not once each.
  entry.lastUsedAt = now;
  await prisma.apiToken.updateMany({ where: { id: entry.viewer.credential.id }, data: { lastUsedAt: now } });
}

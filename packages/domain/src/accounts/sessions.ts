// Sessions back both the browser cookie and bearer logins from scripts; the
// row holds only the SHA-256 of the token.
import type { PrismaClient } from "@headstart/db";
import { hashSecret, newSecret, SESSION_TOKEN_PREFIX } from "./secrets.ts";

export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export interface IssuedSession {
  id: string;
  token: string;
  expiresAt: Date;
}

export async function createSession(prisma: PrismaClient, userId: string, now = new Date()): Promise<IssuedSession> {
  const token = newSecret(SESSION_TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  const session = await prisma.session.create({ data: { userId, tokenHash: hashSecret(token), expiresAt } });
  return { id: session.id, token, expiresAt };
}

export async function deleteSession(prisma: PrismaClient, sessionId: string): Promise<void> {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

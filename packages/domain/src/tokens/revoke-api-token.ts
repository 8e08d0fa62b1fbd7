// Revoking a personal API token; only its owner can, and revoking twice is harmless.
import type { ApiToken, PrismaClient } from "@headstart/db";
import { notFound } from "../errors/error-helpers.ts";
import { requireUuid } from "../errors/ids.ts";

/** Revoking twice is harmless and keeps the first revocation time. */
export async function revokeApiToken(prisma: PrismaClient, userId: string, tokenId: string): Promise<ApiToken> {
  const id = requireUuid(tokenId, "API token");
  const existing = await prisma.apiToken.findFirst({ where: { id, userId } });
  if (!existing) throw notFound("API token", tokenId);
  if (existing.revokedAt) return existing;
  return prisma.apiToken.update({ where: { id: existing.id }, data: { revokedAt: new Date() } });
}

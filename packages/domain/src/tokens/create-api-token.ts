// Personal API tokens: the secret is returned once at creation and stored only
// as a hash; the visible prefix lets a person tell their tokens apart.
import type { ApiToken, PrismaClient } from "@headstart/db";
import { API_TOKEN_PREFIX, hashSecret, newSecret, visiblePrefix } from "../accounts/secrets.ts";
import { badUserInput } from "../errors/error-helpers.ts";

const MAX_TOKEN_NAME_LENGTH = 100;

export interface IssuedApiToken {
  /** The secret itself: shown once, never retrievable again. */
  token: string;
  apiToken: ApiToken;
}

export async function createApiToken(prisma: PrismaClient, userId: string, rawName: string): Promise<IssuedApiToken> {
  const name = rawName.trim();
  if (name.length === 0 || name.length > MAX_TOKEN_NAME_LENGTH) {
    throw badUserInput(
      `Give the token a name of 1 to ${MAX_TOKEN_NAME_LENGTH} characters that says where it is used (e.g. "laptop import script").`,
      "name",
    );
  }
  const token = newSecret(API_TOKEN_PREFIX);
  const apiToken = await prisma.apiToken.create({
    data: { userId, name, tokenHash: hashSecret(token), prefix: visiblePrefix(token) },
  });
  return { token, apiToken };
}

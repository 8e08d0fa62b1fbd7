// Bearer secrets (session tokens and personal API tokens). Only their SHA-256
// is stored: the secrets are 256 random bits, so a fast hash is enough and
// lets a request be authenticated with one indexed lookup.
import { createHash, randomBytes } from "node:crypto";

export const SESSION_TOKEN_PREFIX = "hs_sess_";
export const API_TOKEN_PREFIX = "hs_pat_";
/** Characters of an API token kept in clear so people can tell tokens apart. */
const VISIBLE_PREFIX_LENGTH = API_TOKEN_PREFIX.length + 6;

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function visiblePrefix(token: string): string {
  return token.slice(0, VISIBLE_PREFIX_LENGTH);
}

export type SecretKind = "session" | "apiToken";

export function secretKind(secret: string): SecretKind | null {
  if (secret.startsWith(SESSION_TOKEN_PREFIX)) return "session";
  if (secret.startsWith(API_TOKEN_PREFIX)) return "apiToken";
  return null;
}

// Password hashing with scrypt from node:crypto. The cost parameters are
// stored in each hash, so raising the cost later keeps old hashes verifiable.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

const KEY_LENGTH = 64;
const SALT_LENGTH = 16;
/** OWASP's scrypt recommendation (N=2^17, r=8, p=1): ~128 MiB and a few hundred ms per hash. */
export const DEFAULT_SCRYPT_COST = 2 ** 17;
/** Below this a hash is cheap to brute-force; only tests go this low. */
export const MIN_SCRYPT_COST = 2 ** 10;
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function optionsFor(cost: number, blockSize: number, parallelization: number): ScryptOptions {
  // Node refuses by default above 32 MiB; allow what these parameters need.
  return { N: cost, r: blockSize, p: parallelization, maxmem: 256 * cost * blockSize + 1024 * 1024 };
}

/** Returns `scrypt$N$r$p$salt$key` (base64 fields). */
export async function hashPassword(password: string, cost = DEFAULT_SCRYPT_COST): Promise<string> {
  if (!Number.isInteger(Math.log2(cost)) || cost < MIN_SCRYPT_COST) {
    throw new Error(`scrypt cost must be a power of two of at least ${MIN_SCRYPT_COST}; got ${cost}.`);
  }
  const salt = randomBytes(SALT_LENGTH);
  const key = await scryptAsync(password, salt, optionsFor(cost, 8, 1));
  return ["scrypt", cost, 8, 1, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, salt, key] = parts;
  const expected = Buffer.from(key, "base64");
  const actual = await scryptAsync(password, Buffer.from(salt, "base64"), optionsFor(Number(n), Number(r), Number(p)));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified against when the email is unknown so
 * that "no such account" takes as long as "wrong password" and timing does not
 * reveal which emails have accounts.
 */
export function createDecoyHash(cost: number): Promise<string> {
  return hashPassword(randomBytes(24).toString("base64"), cost);
}

/** Returns a message a person can act on, or null when the password is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Choose a password of at most ${MAX_PASSWORD_LENGTH} characters.`;
  }
  return null;
}

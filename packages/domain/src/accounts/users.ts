// Account creation and password login, shared by the GraphQL mutations and
// the CLI (`user create`), so both apply the same rules.
import type { PrismaClient, User } from "@headstart/db";
import { badUserInput, conflict, unauthenticated } from "../errors/error-helpers.ts";
import { createDecoyHash, hashPassword, passwordProblem, verifyPassword } from "./password.ts";

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 100;

export interface PasswordPolicy {
  /** scrypt N for new hashes; see password.ts. */
  scryptCost: number;
}

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) {
    throw badUserInput(`"${raw.slice(0, 80)}" is not an email address; enter one like ada@example.com.`, "email");
  }
  return email;
}

function normalizeName(raw: string | null | undefined): string | null {
  const name = raw?.trim() ?? "";
  if (name.length > MAX_NAME_LENGTH) {
    throw badUserInput(`Shorten the name to at most ${MAX_NAME_LENGTH} characters.`, "name");
  }
  return name.length > 0 ? name : null;
}

export interface NewUser {
  email: string;
  password: string;
  name?: string | null;
}

export async function createUser(prisma: PrismaClient, input: NewUser, policy: PasswordPolicy): Promise<User> {
  const email = normalizeEmail(input.email);
  const name = normalizeName(input.name);
  const problem = passwordProblem(input.password);
  if (problem) throw badUserInput(problem, "password");
  const passwordHash = await hashPassword(input.password, policy.scryptCost);
  try {
    return await prisma.user.create({ data: { email, name, passwordHash } });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`An account for ${email} already exists; log in instead, or use another email.`, "email");
    }
    throw error;
  }
}

// One decoy hash per cost, made lazily: hashing at the default cost takes a
// few hundred ms, which a server should not pay at start-up.
const decoys = new Map<number, Promise<string>>();

export async function verifyLogin(
  prisma: PrismaClient,
  rawEmail: string,
  password: string,
  policy: PasswordPolicy,
): Promise<User> {
  const failure = unauthenticated("That email and password do not match an account. Check both, or sign up.");
  let email: string;
  try {
    email = normalizeEmail(rawEmail);
  } catch {
    throw failure;
  }
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    if (!decoys.has(policy.scryptCost)) decoys.set(policy.scryptCost, createDecoyHash(policy.scryptCost));
    await verifyPassword(password, await decoys.get(policy.scryptCost)!);
    throw failure;
  }
  if (!(await verifyPassword(password, user.passwordHash))) throw failure;
  return user;
}

/** Prisma's unique-constraint violation, without importing its runtime classes. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

// Password login: the same answer, after the same work, for an unknown email
// and a wrong password, so neither timing nor wording reveals accounts.
import type { PrismaClient, User } from "@headstart/db";
import { unauthenticated } from "../errors/error-helpers.ts";
import type { PasswordPolicy } from "./create-user.ts";
import { normalizeEmail } from "./email.ts";
import { createDecoyHash, verifyPassword } from "./password.ts";

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

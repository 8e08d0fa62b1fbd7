// Account creation, shared by the signUp mutation and the CLI (`user create`),
// so both apply the same rules.
import type { PrismaClient, User } from "@headstart/db";
import { badUserInput, conflict } from "../errors/error-helpers.ts";
import { isUniqueViolation } from "../errors/unique-violation.ts";
import { normalizeEmail } from "./email.ts";
import { hashPassword, passwordProblem } from "./password.ts";

const MAX_NAME_LENGTH = 100;

export interface PasswordPolicy {
  /** scrypt N for new hashes; see password.ts. */
  scryptCost: number;
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

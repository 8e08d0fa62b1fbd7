// `user create`, `team create`, `token create`: what a person needs before
// the web app is usable (the first account, with no default password ever).

import type { PrismaClient } from "@headstart/db";
import { createApiToken, createTeam, createUser, DEFAULT_SCRYPT_COST, normalizeEmail } from "@headstart/domain";
import { type FlagSpec, optionalFlag, type ParsedArgs, requiredFlag } from "../args.ts";

export interface CommandIO {
  out(line: string): void;
  /** Where the new password comes from (prompt or stdin). */
  readPassword(): Promise<string>;
}

export const USER_CREATE_USAGE = "user create --email EMAIL [--name NAME] [--password-stdin]";
export const TEAM_CREATE_USAGE = "team create --name NAME [--slug SLUG] --owner EMAIL";
export const TOKEN_CREATE_USAGE = "token create --email EMAIL --name TOKEN_NAME";

export const USER_CREATE_FLAGS: FlagSpec = { values: ["email", "name"], switches: ["password-stdin"] };
export const TEAM_CREATE_FLAGS: FlagSpec = { values: ["name", "slug", "owner"] };
export const TOKEN_CREATE_FLAGS: FlagSpec = { values: ["email", "name"] };

async function userByEmail(prisma: PrismaClient, raw: string) {
  const email = normalizeEmail(raw);
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) throw new Error(`No account uses ${email}; create it first with \`npm run cli -- ${USER_CREATE_USAGE}\`.`);
  return user;
}

export async function userCreate(
  prisma: PrismaClient,
  args: ParsedArgs,
  io: CommandIO,
  scryptCost = DEFAULT_SCRYPT_COST,
) {
  const email = requiredFlag(args, "email", USER_CREATE_USAGE);
  const password = await io.readPassword();
  const user = await createUser(prisma, { email, password, name: optionalFlag(args, "name") }, { scryptCost });
  io.out(
    `Created user ${user.email} (id ${user.id}). Log in on the web app, or create a team with \`npm run cli -- ${TEAM_CREATE_USAGE}\`.`,
  );
  return user;
}

export async function teamCreate(prisma: PrismaClient, args: ParsedArgs, io: CommandIO) {
  const name = requiredFlag(args, "name", TEAM_CREATE_USAGE);
  const owner = await userByEmail(prisma, requiredFlag(args, "owner", TEAM_CREATE_USAGE));
  const team = await createTeam(prisma, owner.id, { name, slug: optionalFlag(args, "slug") });
  io.out(`Created team "${team.name}" (slug ${team.slug}, id ${team.id}) with ${owner.email} as OWNER.`);
  return team;
}

export async function tokenCreate(prisma: PrismaClient, args: ParsedArgs, io: CommandIO) {
  const user = await userByEmail(prisma, requiredFlag(args, "email", TOKEN_CREATE_USAGE));
  const issued = await createApiToken(prisma, user.id, requiredFlag(args, "name", TOKEN_CREATE_USAGE));
  io.out(`Created API token "${issued.apiToken.name}" for ${user.email}. It is shown only now; store it:`);
  io.out(issued.token);
  return issued;
}

// Creating a team, with its creator as OWNER; the slug is derived from the
// name unless given.
import type { PrismaClient, Team } from "@headstart/db";
import { badUserInput, conflict } from "../errors/error-helpers.ts";
import { isUniqueViolation } from "../errors/unique-violation.ts";

const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const MAX_TEAM_NAME_LENGTH = 100;

export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

export interface NewTeam {
  name: string;
  /** Derived from the name when absent. */
  slug?: string | null;
}

export async function createTeam(prisma: PrismaClient, ownerUserId: string, input: NewTeam): Promise<Team> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > MAX_TEAM_NAME_LENGTH) {
    throw badUserInput(`Give the team a name of 1 to ${MAX_TEAM_NAME_LENGTH} characters.`, "name");
  }
  const slug = input.slug?.trim() || slugFromName(name);
  if (!SLUG_PATTERN.test(slug)) {
    throw badUserInput(
      `"${slug.slice(0, 60)}" cannot be a team slug: use 1 to 40 lowercase letters, digits and inner hyphens (e.g. "vision-lab").`,
      "slug",
    );
  }
  try {
    return await prisma.team.create({
      data: { name, slug, memberships: { create: { userId: ownerUserId, role: "OWNER" } } },
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict(`The team slug "${slug}" is taken; choose another slug.`, "slug");
    }
    throw error;
  }
}

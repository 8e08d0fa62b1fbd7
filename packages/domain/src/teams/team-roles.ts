// Team roles and the checks every team-owned object goes through. Outsiders
// get NOT_FOUND, so they cannot even learn that a team or object exists.
import type { Role } from "@headstart/db";
import type { Caller, CallerIdentity } from "../accounts/caller.ts";
import type { AppError } from "../errors/app-error.ts";
import { forbidden, notFound, unauthenticated } from "../errors/error-helpers.ts";
import { isUuid } from "../errors/ids.ts";

export const ROLES: readonly Role[] = ["OWNER", "ADMIN", "EDITOR", "VIEWER"];

const RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3, OWNER: 4 };

/** What each role may do, for messages. */
const ABILITY: Record<Role, string> = {
  VIEWER: "read the team's datasets and runs",
  EDITOR: "change datasets and start runs",
  ADMIN: "manage members",
  OWNER: "manage owners",
};

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

export function requireViewer<Identity extends CallerIdentity>(
  ctx: Pick<Caller<Identity>, "viewer" | "authProblem">,
): Identity {
  if (!ctx.viewer) throw ctx.authProblem ? unauthenticated(ctx.authProblem) : unauthenticated();
  return ctx.viewer;
}

/** The caller's role in the team, or null when not a member (cached per request). */
export function teamRoleOf(ctx: Caller, teamId: string): Promise<Role | null> {
  const viewer = ctx.viewer;
  if (!viewer || !isUuid(teamId)) return Promise.resolve(null);
  const key = teamId.toLowerCase();
  let role = ctx.teamRoles.get(key);
  if (!role) {
    role = ctx.loadTeamRole
      ? ctx.loadTeamRole(key)
      : ctx.prisma.membership
          .findUnique({ where: { teamId_userId: { teamId: key, userId: viewer.userId } }, select: { role: true } })
          .then((membership) => membership?.role ?? null);
    ctx.teamRoles.set(key, role);
  }
  return role;
}

export interface RequireTeamRoleOptions {
  /**
   * The error for outsiders. Defaults to "no team"; modules checking access
   * to an object pass that object's not-found error, so outsiders cannot tell
   * a foreign object from a missing one.
   */
  notFound?: () => AppError;
}

/**
 * Returns the caller's role when it is at least `minimum`. Throws
 * UNAUTHENTICATED for anonymous callers, NOT_FOUND for non-members, and
 * FORBIDDEN for members whose role is too low.
 */
export async function requireTeamRole(
  ctx: Caller,
  teamId: string,
  minimum: Role,
  options: RequireTeamRoleOptions = {},
): Promise<Role> {
  requireViewer(ctx);
  const role = await teamRoleOf(ctx, teamId);
  if (!role) throw options.notFound ? options.notFound() : notFound("team", teamId);
  if (!roleAtLeast(role, minimum)) {
    throw forbidden(
      `You are ${article(role)} ${role} in this team; it takes ${article(minimum)} ${minimum} or higher to ${ABILITY[minimum]}. Ask a team OWNER or ADMIN to change your role.`,
    );
  }
  return role;
}

function article(role: Role): string {
  return role === "OWNER" || role === "ADMIN" || role === "EDITOR" ? "an" : "a";
}

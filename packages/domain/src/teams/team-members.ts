// Team membership rules, shared by the GraphQL mutations and the CLI:
// OWNER/ADMIN manage members; only an OWNER creates, changes or removes an
// OWNER; a team always keeps at least one OWNER. Membership changes lock the
// team row, so two owners demoting each other at once cannot leave none.
import type { Membership, PrismaClient, Role, User } from "@headstart/db";
import { normalizeEmail } from "../accounts/email.ts";
import { AppError, AppErrorCode } from "../errors/app-error.ts";
import { conflict, forbidden, notFound } from "../errors/error-helpers.ts";
import { requireUuid } from "../errors/ids.ts";
import { roleAtLeast } from "./team-roles.ts";

type Transaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export type MembershipWithUser = Membership & { user: User };

/** Locks the team row and returns the actor's membership; outsiders get NOT_FOUND. */
async function lockTeamAs(tx: Transaction, teamId: string, actorUserId: string): Promise<Membership> {
  await tx.$queryRaw`SELECT id FROM "Team" WHERE id = ${teamId}::uuid FOR UPDATE`;
  const actor = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId: actorUserId } } });
  if (!actor) throw notFound("team", teamId);
  return actor;
}

function requireManager(actor: Membership): void {
  if (!roleAtLeast(actor.role, "ADMIN")) {
    throw forbidden(`Only a team OWNER or ADMIN can manage members; you are ${actor.role}.`);
  }
}

function requireOwnerFor(actor: Membership, what: string): void {
  if (actor.role !== "OWNER") {
    throw forbidden(`Only an OWNER can ${what}; you are ${actor.role}. Ask an OWNER of the team.`);
  }
}

async function requireAnotherOwner(tx: Transaction, teamId: string, leavingUserId: string): Promise<void> {
  const others = await tx.membership.count({ where: { teamId, role: "OWNER", userId: { not: leavingUserId } } });
  if (others === 0) {
    throw conflict("A team must keep at least one OWNER: make another member OWNER first.");
  }
}

async function findTarget(tx: Transaction, teamId: string, userId: string): Promise<Membership> {
  const target = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId } } });
  if (!target) throw notFound("team member", userId);
  return target;
}

export async function addTeamMember(
  prisma: PrismaClient,
  actorUserId: string,
  input: { teamId: string; email: string; role: Role },
): Promise<MembershipWithUser> {
  const teamId = requireUuid(input.teamId, "team");
  const email = normalizeEmail(input.email);
  return prisma.$transaction(async (tx) => {
    const actor = await lockTeamAs(tx, teamId, actorUserId);
    requireManager(actor);
    if (input.role === "OWNER") requireOwnerFor(actor, "add an OWNER");
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) {
      throw new AppError(
        AppErrorCode.NOT_FOUND,
        `No account uses ${email}. Ask them to sign up first (or run \`npm run cli -- user create\`), then add them.`,
        { field: "email" },
      );
    }
    const existing = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId: user.id } } });
    if (existing) {
      throw conflict(`${email} is already a member (${existing.role}); change their role instead.`, "email");
    }
    return tx.membership.create({ data: { teamId, userId: user.id, role: input.role }, include: { user: true } });
  });
}

export async function changeTeamMemberRole(
  prisma: PrismaClient,
  actorUserId: string,
  input: { teamId: string; userId: string; role: Role },
): Promise<MembershipWithUser> {
  const teamId = requireUuid(input.teamId, "team");
  const userId = requireUuid(input.userId, "team member");
  return prisma.$transaction(async (tx) => {
    const actor = await lockTeamAs(tx, teamId, actorUserId);
    requireManager(actor);
    const target = await findTarget(tx, teamId, userId);
    if (target.role === "OWNER" || input.role === "OWNER") requireOwnerFor(actor, "make or unmake an OWNER");
    if (target.role === "OWNER" && input.role !== "OWNER") await requireAnotherOwner(tx, teamId, userId);
    return tx.membership.update({ where: { id: target.id }, data: { role: input.role }, include: { user: true } });
  });
}

/** Removes a member; any member may remove themselves (leave the team). */
export async function removeTeamMember(
  prisma: PrismaClient,
  actorUserId: string,
  input: { teamId: string; userId: string },
): Promise<Membership> {
  const teamId = requireUuid(input.teamId, "team");
  const userId = requireUuid(input.userId, "team member");
  return prisma.$transaction(async (tx) => {
    const actor = await lockTeamAs(tx, teamId, actorUserId);
    const leaving = actor.userId === userId;
    if (!leaving) requireManager(actor);
    const target = leaving ? actor : await findTarget(tx, teamId, userId);
    if (!leaving && target.role === "OWNER") requireOwnerFor(actor, "remove an OWNER");
    if (target.role === "OWNER") await requireAnotherOwner(tx, teamId, userId);
    return tx.membership.delete({ where: { id: target.id } });
  });
}

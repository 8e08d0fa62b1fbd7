// Who is asking, as every access-checked service sees it. A front end builds
// one per request (the API from its cookie or bearer token, the CLI for the
// account it acts as); services only read it, so no transport leaks in.
import type { PrismaClient, Role } from "@headstart/db";

export interface CallerIdentity {
  userId: string;
}

export interface Caller<Identity extends CallerIdentity = CallerIdentity> {
  prisma: PrismaClient;
  /** Null for an anonymous caller. */
  viewer: Identity | null;
  /** Why a presented credential was rejected, for the UNAUTHENTICATED message. */
  authProblem: string | null;
  /** The caller's role per team id, loaded at most once per caller (null: not a member). */
  teamRoles: Map<string, Promise<Role | null>>;
  /**
   * Where a role not yet in `teamRoles` comes from (lowercase team id). A front
   * end that caches roles across requests passes its cache here; without it
   * the membership table is read.
   */
  loadTeamRole?: (teamId: string) => Promise<Role | null>;
}

/** A caller acting as one known account (the CLI after it picked the user). */
export function callerFor(prisma: PrismaClient, userId: string): Caller {
  return { prisma, viewer: { userId }, authProblem: null, teamRoles: new Map() };
}

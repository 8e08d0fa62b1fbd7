// Teams, members and roles. Everything a team owns is read through
// requireTeamRole / teamRoleOf, so outsiders see NOT_FOUND.
import type { Team } from "@headstart/db";
import { requireTeamRole, requireViewer } from "../../auth/roles.ts";
import {
  addTeamMember,
  changeTeamMemberRole,
  createTeam,
  type MembershipWithUser,
  removeTeamMember,
} from "../../auth/teams.ts";
import { notFound, requireUuid } from "../../errors/index.ts";
import { UserRef } from "../auth/user.ts";
import { builder } from "../builder.ts";
import { connectionComplexity, resolveKeysetConnection } from "../pagination.ts";

export const RoleEnum = builder.enumType("Role", {
  description: "A member's role in a team; each includes the ones below it.",
  values: {
    OWNER: { description: "Everything, including making and removing OWNERs." },
    ADMIN: { description: "Manages members (except OWNERs), plus everything an EDITOR does." },
    EDITOR: { description: "Changes datasets and starts runs, plus everything a VIEWER does." },
    VIEWER: { description: "Reads the team's datasets, runs and reviews." },
  } as const,
});

export const TeamMemberRef = builder.objectRef<MembershipWithUser>("TeamMember").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    role: t.field({ type: RoleEnum, resolve: (member) => member.role }),
    user: t.field({ type: UserRef, resolve: (member) => member.user }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the member joined." }),
  }),
});

export const TeamRef = builder.objectRef<Team>("Team").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    slug: t.exposeString("slug"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    viewerRole: t.field({
      type: RoleEnum,
      description: "The caller's role in this team.",
      resolve: async (team, _args, ctx) => requireTeamRole(ctx, team.id, "VIEWER"),
    }),
    members: t.connection(
      {
        type: TeamMemberRef,
        description: "Members in the order they joined.",
        complexity: connectionComplexity,
        resolve: async (team, args, ctx) => {
          await requireTeamRole(ctx, team.id, "VIEWER");
          return resolveKeysetConnection(args, (page) =>
            ctx.prisma.membership.findMany({
              where: { teamId: team.id, ...page.where },
              orderBy: page.orderBy,
              take: page.take,
              include: { user: true },
            }),
          );
        },
      },
      { name: "TeamMemberConnection" },
      { name: "TeamMemberEdge" },
    ),
  }),
});

builder.queryFields((t) => ({
  teams: t.connection(
    {
      type: TeamRef,
      description: "The teams the caller belongs to, oldest first.",
      authScopes: { authenticated: true },
      complexity: connectionComplexity,
      resolve: (_root, args, ctx) => {
        const viewer = requireViewer(ctx);
        return resolveKeysetConnection(args, (page) =>
          ctx.prisma.team.findMany({
            where: { memberships: { some: { userId: viewer.userId } }, ...page.where },
            orderBy: page.orderBy,
            take: page.take,
          }),
        );
      },
    },
    { name: "TeamConnection" },
    { name: "TeamEdge" },
  ),
  team: t.field({
    type: TeamRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await requireTeamRole(ctx, id, "VIEWER");
      const team = await ctx.prisma.team.findUnique({ where: { id: requireUuid(id, "team") } });
      if (!team) throw notFound("team", id);
      return team;
    },
  }),
}));

const CreateTeamInput = builder.inputType("CreateTeamInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({
      required: false,
      description: "Lowercase letters, digits and hyphens; derived from the name when absent.",
    }),
  }),
});

const AddTeamMemberInput = builder.inputType("AddTeamMemberInput", {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    email: t.string({ required: true, description: "The email of an existing account." }),
    role: t.field({ type: RoleEnum, required: true }),
  }),
});

const ChangeTeamMemberRoleInput = builder.inputType("ChangeTeamMemberRoleInput", {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    userId: t.id({ required: true }),
    role: t.field({ type: RoleEnum, required: true }),
  }),
});

const RemoveTeamMemberInput = builder.inputType("RemoveTeamMemberInput", {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    userId: t.id({ required: true, description: "Your own id to leave the team." }),
  }),
});

interface RemovedMember {
  teamId: string;
  userId: string;
}

const RemoveTeamMemberPayload = builder.objectRef<RemovedMember>("RemoveTeamMemberPayload").implement({
  fields: (t) => ({
    teamId: t.exposeID("teamId"),
    userId: t.exposeID("userId"),
  }),
});

builder.mutationFields((t) => ({
  createTeam: t.field({
    type: TeamRef,
    description: "Create a team; the caller becomes its OWNER.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateTeamInput, required: true }) },
    resolve: (_root, { input }, ctx) => createTeam(ctx.prisma, requireViewer(ctx).userId, input),
  }),
  addTeamMember: t.field({
    type: TeamMemberRef,
    description: "Add an existing account to the team. Needs ADMIN (OWNER to add an OWNER).",
    authScopes: (_root, { input }) => ({ teamRole: { teamId: input.teamId, role: "ADMIN" } }),
    args: { input: t.arg({ type: AddTeamMemberInput, required: true }) },
    resolve: (_root, { input }, ctx) => addTeamMember(ctx.prisma, requireViewer(ctx).userId, input),
  }),
  changeTeamMemberRole: t.field({
    type: TeamMemberRef,
    description: "Needs ADMIN (OWNER when an OWNER is involved). The last OWNER cannot be demoted.",
    authScopes: (_root, { input }) => ({ teamRole: { teamId: input.teamId, role: "ADMIN" } }),
    args: { input: t.arg({ type: ChangeTeamMemberRoleInput, required: true }) },
    resolve: (_root, { input }, ctx) => changeTeamMemberRole(ctx.prisma, requireViewer(ctx).userId, input),
  }),
  removeTeamMember: t.field({
    type: RemoveTeamMemberPayload,
    description:
      "Remove a member (needs ADMIN; OWNER to remove an OWNER), or leave the team by passing your own id. The last OWNER cannot leave.",
    authScopes: (_root, { input }) => ({ teamRole: { teamId: input.teamId, role: "VIEWER" } }),
    args: { input: t.arg({ type: RemoveTeamMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const removed = await removeTeamMember(ctx.prisma, requireViewer(ctx).userId, input);
      ctx.teamRoles.delete(removed.teamId);
      return { teamId: removed.teamId, userId: removed.userId };
    },
  }),
}));

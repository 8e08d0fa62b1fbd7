// Teams, members and roles. Everything a team owns is read through
// requireTeamRole / teamRoleOf, so outsiders see NOT_FOUND.
import type { Team } from "@headstart/db";
import { type MembershipWithUser, requireTeamRole } from "@headstart/domain";
import { UserRef } from "../auth/user-type.ts";
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

export const CreateTeamInput = builder.inputType("CreateTeamInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    slug: t.string({
      required: false,
      description: "Lowercase letters, digits and hyphens; derived from the name when absent.",
    }),
  }),
});

export const AddTeamMemberInput = builder.inputType("AddTeamMemberInput", {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    email: t.string({ required: true, description: "The email of an existing account." }),
    role: t.field({ type: RoleEnum, required: true }),
  }),
});

export const ChangeTeamMemberRoleInput = builder.inputType("ChangeTeamMemberRoleInput", {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    userId: t.id({ required: true }),
    role: t.field({ type: RoleEnum, required: true }),
  }),
});

export const RemoveTeamMemberInput = builder.inputType("RemoveTeamMemberInput", {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    userId: t.id({ required: true, description: "Your own id to leave the team." }),
  }),
});

interface RemovedMember {
  teamId: string;
  userId: string;
}

export const RemoveTeamMemberPayload = builder.objectRef<RemovedMember>("RemoveTeamMemberPayload").implement({
  fields: (t) => ({
    teamId: t.exposeID("teamId"),
    userId: t.exposeID("userId"),
  }),
});

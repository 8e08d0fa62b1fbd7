// createTeam and the membership mutations (add, change role, remove); the
// rules are @headstart/domain's. Types and inputs: team-types.ts.
import { addTeamMember, changeTeamMemberRole, createTeam, removeTeamMember, requireViewer } from "@headstart/domain";
import { builder } from "../builder.ts";
import {
  AddTeamMemberInput,
  ChangeTeamMemberRoleInput,
  CreateTeamInput,
  RemoveTeamMemberInput,
  RemoveTeamMemberPayload,
  TeamMemberRef,
  TeamRef,
} from "./team-types.ts";

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
    resolve: async (_root, { input }, ctx) => {
      const member = await addTeamMember(ctx.prisma, requireViewer(ctx).userId, input);
      // A cached "not a member" must not outlive the addition.
      ctx.access.changed({ kind: "membership", teamId: member.teamId, userId: member.userId });
      return member;
    },
  }),
  changeTeamMemberRole: t.field({
    type: TeamMemberRef,
    description: "Needs ADMIN (OWNER when an OWNER is involved). The last OWNER cannot be demoted.",
    authScopes: (_root, { input }) => ({ teamRole: { teamId: input.teamId, role: "ADMIN" } }),
    args: { input: t.arg({ type: ChangeTeamMemberRoleInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const member = await changeTeamMemberRole(ctx.prisma, requireViewer(ctx).userId, input);
      ctx.access.changed({ kind: "membership", teamId: member.teamId, userId: member.userId });
      return member;
    },
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
      // Evicts the cached role and ends the member's live subscriptions to the team (auth/subscription-guards.ts).
      ctx.access.changed({ kind: "membership", teamId: removed.teamId, userId: removed.userId });
      return { teamId: removed.teamId, userId: removed.userId };
    },
  }),
}));

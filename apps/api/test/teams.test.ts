import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, createTeam, signUp, type TestAccount } from "./helpers/accounts.ts";
import { describeAuthorizationMatrix, rolesFrom, SIGNED_IN } from "./helpers/authorization-matrix.ts";
import { errorCode, type GraphQLClient } from "./helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "./helpers/team-world.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";

let api: TestApi;
let world: TeamWorld;
beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
});
afterAll(async () => {
  await api?.close();
});

const ADD = `mutation ($input: AddTeamMemberInput!) { addTeamMember(input: $input) { id role user { email } } }`;
const CHANGE = `mutation ($input: ChangeTeamMemberRoleInput!) { changeTeamMemberRole(input: $input) { role } }`;
const REMOVE = `mutation ($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) { userId } }`;

/** A fresh account that joined the world's team with `role`, added by its OWNER. */
async function freshMember(current: TeamWorld, role: "ADMIN" | "EDITOR" | "VIEWER" | "OWNER"): Promise<TestAccount> {
  const account = await signUp(current.api, `fresh-${role.toLowerCase()}`);
  await addMember(current.api, current.accounts.OWNER, current.teamId, account, role);
  return account;
}

describeAuthorizationMatrix("teams authorization", () => world, [
  {
    name: "team(id) read",
    allowed: rolesFrom("VIEWER"),
    run: (client, _state, current) =>
      client.request(`query ($id: ID!) { team(id: $id) { id name viewerRole members { edges { node { role } } } } }`, {
        id: current.teamId,
      }),
  },
  {
    name: "teams list",
    allowed: SIGNED_IN,
    run: (client) => client.request(`{ teams { edges { node { id } } } }`),
  },
  {
    name: "createTeam",
    allowed: SIGNED_IN,
    run: (client) =>
      client.request(
        `mutation { createTeam(input: { name: "Scratch ${Math.random().toString(36).slice(2)}" }) { id viewerRole } }`,
      ),
    verifyAllowed: (response) => expect(response.body.data?.createTeam.viewerRole).toBe("OWNER"),
  },
  {
    name: "addTeamMember as EDITOR",
    allowed: rolesFrom("ADMIN"),
    setup: (current) => signUp(current.api, "invitee"),
    run: (client, invitee: TestAccount, current) =>
      client.request(ADD, { input: { teamId: current.teamId, email: invitee.email, role: "EDITOR" } }),
  },
  {
    name: "addTeamMember as OWNER",
    allowed: ["OWNER"],
    setup: (current) => signUp(current.api, "owner-invitee"),
    run: (client, invitee: TestAccount, current) =>
      client.request(ADD, { input: { teamId: current.teamId, email: invitee.email, role: "OWNER" } }),
  },
  {
    name: "changeTeamMemberRole VIEWER -> EDITOR",
    allowed: rolesFrom("ADMIN"),
    setup: (current) => freshMember(current, "VIEWER"),
    run: (client, member: TestAccount, current) =>
      client.request(CHANGE, { input: { teamId: current.teamId, userId: member.userId, role: "EDITOR" } }),
  },
  {
    name: "changeTeamMemberRole of an OWNER",
    allowed: ["OWNER"],
    setup: (current) => freshMember(current, "OWNER"),
    run: (client, member: TestAccount, current) =>
      client.request(CHANGE, { input: { teamId: current.teamId, userId: member.userId, role: "ADMIN" } }),
  },
  {
    name: "removeTeamMember of an EDITOR",
    allowed: rolesFrom("ADMIN"),
    setup: (current) => freshMember(current, "EDITOR"),
    run: (client, member: TestAccount, current) =>
      client.request(REMOVE, { input: { teamId: current.teamId, userId: member.userId } }),
  },
  {
    name: "removeTeamMember of an OWNER",
    allowed: ["OWNER"],
    setup: (current) => freshMember(current, "OWNER"),
    run: (client, member: TestAccount, current) =>
      client.request(REMOVE, { input: { teamId: current.teamId, userId: member.userId } }),
  },
]);

describe("team rules", () => {
  let owner: TestAccount;
  let ownerClient: GraphQLClient;
  let teamId: string;
  beforeAll(async () => {
    owner = await signUp(api, "rules-owner");
    ownerClient = api.http.as(owner.credential);
    teamId = await createTeam(api, owner, "Rules");
  });

  it("keeps the last OWNER: cannot leave or be demoted until another OWNER exists", async () => {
    const leave = await ownerClient.request(REMOVE, { input: { teamId, userId: owner.userId } });
    expect(errorCode(leave)).toBe("CONFLICT");
    expect(leave.body.errors?.[0].message).toMatch(/at least one OWNER/);
    const demote = await ownerClient.request(CHANGE, { input: { teamId, userId: owner.userId, role: "ADMIN" } });
    expect(errorCode(demote)).toBe("CONFLICT");
    expect(await api.db.prisma.membership.count({ where: { teamId, role: "OWNER" } })).toBe(1);

    const second = await signUp(api, "second-owner");
    await addMember(api, owner, teamId, second, "OWNER");
    const left = await ownerClient.request(REMOVE, { input: { teamId, userId: owner.userId } });
    expect(left.body.data?.removeTeamMember.userId).toBe(owner.userId);
    const gone = await ownerClient.request(`query ($id: ID!) { team(id: $id) { id } }`, { id: teamId });
    expect(errorCode(gone)).toBe("NOT_FOUND");
  });

  it("never leaves a team without an OWNER when two OWNERs demote each other at once", async () => {
    const [a, b] = await Promise.all([signUp(api, "race-a"), signUp(api, "race-b")]);
    const raceTeam = await createTeam(api, a, "Race");
    await addMember(api, a, raceTeam, b, "OWNER");
    const results = await Promise.all([
      api.http.as(a.credential).request(CHANGE, { input: { teamId: raceTeam, userId: b.userId, role: "ADMIN" } }),
      api.http.as(b.credential).request(CHANGE, { input: { teamId: raceTeam, userId: a.userId, role: "ADMIN" } }),
    ]);
    // Serialized by the team-row lock: one demotion wins, and the loser,
    // now an ADMIN, may no longer touch an OWNER.
    const codes = results.map(errorCode);
    expect(codes.filter((code) => code === null)).toHaveLength(1);
    expect(["FORBIDDEN", "CONFLICT"]).toContain(codes.find((code) => code !== null));
    expect(await api.db.prisma.membership.count({ where: { teamId: raceTeam, role: "OWNER" } })).toBe(1);
  });

  it("lets any member leave, and answers clear errors for unknown accounts and duplicates", async () => {
    const viewer = await signUp(api, "leaver");
    await addMember(api, world.accounts.OWNER, world.teamId, viewer, "VIEWER");
    const left = await api.http
      .as(viewer.credential)
      .request(REMOVE, { input: { teamId: world.teamId, userId: viewer.userId } });
    expect(left.body.errors).toBeUndefined();

    const owners = api.http.as(world.accounts.OWNER.credential);
    const unknown = await owners.request(ADD, {
      input: { teamId: world.teamId, email: "nobody-here@example.test", role: "VIEWER" },
    });
    expect(errorCode(unknown)).toBe("NOT_FOUND");
    expect(unknown.body.errors?.[0].message).toMatch(/sign up first/);
    const duplicate = await owners.request(ADD, {
      input: { teamId: world.teamId, email: world.accounts.EDITOR.email, role: "VIEWER" },
    });
    expect(errorCode(duplicate)).toBe("CONFLICT");
  });

  it("answers NOT_FOUND alike for a missing team, a malformed id and another team's id", async () => {
    const viewer = api.http.as(world.accounts.VIEWER.credential);
    const query = `query ($id: ID!) { team(id: $id) { id } }`;
    const responses = await Promise.all([
      viewer.request(query, { id: "00000000-0000-4000-8000-000000000000" }),
      viewer.request(query, { id: "not-a-uuid" }),
      viewer.request(query, { id: world.otherTeamId }),
    ]);
    expect(responses.map(errorCode)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    const strip = (message: string) => message.replace(/"[^"]*"/, '"…"');
    expect(new Set(responses.map((response) => strip(response.body.errors![0].message))).size).toBe(1);
  });

  it("validates team names and slugs, and reports a taken slug as CONFLICT", async () => {
    const bad = await ownerClient.request(`mutation { createTeam(input: { name: "Ok", slug: "Not A Slug!" }) { id } }`);
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");
    expect(bad.body.errors?.[0].extensions?.field).toBe("slug");
    const slug = `taken-${Date.now().toString(36)}`;
    await ownerClient.data(`mutation ($slug: String!) { createTeam(input: { name: "One", slug: $slug }) { id } }`, {
      slug,
    });
    const taken = await ownerClient.request(
      `mutation ($slug: String!) { createTeam(input: { name: "Two", slug: $slug }) { id } }`,
      { slug },
    );
    expect(errorCode(taken)).toBe("CONFLICT");
  });

  it("pages members with cursors and refuses pages over the maximum", async () => {
    const page = `query ($id: ID!, $after: String) { team(id: $id) { members(first: 2, after: $after) { edges { node { user { email } } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const data: any = await api.http.as(world.accounts.OWNER.credential).data(page, { id: world.teamId, after });
      seen.push(...data.team.members.edges.map((edge: any) => edge.node.user.email));
      if (!data.team.members.pageInfo.hasNextPage) break;
      after = data.team.members.pageInfo.endCursor;
    }
    const count = await api.db.prisma.membership.count({ where: { teamId: world.teamId } });
    expect(seen).toHaveLength(count);
    expect(new Set(seen).size).toBe(count);

    const tooBig = await api.http
      .as(world.accounts.OWNER.credential)
      .request(`{ teams(first: 1000) { edges { cursor } } }`);
    expect(errorCode(tooBig)).toBe("BAD_USER_INPUT");
    expect(tooBig.body.errors?.[0].message).toMatch(/0 to 100 items per page/);
    const forged = await api.http
      .as(world.accounts.OWNER.credential)
      .request(`{ teams(after: "bm9wZQ") { edges { cursor } } }`);
    expect(errorCode(forged)).toBe("BAD_USER_INPUT");
  });
});

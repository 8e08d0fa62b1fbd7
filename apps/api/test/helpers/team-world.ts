// A team with one member per role plus an outsider who owns another team:
// the cast every authorization test needs.
import { addMember, createTeam, signUp, type TestAccount } from "./accounts.ts";
import { type Credential, GraphQLClient } from "./http-client.ts";
import type { TestApi } from "./test-api.ts";

export const ACTORS = ["anonymous", "otherTeam", "VIEWER", "EDITOR", "ADMIN", "OWNER"] as const;
export type Actor = (typeof ACTORS)[number];
export type TeamRole = "OWNER" | "ADMIN" | "EDITOR" | "VIEWER";

export interface TeamWorld {
  api: TestApi;
  teamId: string;
  /** The outsider's own team. */
  otherTeamId: string;
  accounts: Record<Exclude<Actor, "anonymous">, TestAccount>;
  credential(actor: Actor): Credential;
  client(actor: Actor): GraphQLClient;
}

export async function createTeamWorld(api: TestApi): Promise<TeamWorld> {
  const [owner, admin, editor, viewer, outsider] = await Promise.all(
    ["owner", "admin", "editor", "viewer", "outsider"].map((label) => signUp(api, label)),
  );
  const teamId = await createTeam(api, owner, "Vision Lab");
  const otherTeamId = await createTeam(api, outsider, "Other Lab");
  await addMember(api, owner, teamId, admin, "ADMIN");
  await addMember(api, owner, teamId, editor, "EDITOR");
  await addMember(api, owner, teamId, viewer, "VIEWER");
  const accounts = { OWNER: owner, ADMIN: admin, EDITOR: editor, VIEWER: viewer, otherTeam: outsider };
  const credential = (actor: Actor): Credential => (actor === "anonymous" ? null : accounts[actor].credential);
  return {
    api,
    teamId,
    otherTeamId,
    accounts,
    credential,
    client: (actor) => new GraphQLClient(api.url, credential(actor)),
  };
}

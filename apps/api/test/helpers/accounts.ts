// Accounts and teams made through the public API, as a person would.

import type { Credential } from "./http-client.ts";
import type { TestApi } from "./test-api.ts";

let counter = 0;

export interface TestAccount {
  userId: string;
  email: string;
  password: string;
  /** A bearer session token. */
  token: string;
  credential: Credential;
}

export function uniqueEmail(label = "user"): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}-${Date.now().toString(36)}@example.test`;
}

export async function signUp(api: TestApi, label = "user"): Promise<TestAccount> {
  const email = uniqueEmail(label);
  const password = `pw-${label}-correct-horse`;
  const data = await api.http.data<{ signUp: { user: { id: string }; sessionToken: string } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } sessionToken } }`,
    { input: { email, password, name: label, session: "BEARER" } },
  );
  const token = data.signUp.sessionToken;
  return { userId: data.signUp.user.id, email, password, token, credential: { token } };
}

export async function createTeam(api: TestApi, owner: TestAccount, name: string): Promise<string> {
  const data = await api.http
    .as(owner.credential)
    .data<{ createTeam: { id: string } }>(`mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id } }`, {
      input: { name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}${++counter}` },
    });
  return data.createTeam.id;
}

export async function addMember(
  api: TestApi,
  admin: TestAccount,
  teamId: string,
  member: TestAccount,
  role: "OWNER" | "ADMIN" | "EDITOR" | "VIEWER",
): Promise<void> {
  await api.http
    .as(admin.credential)
    .data(`mutation ($input: AddTeamMemberInput!) { addTeamMember(input: $input) { id } }`, {
      input: { teamId, email: member.email, role },
    });
}

// The credential and role cache answers repeated requests without the
// database, yet a revocation, a logout or a membership change ends access at
// once: in the process that made the change, in a second API server on the
// same database (through the Postgres channel), and for changes made with
// plain SQL (as the CLI or an operator would). Open graphql-ws subscriptions
// end within a second of the same changes, over a real WebSocket.
import { performance } from "node:perf_hooks";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type ApiServer, startApiServer } from "../src/server/index.ts";
import { addMember, createTeam, signUp, type TestAccount } from "./helpers/accounts.ts";
import { type Credential, errorCode, GraphQLClient } from "./helpers/http-client.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";
import { connectWs } from "./helpers/ws-client.ts";

let api: TestApi;
/** A second API server on the same database: another process as far as caches go. */
let other: ApiServer;
beforeAll(async () => {
  api = await startTestApi();
  other = await startApiServer({
    prisma: api.db.prisma,
    databaseUrl: api.db.url,
    config: api.config,
    port: 0,
    logger: { info: () => {}, error: () => {} },
  });
});
afterAll(async () => {
  await other?.close();
  await api?.close();
});

const VIEWER = `{ viewer { id } }`;
/** Needs a signed-in caller (viewer answers null instead of failing). */
const TEAMS = `{ teams { edges { cursor } } }`;
const RUNS = `query ($teamId: ID!) { runs(teamId: $teamId, first: 10) { edges { node { id status currentEpoch } } } }`;

async function createToken(account: TestAccount, name: string): Promise<{ token: string; id: string }> {
  const data = await api.http
    .as(account.credential)
    .data<{ createApiToken: { token: string; apiToken: { id: string } } }>(
      `mutation ($name: String!) { createApiToken(input: { name: $name }) { token apiToken { id } } }`,
      { name },
    );
  return { token: data.createApiToken.token, id: data.createApiToken.apiToken.id };
}

/** Polls until `check` passes or `ms` elapse; returns how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`Not true within ${ms} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

interface LiveSubscription {
  /** Resolves with the first error the subscription ends with (or "complete"). */
  ended: Promise<{ at: number; code: string | null; message: string } | "complete">;
  /** Resolves with the socket's close event. */
  closed: Promise<{ at: number; code: number; reason: string }>;
  dispose(): Promise<void>;
}

/**
 * A queued run in the team, written straight to the tables, so a subscription
 * to the team's runs gets a first update (its state) that says it is live.
 */
async function seedRun(teamId: string, creatorId: string): Promise<void> {
  const prisma = api.db.prisma;
  const dataset = await prisma.dataset.create({
    data: { teamId, name: `seed-${Date.now().toString(36)}-${Math.random()}`, task: "BINARY" },
  });
  const version = await prisma.datasetVersion.create({
    data: { datasetId: dataset.id, number: 1, imageCount: 0, snapshot: { labels: [], images: [] } },
  });
  await prisma.run.create({ data: { teamId, datasetId: dataset.id, versionId: version.id, creatorId, config: {} } });
}

/** Subscribes to a team's run updates and waits for its first update (the team needs a run: seedRun). */
async function subscribeTeamRuns(wsUrl: string, token: string, teamId: string): Promise<LiveSubscription> {
  let onClosed: (value: { at: number; code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ at: number; code: number; reason: string }>((resolve) => (onClosed = resolve));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ at: performance.now(), code, reason: String(reason) });
      },
    },
    onNonLazyError: () => {},
  });
  let onFirst: () => void = () => {};
  const first = new Promise<void>((resolve) => (onFirst = resolve));
  const ended = new Promise<{ at: number; code: string | null; message: string } | "complete">((resolve) => {
    client.subscribe(
      { query: `subscription ($teamId: ID!) { teamRunsUpdated(teamId: $teamId) { kind } }`, variables: { teamId } },
      {
        next: () => onFirst(),
        error: (error) => {
          const first = Array.isArray(error) ? error[0] : error;
          resolve({
            at: performance.now(),
            code: (first as { extensions?: { code?: string } })?.extensions?.code ?? null,
            message: String((first as { message?: string })?.message ?? first),
          });
        },
        complete: () => resolve("complete"),
      },
    );
  });
  // Live (authorized, guarded and fed by the hub) once the team's current state arrives.
  await Promise.race([
    first,
    ended.then((outcome) => {
      throw new Error(`The subscription ended before its first update: ${JSON.stringify(outcome)}`);
    }),
  ]);
  return { ended, closed, dispose: () => client.dispose() as Promise<void> };
}

describe("cached credentials", () => {
  it("answer repeated requests and stop at once when the token is revoked here", async () => {
    const owner = await signUp(api, "cache-owner");
    const teamId = await createTeam(api, owner, "Cache Lab");
    const { token, id } = await createToken(owner, "cached");
    const client = new GraphQLClient(api.url, { token });
    for (let i = 0; i < 3; i++) expect(errorCode(await client.request(RUNS, { teamId }))).toBeNull();
    expect(api.server && (await client.data<{ viewer: { id: string } }>(VIEWER)).viewer.id).toBe(owner.userId);
    await api.http.as(owner.credential).data(`mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`, { id });
    // No waiting: the very next request in this process is refused.
    const after = await client.request(RUNS, { teamId });
    expect(errorCode(after)).toBe("UNAUTHENTICATED");
    expect(after.body.errors?.[0].message).toMatch(/revoked/);
  });

  it("stop in another API process within a second of a revocation, a logout or a removal there", async () => {
    const owner = await signUp(api, "x-owner");
    const member = await signUp(api, "x-member");
    const teamId = await createTeam(api, owner, "Cross Lab");
    await addMember(api, owner, teamId, member, "VIEWER");
    const { token, id } = await createToken(owner, "cross");
    const onOther = (credential: Credential) => new GraphQLClient(other.url, credential);

    // Warm the other process's cache for all three: token, session and membership.
    expect(errorCode(await onOther({ token }).request(RUNS, { teamId }))).toBeNull();
    expect(errorCode(await onOther(member.credential).request(RUNS, { teamId }))).toBeNull();
    const ownerSession = await signUp(api, "x-session");
    expect((await onOther(ownerSession.credential).data<{ viewer: { id: string } }>(VIEWER)).viewer.id).toBe(
      ownerSession.userId,
    );

    await api.http.as(owner.credential).data(`mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`, { id });
    await within(1000, async () => errorCode(await onOther({ token }).request(TEAMS)) === "UNAUTHENTICATED");

    await api.http
      .as(owner.credential)
      .data(`mutation ($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) { userId } }`, {
        input: { teamId, userId: member.userId },
      });
    await within(
      1000,
      async () => errorCode(await onOther(member.credential).request(RUNS, { teamId })) === "NOT_FOUND",
    );

    await api.http.as(ownerSession.credential).data(`mutation { logOut }`);
    await within(
      1000,
      async () => errorCode(await onOther(ownerSession.credential).request(TEAMS)) === "UNAUTHENTICATED",
    );
  });

  it("stop when another writer (plain SQL, as the CLI would) revokes a token or adds a member", async () => {
    const owner = await signUp(api, "sql-owner");
    const joiner = await signUp(api, "sql-joiner");
    const teamId = await createTeam(api, owner, "SQL Lab");
    const { token, id } = await createToken(owner, "sql");
    const client = new GraphQLClient(api.url, { token });
    expect(errorCode(await client.request(TEAMS))).toBeNull();
    // A cached "not a member" must not outlive the membership either.
    expect(errorCode(await new GraphQLClient(api.url, joiner.credential).request(RUNS, { teamId }))).toBe("NOT_FOUND");

    await api.db.prisma.$executeRaw`UPDATE "ApiToken" SET "revokedAt" = now() WHERE id = ${id}::uuid`;
    await within(1000, async () => errorCode(await client.request(TEAMS)) === "UNAUTHENTICATED");

    await api.db.prisma.membership.create({ data: { teamId, userId: joiner.userId, role: "VIEWER" } });
    await within(
      1000,
      async () => errorCode(await new GraphQLClient(api.url, joiner.credential).request(RUNS, { teamId })) === null,
    );
  });
});

describe("open graphql-ws subscriptions", () => {
  it("end within 1 s of the member's removal from the team, with NOT_FOUND", async () => {
    const owner = await signUp(api, "sub-owner");
    const member = await signUp(api, "sub-member");
    const teamId = await createTeam(api, owner, "Sub Lab");
    const otherTeamId = await createTeam(api, member, "Own Lab");
    await seedRun(teamId, owner.userId);
    await seedRun(otherTeamId, member.userId);
    await addMember(api, owner, teamId, member, "VIEWER");
    const watching = await subscribeTeamRuns(api.wsUrl, member.token, teamId);
    // A subscription to a team the member stays in keeps going.
    const ownTeam = await subscribeTeamRuns(api.wsUrl, member.token, otherTeamId);
    try {
      const removedAt = performance.now();
      await api.http
        .as(owner.credential)
        .data(`mutation ($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) { userId } }`, {
          input: { teamId, userId: member.userId },
        });
      const ended = await watching.ended;
      expect(ended).not.toBe("complete");
      if (ended === "complete") return;
      expect(ended.code).toBe("NOT_FOUND");
      expect(ended.message).toMatch(/no longer a member/);
      expect(ended.at - removedAt).toBeLessThan(1000);
      const stillOpen = await Promise.race([
        ownTeam.ended.then(() => "ended"),
        new Promise((resolve) => setTimeout(() => resolve("open"), 300)),
      ]);
      expect(stillOpen).toBe("open");
    } finally {
      await watching.dispose();
      await ownTeam.dispose();
    }
  });

  it("end within 1 s of a removal made through another API process", async () => {
    const owner = await signUp(api, "subx-owner");
    const member = await signUp(api, "subx-member");
    const teamId = await createTeam(api, owner, "SubX Lab");
    await seedRun(teamId, owner.userId);
    await addMember(api, owner, teamId, member, "EDITOR");
    const watching = await subscribeTeamRuns(other.url.replace(/^http/, "ws"), member.token, teamId);
    try {
      const removedAt = performance.now();
      await api.http
        .as(owner.credential)
        .data(`mutation ($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) { userId } }`, {
          input: { teamId, userId: member.userId },
        });
      const ended = await watching.ended;
      expect(ended !== "complete" && ended.code).toBe("NOT_FOUND");
      if (ended !== "complete") expect(ended.at - removedAt).toBeLessThan(1000);
    } finally {
      await watching.dispose();
    }
  });

  it("close (4403) within 1 s of the revocation of the token they authenticated with", async () => {
    const owner = await signUp(api, "subtok-owner");
    const teamId = await createTeam(api, owner, "SubTok Lab");
    await seedRun(teamId, owner.userId);
    const { token, id } = await createToken(owner, "socket");
    const watching = await subscribeTeamRuns(api.wsUrl, token, teamId);
    const onOther = await subscribeTeamRuns(other.url.replace(/^http/, "ws"), token, teamId);
    try {
      const revokedAt = performance.now();
      await api.http.as(owner.credential).data(`mutation ($id: ID!) { revokeApiToken(id: $id) { id } }`, { id });
      for (const closed of [await watching.closed, await onOther.closed]) {
        expect(closed.code).toBe(4403);
        expect(closed.reason).toMatch(/revoked/);
        expect(closed.at - revokedAt).toBeLessThan(1000);
      }
    } finally {
      await watching.dispose();
      await onOther.dispose();
    }
  });

  it("close (4403) within 1 s of a logout of the session they authenticated with", async () => {
    const owner = await signUp(api, "sublogout");
    const teamId = await createTeam(api, owner, "Logout Lab");
    await seedRun(teamId, owner.userId);
    const watching = await subscribeTeamRuns(api.wsUrl, owner.token, teamId);
    const plain = connectWs(api.wsUrl, { token: owner.token });
    try {
      const loggedOutAt = performance.now();
      await api.http.as(owner.credential).data(`mutation { logOut }`);
      const closed = await watching.closed;
      expect(closed.code).toBe(4403);
      expect(closed.reason).toMatch(/logged out/);
      expect(closed.at - loggedOutAt).toBeLessThan(1000);
      expect((await plain.closed).code).toBe(4403);
    } finally {
      await watching.dispose();
      await plain.dispose();
    }
  });
});

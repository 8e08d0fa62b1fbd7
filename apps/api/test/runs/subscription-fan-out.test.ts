// Run updates are executed once per event and selection, not per subscriber
// (server/shared-subscription-execution.ts). Several viewers follow one run
// through the trainer's own write path (claim, two epochs, finish) while the
// server counts its executions; a selection that reads the database per update
// (`run`) must still be executed for each of its subscribers.
import { claimNextRun, finishRun, recordEpoch } from "@headstart/runs";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUN_EVENT_ONLY_FIELDS } from "../../src/schema/runs/run-subscriptions.ts";
import { schema } from "../../src/schema/schema.ts";
import { selectsOnlyEventFields } from "../../src/server/shared-subscription-execution.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { connectWs, type WsSession } from "../helpers/ws-client.ts";
import { uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let versionId: string;

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  ({ versionId } = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 3, val: 2, test: 1 }));
});

afterAll(async () => {
  await api?.close();
});

const PLAIN = `subscription ($runId: ID!) { runUpdated(runId: $runId) { kind status epoch { epoch valAcc } } }`;
const WITH_FRAGMENT = `subscription Watch($runId: ID!) { runUpdated(runId: $runId) { __typename kind ...Epoch } }
  fragment Epoch on RunUpdate { epoch { epoch phase } progress { stage } }`;
const READS_RUN = `subscription ($runId: ID!) { runUpdated(runId: $runId) { kind run { id status } } }`;

describe("selectsOnlyEventFields", () => {
  const shared = (query: string, operationName?: string) =>
    selectsOnlyEventFields(schema, parse(query), operationName, RUN_EVENT_ONLY_FIELDS);

  it("shares selections of event fields, fragments and __typename included", () => {
    expect(shared(PLAIN)).toBe(true);
    expect(shared(WITH_FRAGMENT, "Watch")).toBe(true);
    expect(
      shared(`subscription ($teamId: ID!) { teamRunsUpdated(teamId: $teamId) { kind runId epochs { loss } } }`),
    ).toBe(true);
  });

  it("executes per subscriber anything that reads beyond the event", () => {
    expect(shared(READS_RUN)).toBe(false);
    expect(shared(`subscription ($r: ID!) { runUpdated(runId: $r) { ... on RunUpdate { run { name } } } }`)).toBe(
      false,
    );
    // The whole document is judged, so another operation beside it that reads more means no sharing.
    expect(shared(`${WITH_FRAGMENT} query Other { health { ok } }`, "Watch")).toBe(false);
    expect(shared(`{ health { ok } }`)).toBe(false);
  });
});

describe("runUpdated fan-out", () => {
  interface Follower {
    ws: WsSession;
    updates: Record<string, unknown>[];
    subscribed: Promise<void>;
    finished: Promise<void>;
  }

  function follow(token: string, query: string, runId: string, operationName?: string): Follower {
    const ws = connectWs(api.wsUrl, { token });
    const updates: Record<string, unknown>[] = [];
    let first!: () => void;
    const subscribed = new Promise<void>((resolve) => (first = resolve));
    const finished = new Promise<void>((resolve, reject) => {
      ws.client.subscribe<{ runUpdated: Record<string, unknown> }>(
        { query, variables: { runId }, operationName },
        {
          next: (value) => {
            if (!value.data) return reject(new Error(`runUpdated sent errors: ${JSON.stringify(value.errors)}`));
            updates.push(value.data.runUpdated);
            first();
          },
          error: (error) => reject(new Error(`runUpdated failed: ${JSON.stringify(error)}`)),
          complete: resolve,
        },
      );
    });
    return { ws, updates, subscribed, finished };
  }

  it("executes each event once per selection and delivers every update in order to every viewer", async () => {
    const { createRun } = await world
      .client("EDITOR")
      .data<{ createRun: { id: string } }>(`mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`, {
        input: { versionId, config: { epochs: 2 } },
      });
    const runId = createRun.id;
    const followers = {
      viewer: follow(world.accounts.VIEWER.token, PLAIN, runId),
      editor: follow(world.accounts.EDITOR.token, PLAIN, runId),
      owner: follow(world.accounts.OWNER.token, PLAIN, runId),
      fragment: follow(world.accounts.VIEWER.token, WITH_FRAGMENT, runId, "Watch"),
      readsRunA: follow(world.accounts.ADMIN.token, READS_RUN, runId),
      readsRunB: follow(world.accounts.VIEWER.token, READS_RUN, runId),
    };
    try {
      await Promise.all(Object.values(followers).map((f) => f.subscribed));
      const before = api.server.subscriptionExecutions;

      const lease = await claimNextRun(api.db.prisma, "fan-out-test");
      expect(lease?.runId).toBe(runId);
      for (const epoch of [1, 2]) {
        await recordEpoch(api.db.prisma, lease!, {
          epoch,
          phase: "head",
          loss: 1 / epoch,
          acc: 0.5,
          valLoss: 1,
          valAcc: epoch / 4,
          seconds: 0.1,
        });
      }
      await finishRun(api.db.prisma, lease!, { status: "SUCCEEDED", metrics: {} });
      await Promise.all(Object.values(followers).map((f) => f.finished));

      // Four events (RUNNING, epoch 1, epoch 2, SUCCEEDED): once for PLAIN's three viewers together,
      // once for the fragment document, and once per subscriber for each of the two that read `run`.
      expect(api.server.subscriptionExecutions - before).toBe(4 + 4 + 2 * 4);

      const plain = [
        { kind: "STATE", status: "QUEUED", epoch: null },
        { kind: "STATUS", status: "RUNNING", epoch: null },
        { kind: "EPOCH", status: null, epoch: { epoch: 1, valAcc: 0.25 } },
        { kind: "EPOCH", status: null, epoch: { epoch: 2, valAcc: 0.5 } },
        { kind: "STATUS", status: "SUCCEEDED", epoch: null },
      ];
      expect(followers.viewer.updates).toEqual(plain);
      expect(followers.editor.updates).toEqual(plain);
      expect(followers.owner.updates).toEqual(plain);
      expect(followers.fragment.updates).toEqual([
        { __typename: "RunUpdate", kind: "STATE", epoch: null, progress: null },
        { __typename: "RunUpdate", kind: "STATUS", epoch: null, progress: null },
        { __typename: "RunUpdate", kind: "EPOCH", epoch: { epoch: 1, phase: "head" }, progress: null },
        { __typename: "RunUpdate", kind: "EPOCH", epoch: { epoch: 2, phase: "head" }, progress: null },
        { __typename: "RunUpdate", kind: "STATUS", epoch: null, progress: null },
      ]);
      for (const follower of [followers.readsRunA, followers.readsRunB]) {
        expect(follower.updates.map((u) => u.kind)).toEqual(["STATE", "STATUS", "EPOCH", "EPOCH", "STATUS"]);
        expect(follower.updates.every((u) => (u.run as { id: string }).id === runId)).toBe(true);
        // Read when each update was executed: the last one sees the finished run.
        expect((follower.updates.at(-1)!.run as { status: string }).status).toBe("SUCCEEDED");
      }
      expect(api.loggedErrors).toEqual([]);
    } finally {
      await Promise.all(Object.values(followers).map((f) => f.ws.dispose()));
    }
  });
});

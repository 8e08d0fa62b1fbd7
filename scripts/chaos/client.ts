// What a user or script does against the API in the chaos cases, through the
// public interfaces only: GraphQL over HTTP, the multipart upload route, and
// graphql-ws subscriptions that reconnect as the web app's do.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { SAMPLE_DATA_DIR } from "@headstart/ml-core/sample-data";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import type { ChaosStack } from "./stack.ts";

const SAMPLE_DIR = path.join(SAMPLE_DATA_DIR, "binary");

export class Gql {
  constructor(
    readonly url: string,
    readonly token: string | null = null,
  ) {}

  get headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async data<T>(query: string, variables?: Record<string, unknown>, timeoutMs = 30_000): Promise<T> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...this.headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let body: { data?: T; errors?: unknown[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`GraphQL answered HTTP ${response.status} with a non-JSON body: ${text.slice(0, 300)}`);
    }
    if (body.errors?.length || !body.data)
      throw new Error(`GraphQL failed (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
    return body.data;
  }
}

/** true when the API answers `health` with the database reachable. */
export async function apiAnswers(stack: ChaosStack): Promise<boolean> {
  try {
    const data = await new Gql(stack.apiUrl).data<{ health: { db: boolean } }>("{ health { ok db } }", {}, 3_000);
    return data.health.db === true;
  } catch {
    return false;
  }
}

export interface Team {
  gql: Gql;
  token: string;
  teamId: string;
}

/** A fresh account and team, through signUp and createTeam as a person would. */
export async function createTeam(stack: ChaosStack): Promise<Team> {
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const signedUp = await new Gql(stack.apiUrl).data<{ signUp: { sessionToken: string } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { sessionToken } }`,
    {
      input: {
        email: `chaos-${tag}@example.test`,
        password: "chaos-correct-horse-battery",
        name: "Chaos",
        session: "BEARER",
      },
    },
  );
  const gql = new Gql(stack.apiUrl, signedUp.signUp.sessionToken);
  const team = await gql.data<{ createTeam: { id: string } }>(
    `mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id } }`,
    { input: { name: "Chaos Lab", slug: `chaos-${tag}` } },
  );
  return { gql, token: signedUp.signUp.sessionToken, teamId: team.createTeam.id };
}

/**
 * The first `perLabel.train` / `perLabel.val` images of each class of the shipped two-class sample,
 * uploaded and frozen: small, so each run costs seconds.
 */
export async function uploadSample(
  stack: ChaosStack,
  team: Team,
  perLabel = { train: 20, val: 8 },
): Promise<{ versionId: string }> {
  const labels = (await readdir(path.join(SAMPLE_DIR, "train"))).sort();
  const created = await team.gql.data<{ createDataset: { id: string } }>(
    `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
    { input: { teamId: team.teamId, name: `chaos-${Date.now().toString(36)}`, task: "BINARY", labels } },
  );
  const datasetId = created.createDataset.id;
  for (const label of labels) {
    for (const split of ["train", "val"] as const) {
      const dir = path.join(SAMPLE_DIR, split, label);
      const names = (await readdir(dir)).filter((name) => name.endsWith(".png")).sort();
      const form = new FormData();
      form.append("label", label);
      form.append("split", split.toUpperCase());
      for (const name of names.slice(0, perLabel[split])) {
        form.append("file", new Blob([await readFile(path.join(dir, name))], { type: "image/png" }), name);
      }
      const response = await fetch(`${stack.origin}/upload/datasets/${datasetId}/images`, {
        method: "POST",
        headers: team.gql.headers,
        body: form,
      });
      if (!response.ok)
        throw new Error(
          `Uploading ${split}/${label} failed: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`,
        );
    }
  }
  const frozen = await team.gql.data<{ freezeDatasetVersion: { id: string } }>(
    `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id } }`,
    { input: { datasetId } },
  );
  return { versionId: frozen.freezeDatasetVersion.id };
}

/** The small recipe every case starts from: 96 px, no augmentation, batches of 4. */
export const SMALL_RUN = { inputSize: 96, batchSize: 4, augmentation: null } as const;

export async function createRun(team: Team, versionId: string, name: string, config: Record<string, unknown>) {
  const created = await team.gql.data<{ createRun: { id: string } }>(
    `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`,
    { input: { versionId, name, config: { ...SMALL_RUN, ...config } } },
  );
  return created.createRun.id;
}

export interface RunRow {
  id: string;
  status: string;
  attempt: number;
  error: string | null;
  workerId: string | null;
  progress: { stage?: string; epoch?: number; batch?: number; batches?: number } | null;
}

export async function runRow(stack: ChaosStack, runId: string): Promise<RunRow> {
  const [row] = await stack.query<RunRow>(
    `SELECT id::text, status::text, attempt, error, "workerId", progress FROM "Run" WHERE id = $1::uuid`,
    [runId],
  );
  if (!row) throw new Error(`Run ${runId} is not in the database.`);
  return row;
}

/** Epoch numbers recorded for the run, in order (one per EpochMetric row, duplicates included). */
export async function recordedEpochs(stack: ChaosStack, runId: string): Promise<number[]> {
  const rows = await stack.query<{ epoch: number }>(
    `SELECT epoch FROM "EpochMetric" WHERE "runId" = $1::uuid ORDER BY epoch`,
    [runId],
  );
  return rows.map((row) => row.epoch);
}

const FINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

/** Polls until each run is final (or the deadline): the rows as last seen. Tolerates a database outage. */
export async function waitForFinal(stack: ChaosStack, runIds: string[], timeoutMs: number): Promise<RunRow[]> {
  const deadline = Date.now() + timeoutMs;
  const last = new Map<string, RunRow>();
  while (Date.now() < deadline) {
    for (const id of runIds) {
      if (FINAL.has(last.get(id)?.status ?? "")) continue;
      const row = await runRow(stack, id).catch(() => undefined);
      if (row) last.set(id, row);
    }
    if (runIds.every((id) => FINAL.has(last.get(id)?.status ?? ""))) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return runIds.map(
    (id) => last.get(id) ?? { id, status: "UNKNOWN", attempt: 0, error: null, workerId: null, progress: null },
  );
}

export interface Follower {
  /** EPOCH events received, by epoch number, in arrival order (a number twice is a duplicate). */
  epochEvents: number[];
  /** Epochs seen in any form: EPOCH events and the STATE snapshot sent on each (re)subscription. */
  seen: Set<number>;
  /** Times the socket (re)connected. */
  connects: number;
  lastStatus: string | null;
  firstMessageAfter(ms: number): number | undefined;
  error: string | undefined;
  done: Promise<void>;
  dispose(): Promise<void>;
}

const RUN_UPDATED = `subscription ($runId: ID!) { runUpdated(runId: $runId) { kind status epoch { epoch } epochs { epoch } } }`;

/**
 * One graphql-ws client following a run, reconnecting and resubscribing after the API goes away
 * (graphql-ws retries with its randomised backoff, as the web app's client does).
 */
export function followRun(stack: ChaosStack, token: string, runId: string): Follower {
  const messageTimes: number[] = [];
  let client: Client;
  const follower: Follower = {
    epochEvents: [],
    seen: new Set(),
    connects: 0,
    lastStatus: null,
    error: undefined,
    firstMessageAfter: (ms) => messageTimes.find((t) => t > ms),
    done: Promise.resolve(),
    dispose: async () => client.dispose(),
  };
  client = createClient({
    url: stack.wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 60,
    shouldRetry: () => true,
    // graphql-ws' default wait grows to minutes after a few failures; a person's browser tab (the
    // web app) retries within seconds, so cap it as it does.
    retryWait: async (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** retries, 3_000))),
    connectionParams: { authorization: `Bearer ${token}` },
    on: { connected: () => (follower.connects += 1) },
  });
  follower.done = new Promise<void>((resolve) => {
    client.subscribe<{
      runUpdated: {
        kind: string;
        status: string | null;
        epoch: { epoch: number } | null;
        epochs: { epoch: number }[] | null;
      };
    }>(
      { query: RUN_UPDATED, variables: { runId } },
      {
        next: (value) => {
          messageTimes.push(Date.now());
          const update = value.data?.runUpdated;
          if (!update) {
            follower.error = `runUpdated sent errors: ${JSON.stringify(value.errors)}`;
            return;
          }
          if (update.status) follower.lastStatus = update.status;
          if (update.kind === "EPOCH" && update.epoch) {
            follower.epochEvents.push(update.epoch.epoch);
            follower.seen.add(update.epoch.epoch);
          }
          for (const epoch of update.epochs ?? []) follower.seen.add(epoch.epoch);
        },
        error: (error) => {
          follower.error = `runUpdated failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`;
          resolve();
        },
        complete: resolve,
      },
    );
  });
  return follower;
}

/** Epoch numbers that arrived more than once as EPOCH events. */
export const duplicates = (epochs: number[]): number[] =>
  [...new Set(epochs.filter((epoch, i) => epochs.indexOf(epoch) !== i))].sort((a, b) => a - b);

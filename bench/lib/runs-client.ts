// What a person or script does against the API for the runs benchmarks, over
// the public interfaces only: GraphQL over HTTP, the multipart upload and
// predict routes, and graphql-ws subscriptions.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { SAMPLE_DATA_DIR } from "@headstart/ml-core/sample-data";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import type { ApiEndpoints } from "./runs-stack.ts";

export const SAMPLE_DIR = path.join(SAMPLE_DATA_DIR, "binary");

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export class Gql {
  constructor(
    readonly api: ApiEndpoints,
    readonly token: string | null = null,
  ) {}

  get headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const response = await fetch(this.api.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...this.headers },
      body: JSON.stringify({ query, variables }),
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

export interface BenchTeam {
  gql: Gql;
  token: string;
  teamId: string;
}

/** A fresh account and team, made through the API as a person would. */
export async function createBenchTeam(api: ApiEndpoints): Promise<BenchTeam> {
  const anonymous = new Gql(api);
  const email = `bench-${process.pid}-${Date.now().toString(36)}@example.test`;
  const signedUp = await anonymous.data<{ signUp: { sessionToken: string } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { sessionToken } }`,
    { input: { email, password: "bench-correct-horse-battery", name: "Bench", session: "BEARER" } },
  );
  const gql = new Gql(api, signedUp.signUp.sessionToken);
  const team = await gql.data<{ createTeam: { id: string } }>(
    `mutation ($input: CreateTeamInput!) { createTeam(input: $input) { id } }`,
    {
      input: { name: "Bench Lab", slug: `bench-${Date.now().toString(36)}` },
    },
  );
  return { gql, token: signedUp.signUp.sessionToken, teamId: team.createTeam.id };
}

export interface SampleFile {
  label: string;
  name: string;
  bytes: Buffer;
}

export interface UploadedSample {
  datasetId: string;
  versionId: string;
  labels: string[];
  trainCount: number;
  valCount: number;
  /** The val files as uploaded, for predicting new uploads. */
  valFiles: SampleFile[];
  uploadSeconds: number;
}

async function filesOf(split: "train" | "val", label: string): Promise<SampleFile[]> {
  const dir = path.join(SAMPLE_DIR, split, label);
  const names = (await readdir(dir)).filter((name) => name.endsWith(".png")).sort();
  return Promise.all(names.map(async (name) => ({ label, name, bytes: await readFile(path.join(dir, name)) })));
}

export async function uploadFiles(
  team: BenchTeam,
  datasetId: string,
  split: "TRAIN" | "VAL" | "TEST",
  files: SampleFile[],
): Promise<void> {
  const form = new FormData();
  form.append("label", files[0]!.label);
  form.append("split", split);
  for (const file of files) form.append("file", new Blob([file.bytes], { type: "image/png" }), file.name);
  const response = await fetch(`${team.gql.api.origin}/upload/datasets/${datasetId}/images`, {
    method: "POST",
    headers: team.gql.headers,
    body: form,
  });
  const body = await response.text();
  if (!response.ok)
    throw new Error(
      `Uploading ${files.length} ${split} images failed with HTTP ${response.status}: ${body.slice(0, 500)}`,
    );
}

/** The whole two-class sample (every train and val image) through the upload route, then a frozen version. */
export async function uploadSample(team: BenchTeam): Promise<UploadedSample> {
  const started = nowMs();
  const labels = (await readdir(path.join(SAMPLE_DIR, "train"))).sort();
  const created = await team.gql.data<{ createDataset: { id: string } }>(
    `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
    { input: { teamId: team.teamId, name: `sample-${Date.now().toString(36)}`, task: "BINARY", labels } },
  );
  const datasetId = created.createDataset.id;
  let trainCount = 0;
  const valFiles: SampleFile[] = [];
  for (const label of labels) {
    const train = await filesOf("train", label);
    await uploadFiles(team, datasetId, "TRAIN", train);
    trainCount += train.length;
    const val = await filesOf("val", label);
    await uploadFiles(team, datasetId, "VAL", val);
    valFiles.push(...val);
  }
  const frozen = await team.gql.data<{ freezeDatasetVersion: { id: string } }>(
    `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id } }`,
    { input: { datasetId } },
  );
  return {
    datasetId,
    versionId: frozen.freezeDatasetVersion.id,
    labels,
    trainCount,
    valCount: valFiles.length,
    valFiles,
    uploadSeconds: (nowMs() - started) / 1000,
  };
}

export async function createRun(
  team: BenchTeam,
  versionId: string,
  name: string,
  config: Record<string, unknown>,
): Promise<string> {
  const created = await team.gql.data<{ createRun: { id: string } }>(
    `mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`,
    { input: { versionId, name, config } },
  );
  return created.createRun.id;
}

export interface WsConnection {
  client: Client;
  dispose(): Promise<void>;
}

/** One graphql-ws connection, open (acknowledged) before it resolves. */
export function connectWs(api: ApiEndpoints, token: string): Promise<WsConnection> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: api.wsUrl,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
      on: { connected: () => resolve({ client, dispose: async () => client.dispose() }) },
      onNonLazyError: (error) =>
        reject(
          new Error(`The WebSocket connection failed: ${String((error as Error)?.message ?? JSON.stringify(error))}`),
        ),
    });
  });
}

export const RUN_UPDATED = `subscription ($runId: ID!) { runUpdated(runId: $runId) {
  kind status epoch { epoch valAcc } epochs { epoch } progress { stage pass done total epoch batch batches } } }`;

export interface RunUpdate {
  kind: "STATE" | "STATUS" | "EPOCH" | "PROGRESS";
  status: string | null;
  epoch: { epoch: number; valAcc: number | null } | null;
  epochs: { epoch: number }[] | null;
  progress: { stage: string; pass: string | null; done: number | null; total: number | null } | null;
}

/**
 * Subscribes to runUpdated; `onUpdate` gets each update with the moment it was
 * received. `subscribed` resolves on the first update (the current state);
 * `finished` once the server completes the subscription after a final status.
 */
export function watchRun(
  connection: WsConnection,
  runId: string,
  onUpdate: (update: RunUpdate, receivedAt: number) => void,
): { subscribed: Promise<void>; finished: Promise<void> } {
  let first!: () => void;
  const subscribed = new Promise<void>((resolve) => (first = resolve));
  const finished = new Promise<void>((resolve, reject) => {
    connection.client.subscribe<{ runUpdated: RunUpdate }>(
      { query: RUN_UPDATED, variables: { runId } },
      {
        next: (value) => {
          const receivedAt = nowMs();
          if (!value.data) return reject(new Error(`runUpdated sent errors: ${JSON.stringify(value.errors)}`));
          onUpdate(value.data.runUpdated, receivedAt);
          first();
        },
        error: (error) => reject(new Error(`runUpdated failed: ${JSON.stringify(error)}`)),
        complete: resolve,
      },
    );
  });
  // A failure before the first update must surface through `subscribed` too.
  finished.catch(() => undefined);
  return { subscribed: Promise.race([subscribed, finished.then(() => undefined)]), finished };
}

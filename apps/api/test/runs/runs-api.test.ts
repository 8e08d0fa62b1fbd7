// Runs over real HTTP and WebSocket against a real Postgres, with no trainer:
// runs stay QUEUED, which is what creating, validating, listing, cancelling,
// retrying, comparing and live status updates need.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeAuthorizationMatrix, rolesFrom } from "../helpers/authorization-matrix.ts";
import { errorCode } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { connectWs } from "../helpers/ws-client.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;

const CREATE = `mutation ($input: CreateRunInput!) { createRun(input: $input) { id status attempt config { epochs inputSize batchSize optimizer threshold seed augmentation { zoom horizontalFlip } } } }`;

async function createRun(
  config: Record<string, unknown> = {},
  versionId = sample.versionId,
  name?: string,
): Promise<string> {
  const data = await world
    .client("EDITOR")
    .data<{ createRun: { id: string } }>(CREATE, { input: { versionId, name, config } });
  return data.createRun.id;
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 3, val: 2, test: 1 });
});

afterAll(async () => {
  await api?.close();
});

describe("createRun", () => {
  it("queues a run with every default resolved and the creator recorded", async () => {
    const data = await world.client("EDITOR").data(
      `mutation ($input: CreateRunInput!) { createRun(input: $input) { id status attempt name creator { email } dataset { id } version { id }
          config { backbone inputSize batchSize epochs learningRate optimizer headUnits dropout fineTuneBlocks threshold seed augmentation { rotation zoom horizontalFlip } } } }`,
      { input: { versionId: sample.versionId, name: "  first  ", config: { epochs: 3, inputSize: 96, seed: 7 } } },
    );
    expect(data.createRun).toMatchObject({
      status: "QUEUED",
      attempt: 0,
      name: "first",
      creator: { email: world.accounts.EDITOR.email },
      dataset: { id: sample.datasetId },
      version: { id: sample.versionId },
      config: {
        backbone: "mobilenet_v2",
        inputSize: 96,
        batchSize: 64,
        epochs: 3,
        learningRate: 0.001,
        optimizer: "ADAM",
        headUnits: 64,
        dropout: 0.5,
        fineTuneBlocks: 0,
        threshold: 0.75,
        seed: 7,
        augmentation: { rotation: 20, zoom: 0.2, horizontalFlip: true },
      },
    });
  });

  it("turns augmentation off with enabled: false", async () => {
    const data = await world
      .client("EDITOR")
      .data(CREATE, { input: { versionId: sample.versionId, config: { augmentation: { enabled: false } } } });
    expect(data.createRun.config.augmentation).toBeNull();
  });

  it.each([
    [{ epochs: 0 }, "config.epochs"],
    [{ inputSize: 100 }, "config.inputSize"],
    [{ learningRate: 0 }, "config.learningRate"],
    [{ dropout: 1 }, "config.dropout"],
    [{ augmentation: { zoom: 1.5 } }, "config.augmentation.zoom"],
    [{ backbone: "resnet9000" }, "config.backbone"],
    [{ backbone: "scratch", fineTuneBlocks: 2 }, "config.fineTuneBlocks"],
    [{ threshold: 1.5 }, "config.threshold"],
  ])("rejects %j as BAD_USER_INPUT naming %s, and queues nothing", async (config, field) => {
    const before = await api.db.prisma.run.count();
    const response = await world.client("EDITOR").request(CREATE, { input: { versionId: sample.versionId, config } });
    expect(errorCode(response)).toBe("BAD_USER_INPUT");
    expect(response.body.errors?.[0]?.extensions?.field).toBe(field);
    expect(response.body.errors?.[0]?.message).toContain(field.replace(/^config\./, ""));
    expect(await api.db.prisma.run.count()).toBe(before);
  });

  it("refuses a version without validation images, saying what to do", async () => {
    const trainOnly = await uploadSample(
      api,
      world.client("EDITOR"),
      world.teamId,
      { train: 2, val: 0, test: 0 },
      `train-only-${Date.now()}`,
    );
    const response = await world.client("EDITOR").request(CREATE, { input: { versionId: trainOnly.versionId } });
    expect(errorCode(response)).toBe("BAD_USER_INPUT");
    expect(response.body.errors?.[0]?.extensions?.field).toBe("versionId");
    expect(response.body.errors?.[0]?.message).toMatch(/no validation images.*freeze a new version/);
  });

  it("answers NOT_FOUND for a malformed, unknown or foreign version id alike", async () => {
    const outsider = world.client("otherTeam");
    for (const versionId of ["nope", "00000000-0000-4000-8000-000000000000", sample.versionId]) {
      const response = await outsider.request(CREATE, { input: { versionId } });
      expect(errorCode(response)).toBe("NOT_FOUND");
    }
  });
});

describe("queries", () => {
  it("filters by status, dataset, backbone and date, and pages forward without gaps or repeats", async () => {
    const ids = [
      await createRun({ epochs: 1 }),
      await createRun({ epochs: 2 }),
      await createRun({ epochs: 3, backbone: "scratch" }),
    ];
    const LIST = `query ($teamId: ID!, $filter: RunFilter, $first: Int, $after: String, $orderBy: RunOrder, $direction: SortDirection) {
      runs(teamId: $teamId, filter: $filter, first: $first, after: $after, orderBy: $orderBy, direction: $direction) {
        edges { node { id status config { backbone } } } pageInfo { hasNextPage endCursor } } }`;
    const viewer = world.client("VIEWER");
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await viewer.data(LIST, {
        teamId: world.teamId,
        first: 2,
        after,
        filter: { datasetId: sample.datasetId },
      });
      seen.push(...page.runs.edges.map((edge: any) => edge.node.id));
      if (!page.runs.pageInfo.hasNextPage) break;
      after = page.runs.pageInfo.endCursor;
    }
    const all = await api.db.prisma.run.findMany({
      where: { datasetId: sample.datasetId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
    expect(seen).toEqual(all.map((run) => run.id));
    expect(new Set(seen).size).toBe(seen.length);

    const scratch: any = await viewer.data(LIST, { teamId: world.teamId, filter: { backbone: "scratch" } });
    expect(scratch.runs.edges.map((edge: any) => edge.node.id)).toEqual([ids[2]]);
    const future: any = await viewer.data(LIST, {
      teamId: world.teamId,
      filter: { createdAfter: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(future.runs.edges).toEqual([]);
    const oldestFirst: any = await viewer.data(LIST, {
      teamId: world.teamId,
      direction: "ASC",
      orderBy: "VAL_ACCURACY",
      first: 100,
    });
    expect(oldestFirst.runs.edges.map((edge: any) => edge.node.id)).toEqual([...all].reverse().map((run) => run.id));
  });

  it("lists the same values whether a page loads a few columns or every one", async () => {
    const id = await createRun({ epochs: 2 }, sample.versionId, "columns");
    // Timestamps in every column that has one, at millisecond precision, so a time-zone slip would show.
    const startedAt = new Date("2026-01-02T03:04:05.678Z");
    await api.db.prisma.run.update({
      where: { id },
      data: { status: "RUNNING", currentEpoch: 1, startedAt, heartbeatAt: startedAt },
    });
    const row = await api.db.prisma.run.findUniqueOrThrow({ where: { id } });
    const viewer = world.client("VIEWER");
    const nodeOf = async (selection: string, fragments = "") => {
      const data: any = await viewer.data(
        `query ($teamId: ID!) { runs(teamId: $teamId, first: 100) { edges { node { ${selection} } } } } ${fragments}`,
        { teamId: world.teamId },
      );
      return data.runs.edges.find((edge: any) => edge.node.id === id)?.node;
    };
    // Scalar fields only: the page reads just their columns.
    const lean = await nodeOf("id status currentEpoch name createdAt startedAt finishedAt");
    expect(lean).toEqual({
      id,
      status: "RUNNING",
      currentEpoch: 1,
      name: "columns",
      createdAt: row.createdAt.toISOString(),
      startedAt: startedAt.toISOString(),
      finishedAt: null,
    });
    // Through a fragment, with relations resolved from their id columns.
    expect(
      await nodeOf(
        "id ...R",
        "fragment R on Run { config { epochs } dataset { id } version { id } creator { email } }",
      ),
    ).toEqual({
      id,
      config: { epochs: 2 },
      dataset: { id: sample.datasetId },
      version: { id: sample.versionId },
      creator: { email: world.accounts.EDITOR.email },
    });
    // A field outside the column map (plannedEpochs reads several columns) loads the whole row.
    expect(await nodeOf("id plannedEpochs startedAt")).toEqual({
      id,
      plannedEpochs: 2,
      startedAt: startedAt.toISOString(),
    });
  });

  it("rejects a forged cursor and backward paging with a clear message", async () => {
    const viewer = world.client("VIEWER");
    const forged = await viewer.request(
      `query ($teamId: ID!) { runs(teamId: $teamId, after: "bm9wZQ") { edges { node { id } } } }`,
      { teamId: world.teamId },
    );
    expect(errorCode(forged)).toBe("BAD_USER_INPUT");
    const backward = await viewer.request(
      `query ($teamId: ID!) { runs(teamId: $teamId, last: 2) { edges { node { id } } } }`,
      { teamId: world.teamId },
    );
    expect(errorCode(backward)).toBe("BAD_USER_INPUT");
    expect(backward.body.errors?.[0]?.message).toMatch(/first\/after/);
  });

  it("compares runs: the settings that differ, per run, and the shared ones", async () => {
    const a = await createRun({ epochs: 4, seed: 1 });
    const b = await createRun({ epochs: 6, seed: 1, augmentation: { zoom: 0.1 } });
    const data = await world
      .client("VIEWER")
      .data(
        `query ($ids: [ID!]!) { compareRuns(ids: $ids) { runs { id } configDifferences { field values } sameFields figures { runId valAccuracy epochs } } }`,
        { ids: [a, b] },
      );
    expect(data.compareRuns.runs.map((run: any) => run.id)).toEqual([a, b]);
    expect(data.compareRuns.configDifferences).toEqual([
      { field: "augmentation.zoom", values: ["0.2", "0.1"] },
      { field: "epochs", values: ["4", "6"] },
    ]);
    expect(data.compareRuns.sameFields).toContain("seed");
    expect(data.compareRuns.figures).toEqual([
      { runId: a, valAccuracy: null, epochs: 0 },
      { runId: b, valAccuracy: null, epochs: 0 },
    ]);
    const one = await world
      .client("VIEWER")
      .request(`query ($ids: [ID!]!) { compareRuns(ids: $ids) { sameFields } }`, { ids: [a, a] });
    expect(errorCode(one)).toBe("BAD_USER_INPUT");
  });

  it("has no evaluation, review items or model before the run is trained", async () => {
    const id = await createRun();
    const data = await world
      .client("VIEWER")
      .data(
        `query ($id: ID!) { run(id: $id) { evaluation { accuracy } modelDownloadUrl mostConfident(label: "sneaker") { totalCount edges { node { imageId } } } } }`,
        { id },
      );
    expect(data.run).toEqual({ evaluation: null, modelDownloadUrl: null, mostConfident: { totalCount: 0, edges: [] } });
    const predict = await world
      .client("VIEWER")
      .request(`mutation ($input: PredictImagesInput!) { predictImages(input: $input) { imageId } }`, {
        input: { runId: id, imageIds: [] },
      });
    expect(errorCode(predict)).toBe("BAD_USER_INPUT");
    const download = await fetch(`${api.server.origin}/runs/${id}/model.zip`, {
      headers: { authorization: `Bearer ${world.accounts.VIEWER.token}` },
    });
    expect(download.status).toBe(409);
    expect(((await download.json()) as any).errors[0].extensions.code).toBe("CONFLICT");
  });
});

describe("cancel and retry", () => {
  it("cancels a queued run at once, and retries it as a new run with the same config", async () => {
    const id = await createRun({ epochs: 2, seed: 99 });
    const editor = world.client("EDITOR");
    const cancelled = await editor.data(
      `mutation ($input: RunIdInput!) { cancelRun(input: $input) { outcome run { status finishedAt } } }`,
      {
        input: { runId: id },
      },
    );
    expect(cancelled.cancelRun.outcome).toBe("CANCELLED");
    expect(cancelled.cancelRun.run.status).toBe("CANCELLED");
    expect(cancelled.cancelRun.run.finishedAt).toBeTruthy();
    const again = await editor.data(`mutation ($input: RunIdInput!) { cancelRun(input: $input) { outcome } }`, {
      input: { runId: id },
    });
    expect(again.cancelRun.outcome).toBe("ALREADY_FINISHED");

    const retried = await editor.data(
      `mutation ($input: RunIdInput!) { retryRun(input: $input) { id status config { epochs seed } } }`,
      {
        input: { runId: id },
      },
    );
    expect(retried.retryRun).toMatchObject({ status: "QUEUED", config: { epochs: 2, seed: 99 } });
    expect(retried.retryRun.id).not.toBe(id);
    const notFinished = await editor.request(`mutation ($input: RunIdInput!) { retryRun(input: $input) { id } }`, {
      input: { runId: retried.retryRun.id },
    });
    expect(errorCode(notFinished)).toBe("CONFLICT");
  });
});

describe("runUpdated subscription", () => {
  const SUBSCRIBE = `subscription ($runId: ID!) { runUpdated(runId: $runId) { kind runId status attempt cancelRequested epochs { epoch } } }`;

  it("sends the current state first, then the cancel, then completes", async () => {
    const id = await createRun();
    const ws = connectWs(api.wsUrl, { token: world.accounts.VIEWER.token });
    try {
      const events: any[] = [];
      let first!: () => void;
      const gotFirst = new Promise<void>((resolve) => (first = resolve));
      const completed = new Promise<void>((resolve, reject) => {
        ws.client.subscribe(
          { query: SUBSCRIBE, variables: { runId: id } },
          {
            next: (value) => {
              events.push(value.data?.runUpdated ?? value);
              first();
            },
            error: reject,
            complete: resolve,
          },
        );
      });
      await gotFirst;
      await world
        .client("EDITOR")
        .data(`mutation ($input: RunIdInput!) { cancelRun(input: $input) { outcome } }`, { input: { runId: id } });
      await completed;
      expect(events).toEqual([
        { kind: "STATE", runId: id, status: "QUEUED", attempt: 0, cancelRequested: false, epochs: [] },
        { kind: "STATUS", runId: id, status: "CANCELLED", attempt: 0, cancelRequested: true, epochs: null },
      ]);
    } finally {
      await ws.dispose();
    }
  });

  it("denies outsiders as NOT_FOUND and lower roles nothing (VIEWER may watch)", async () => {
    const id = await createRun();
    const outsider = connectWs(api.wsUrl, { token: world.accounts.otherTeam.token });
    try {
      const result = await outsider.execute(SUBSCRIBE, { runId: id });
      expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const team = await outsider.execute(`subscription ($teamId: ID!) { teamRunsUpdated(teamId: $teamId) { kind } }`, {
        teamId: world.teamId,
      });
      expect(team.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    } finally {
      await outsider.dispose();
    }
  });

  it("streams a team's runs: the recent runs' state, then a new run's status", async () => {
    const ws = connectWs(api.wsUrl, { token: world.accounts.VIEWER.token });
    try {
      const events: any[] = [];
      // At least one run, so the initial state is not empty and tells us the subscription is live.
      await createRun();
      const states = await api.db.prisma.run.count({ where: { teamId: world.teamId } });
      let created: string | null = null;
      await new Promise<void>((resolve, reject) => {
        // The new run's event may arrive before or after createRun's HTTP answer.
        const check = () => {
          if (created && events.some((e) => e.kind === "STATUS" && e.runId === created)) {
            unsubscribe();
            resolve();
          }
        };
        const unsubscribe = ws.client.subscribe(
          {
            query: `subscription ($teamId: ID!) { teamRunsUpdated(teamId: $teamId) { kind runId status } }`,
            variables: { teamId: world.teamId },
          },
          {
            next: (value) => {
              events.push(value.data?.teamRunsUpdated);
              if (events.length === Math.min(states, 50)) {
                createRun().then((id) => {
                  created = id;
                  check();
                }, reject);
              }
              check();
            },
            error: reject,
            complete: () => reject(new Error("The team subscription must not complete on its own.")),
          },
        );
      });
      expect(events.slice(0, Math.min(states, 50)).every((e) => e.kind === "STATE")).toBe(true);
      expect(events.at(-1)).toEqual({ kind: "STATUS", runId: created, status: "QUEUED" });
    } finally {
      await ws.dispose();
    }
  });
});

describeAuthorizationMatrix("runs authorization", () => world, [
  {
    name: "createRun",
    allowed: rolesFrom("EDITOR"),
    run: (client) => client.request(CREATE, { input: { versionId: sample.versionId } }),
  },
  {
    name: "cancelRun",
    allowed: rolesFrom("EDITOR"),
    setup: () => createRun(),
    run: (client, runId) =>
      client.request(`mutation ($input: RunIdInput!) { cancelRun(input: $input) { outcome } }`, { input: { runId } }),
  },
  {
    name: "retryRun",
    allowed: rolesFrom("EDITOR"),
    setup: async () => {
      const runId = await createRun();
      await world
        .client("OWNER")
        .data(`mutation ($input: RunIdInput!) { cancelRun(input: $input) { outcome } }`, { input: { runId } });
      return runId;
    },
    run: (client, runId) =>
      client.request(`mutation ($input: RunIdInput!) { retryRun(input: $input) { id } }`, { input: { runId } }),
  },
  {
    name: "run",
    allowed: rolesFrom("VIEWER"),
    setup: () => createRun(),
    run: (client, id) =>
      client.request(`query ($id: ID!) { run(id: $id) { id epochs { epoch } evaluation { accuracy } } }`, { id }),
  },
  {
    name: "runs",
    allowed: rolesFrom("VIEWER"),
    run: (client, _state, w) =>
      client.request(`query ($teamId: ID!) { runs(teamId: $teamId) { edges { node { id } } } }`, { teamId: w.teamId }),
  },
  {
    name: "compareRuns",
    allowed: rolesFrom("VIEWER"),
    setup: async () => [await createRun({ epochs: 1 }), await createRun({ epochs: 2 })],
    run: (client, ids) => client.request(`query ($ids: [ID!]!) { compareRuns(ids: $ids) { sameFields } }`, { ids }),
  },
  {
    name: "run review lists",
    allowed: rolesFrom("VIEWER"),
    setup: () => createRun(),
    run: (client, id) =>
      client.request(
        `query ($id: ID!) { run(id: $id) { mostConfident(label: "sneaker") { totalCount } leastConfident(label: "sneaker") { totalCount }
           confidentlyWrong(label: "sneaker") { totalCount } suspectedLabelIssues(label: "sneaker") { totalCount } reviewDecisions { edges { node { id } } } } }`,
        { id },
      ),
  },
]);

// The core loop end to end: a run created over GraphQL is trained by a REAL
// trainer process on the shipped sample, a graphql-ws client watches every
// epoch arrive in order, and the finished run is evaluated, reviewed, asked
// to predict, and downloaded, all over real HTTP against a real Postgres.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { decodeImage } from "@headstart/ml-core";
import { startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { describeAuthorizationMatrix, rolesFrom } from "../helpers/authorization-matrix.ts";
import { errorCode } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { connectWs } from "../helpers/ws-client.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

const EPOCHS = 3;

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
let trainer: TrainerProcess | null = null;
let runId: string;
const updates: any[] = [];

function bearer(actor: "VIEWER" | "EDITOR" | "otherTeam"): Record<string, string> {
  return { authorization: `Bearer ${world.accounts[actor].token}` };
}

async function predictUpload(
  id: string,
  files: { name: string; bytes: Buffer }[],
  headers: Record<string, string>,
): Promise<Response> {
  const form = new FormData();
  for (const file of files) form.append("images", new Blob([file.bytes], { type: "image/png" }), file.name);
  return fetch(`${api.server.origin}/runs/${id}/predict`, { method: "POST", headers, body: form });
}

function zipEntries(bytes: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries = new Map<string, Buffer>();
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (openError, stream) => {
          if (openError || !stream) return reject(openError);
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 12, val: 5, test: 2 });
  const created = await world
    .client("EDITOR")
    .data<{ createRun: { id: string } }>(`mutation ($input: CreateRunInput!) { createRun(input: $input) { id } }`, {
      input: {
        versionId: sample.versionId,
        name: "sample run",
        config: { epochs: EPOCHS, inputSize: 96, batchSize: 8, augmentation: { enabled: false }, seed: 3 },
      },
    });
  runId = created.createRun.id;

  // Subscribe before any trainer exists, so the client sees the run from QUEUED to SUCCEEDED.
  const ws = connectWs(api.wsUrl, { token: world.accounts.VIEWER.token });
  let first!: () => void;
  const subscribed = new Promise<void>((resolve) => (first = resolve));
  const finished = new Promise<void>((resolve, reject) => {
    ws.client.subscribe(
      {
        query: `subscription ($runId: ID!) { runUpdated(runId: $runId) {
          kind status attempt epoch { epoch phase loss acc valLoss valAcc seconds } epochs { epoch }
          progress { stage done total epoch epochs batch batches } } }`,
        variables: { runId },
      },
      {
        next: (value) => {
          updates.push(value.data?.runUpdated ?? value);
          first();
        },
        error: reject,
        complete: resolve,
      },
    );
  });
  await subscribed;
  trainer = await startTrainer("api-e2e-trainer", {
    databaseUrl: api.db.url,
    dataDir: api.config.dataDir,
    timing: "daemon-defaults",
    progressIntervalMs: 100,
  });
  try {
    await finished;
  } catch (error) {
    throw new Error(`The subscription failed: ${JSON.stringify(error)}\nTrainer output:\n${trainer.output()}`);
  } finally {
    await ws.dispose();
  }
}, 300_000);

afterAll(async () => {
  await trainer?.stop();
  await api?.close();
}, 60_000);

describe("a run trained by a real trainer", () => {
  it("reaches the subscriber as state, RUNNING, every epoch in order, then SUCCEEDED", () => {
    expect(updates[0]).toMatchObject({ kind: "STATE", status: "QUEUED", epochs: [] });
    expect(updates.find((u) => u.kind === "STATUS")).toMatchObject({ status: "RUNNING", attempt: 1 });
    const epochs = updates.filter((u) => u.kind === "EPOCH").map((u) => u.epoch);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    for (const epoch of epochs) {
      expect(epoch.phase).toBe("head");
      expect(Number.isFinite(epoch.loss) && Number.isFinite(epoch.valAcc)).toBe(true);
    }
    const progress = updates.filter((u) => u.kind === "PROGRESS").map((u) => u.progress);
    expect(progress.some((p) => p.stage === "EMBEDDING" && p.total > 0)).toBe(true);
    expect(progress.some((p) => p.stage === "TRAINING" && p.batches > 0 && p.batch >= 1)).toBe(true);
    expect(updates.at(-1)).toMatchObject({ kind: "STATUS", status: "SUCCEEDED" });
  });

  it("stores the epochs, an evaluation and a model", async () => {
    const data = await world.client("VIEWER").data(
      `query ($id: ID!) { run(id: $id) { status currentEpoch plannedEpochs finishedAt epochs { epoch } artifacts { kind byteSize }
         modelDownloadUrl
         val: evaluation { count labels accuracy macroF1 perClass { label precision recall f1 support } confusionMatrix
           threshold withheldAtThreshold thresholds { threshold precision recall withheld } recommendedThreshold positiveLabel prCurve { precision recall } averagePrecision }
         test: evaluation(split: TEST) { count accuracy } } }`,
      { id: runId },
    );
    const run = data.run;
    expect(run).toMatchObject({
      status: "SUCCEEDED",
      currentEpoch: EPOCHS,
      plannedEpochs: EPOCHS,
      epochs: [{ epoch: 1 }, { epoch: 2 }, { epoch: 3 }],
    });
    // The trainer drops the epoch checkpoint once the final models are stored.
    expect(
      run.artifacts
        .map((a: any) => a.kind)
        .filter((kind: string) => kind !== "CHECKPOINT")
        .sort(),
    ).toEqual(["FULL", "HEAD"]);
    expect(run.modelDownloadUrl).toBe(`/runs/${runId}/model.zip`);
    expect(run.val).toMatchObject({
      count: 10,
      labels: sample.labels,
      positiveLabel: sample.labels[1],
      threshold: 0.75,
    });
    expect(run.val.confusionMatrix.flat().reduce((a: number, b: number) => a + b, 0)).toBe(10);
    expect(run.val.perClass.map((c: any) => c.support)).toEqual([5, 5]);
    expect(run.val.thresholds.length).toBeGreaterThan(5);
    expect(run.val.prCurve.length).toBeGreaterThan(0);
    // Sneakers and ankle boots are easy for ImageNet features, even from 24 images.
    expect(run.val.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(run.test.count).toBe(4);
    const sorted = await world
      .client("VIEWER")
      .data(`query ($teamId: ID!) { runs(teamId: $teamId, orderBy: VAL_ACCURACY) { edges { node { id } } } }`, {
        teamId: world.teamId,
      });
    expect(sorted.runs.edges[0].node.id).toBe(runId);
  });

  it("serves the real trainer's label-issue estimates as Run.labelIssues, consistent with its flags", async () => {
    const data = await world.client("VIEWER").data(
      `query ($id: ID!) { run(id: $id) { labelIssues { scored flagged folds scoreThreshold estimatedIssues
         estimatedErrors estimatedPrecision estimatedRecall members memberWeights } } }`,
      { id: runId },
    );
    const issues = data.run.labelIssues;
    // 12 training images a class, two classes: every one ranked, out of 5 folds.
    expect(issues).toMatchObject({ scored: 24, folds: 5 });
    expect(issues.members[0]).toBe("embedding_head");
    expect(issues.memberWeights).toHaveLength(issues.members.length);
    expect(issues.memberWeights.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    const flagged = await api.db.prisma.prediction.findMany({ where: { runId, labelIssueFlagged: true } });
    expect(flagged).toHaveLength(issues.flagged);
    if (issues.flagged > 0) {
      expect(issues.scoreThreshold).toBeCloseTo(Math.min(...flagged.map((row) => row.labelIssueScore!)), 5);
    } else {
      expect(issues.scoreThreshold).toBeNull();
    }
    for (const key of ["estimatedPrecision", "estimatedRecall"]) {
      expect(issues[key]).toBeGreaterThanOrEqual(0);
      expect(issues[key]).toBeLessThanOrEqual(1);
    }
  });

  it("lists review items per class with image URLs the team can open", async () => {
    const [sneaker] = sample.labels.filter((l) => l === "sneaker");
    const data = await world.client("VIEWER").data(
      `query ($id: ID!, $label: String!) { run(id: $id) {
         mostConfident(label: $label, first: 3) { totalCount edges { node { imageId imageUrl givenLabel predictedLabel probability givenLabelProbability split } } pageInfo { hasNextPage endCursor } }
         leastConfident(label: $label) { totalCount edges { node { givenLabelProbability } } }
         confidentlyWrong(label: $label) { totalCount edges { node { correct predictedLabel } } }
         suspectedLabelIssues(label: $label, split: TRAIN) { totalCount edges { node { split labelIssueScore suspectedLabel } } } } }`,
      { id: runId, label: sneaker },
    );
    const { mostConfident, leastConfident, confidentlyWrong, suspectedLabelIssues } = data.run;
    expect(mostConfident.totalCount).toBe(7);
    expect(mostConfident.edges).toHaveLength(3);
    expect(mostConfident.pageInfo.hasNextPage).toBe(true);
    const probabilities = mostConfident.edges.map((e: any) => e.node.givenLabelProbability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    const least = leastConfident.edges.map((e: any) => e.node.givenLabelProbability);
    expect(least).toEqual([...least].sort((a, b) => a - b));
    expect(least[0]).toBeLessThanOrEqual(probabilities.at(-1));
    for (const edge of mostConfident.edges) expect(edge.node.givenLabel).toBe("sneaker");
    for (const edge of confidentlyWrong.edges) expect(edge.node).toMatchObject({ correct: false });
    for (const edge of suspectedLabelIssues.edges) expect(edge.node.split).toBe("TRAIN");
    const image = await fetch(`${api.server.origin}${mostConfident.edges[0].node.imageUrl}`, {
      headers: bearer("VIEWER"),
    });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
  });

  it("records review decisions; RELABEL and EXCLUDE change the dataset for the next version", async () => {
    const items = await world
      .client("VIEWER")
      .data(
        `query ($id: ID!) { run(id: $id) { mostConfident(label: "ankle_boot", first: 3) { edges { node { imageId } } } } }`,
        { id: runId },
      );
    const [confirmId, relabelId, excludeId] = items.run.mostConfident.edges.map((e: any) => e.node.imageId);
    const REVIEW = `mutation ($input: ReviewPredictionInput!) { reviewPrediction(input: $input) { action newLabel createdAt user { email } } }`;
    const editor = world.client("EDITOR");
    const confirm = await editor.data(REVIEW, { input: { runId, imageId: confirmId, action: "CONFIRM" } });
    expect(confirm.reviewPrediction).toMatchObject({
      action: "CONFIRM",
      newLabel: null,
      user: { email: world.accounts.EDITOR.email },
    });
    await editor.data(REVIEW, { input: { runId, imageId: relabelId, action: "RELABEL", newLabel: "sneaker" } });
    await editor.data(REVIEW, { input: { runId, imageId: excludeId, action: "EXCLUDE" } });

    const missingLabel = await editor.request(REVIEW, { input: { runId, imageId: relabelId, action: "RELABEL" } });
    expect(missingLabel.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "newLabel" });
    const unknownLabel = await editor.request(REVIEW, {
      input: { runId, imageId: relabelId, action: "RELABEL", newLabel: "sandal" },
    });
    expect(unknownLabel.body.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "newLabel" });
    const notInRun = await editor.request(REVIEW, {
      input: { runId, imageId: "00000000-0000-4000-8000-000000000000", action: "CONFIRM" },
    });
    expect(errorCode(notInRun)).toBe("NOT_FOUND");

    const images = await world
      .client("VIEWER")
      .data(
        `query ($a: ID!, $b: ID!) { relabelled: image(id: $a) { labels labelChanges { edges { node { from to reason user { email } } } } } excluded: image(id: $b) { excluded } }`,
        { a: relabelId, b: excludeId },
      );
    expect(images.relabelled.labels).toEqual(["sneaker"]);
    expect(images.relabelled.labelChanges.edges.at(-1).node).toMatchObject({
      from: ["ankle_boot"],
      to: ["sneaker"],
      reason: `Review of run ${runId}`,
      user: { email: world.accounts.EDITOR.email },
    });
    expect(images.excluded.excluded).toBe(true);

    const decisions = await world
      .client("VIEWER")
      .data(`query ($id: ID!) { run(id: $id) { reviewDecisions { edges { node { action imageId } } } } }`, {
        id: runId,
      });
    expect(decisions.run.reviewDecisions.edges.map((e: any) => e.node.action)).toEqual([
      "CONFIRM",
      "RELABEL",
      "EXCLUDE",
    ]);
    const latest = await world
      .client("VIEWER")
      .data(
        `query ($id: ID!) { run(id: $id) { mostConfident(label: "ankle_boot", first: 1) { edges { node { latestDecision { action } } } } } }`,
        { id: runId },
      );
    expect(latest.run.mostConfident.edges[0].node.latestDecision).toEqual({ action: "CONFIRM" });
  });

  it("predicts the right class for clearly labelled sample images, over multipart and GraphQL alike", async () => {
    const picks = sample.labels.map((label) => sample.testFiles.find((file) => file.label === label)!);
    const response = await predictUpload(runId, picks, bearer("VIEWER"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.predictions.map((p: any) => p.label)).toEqual(sample.labels);
    for (const prediction of body.predictions) {
      expect(prediction.probabilities.map((p: any) => p.label)).toEqual(sample.labels);
      expect(prediction.probabilities.reduce((sum: number, p: any) => sum + p.probability, 0)).toBeCloseTo(1, 4);
      expect(prediction.withheld).toBe(prediction.confidence < 0.75);
    }

    const split = await world
      .client("VIEWER")
      .data(
        `mutation ($input: PredictSplitInput!) { predictSplit(input: $input) { totalCount nextOffset items { imageId givenLabels prediction { label confidence } } } }`,
        { input: { runId, split: "TEST", limit: 4 } },
      );
    // The review test excluded one image, possibly from TEST: the split is read as it is now.
    const current = await api.db.prisma.image.count({
      where: { datasetId: sample.datasetId, split: "TEST", excluded: false },
    });
    expect(split.predictSplit.totalCount).toBe(current);
    expect(split.predictSplit.items).toHaveLength(current);
    expect(split.predictSplit.nextOffset).toBeNull();
    const ids = split.predictSplit.items.map((item: any) => item.imageId);
    const stored = await world
      .client("VIEWER")
      .data(
        `mutation ($input: PredictImagesInput!) { predictImages(input: $input) { imageId prediction { label confidence } } }`,
        { input: { runId, imageIds: ids } },
      );
    // Same model, same bytes: the cached model answers exactly as before.
    expect(stored.predictImages.map((p: any) => p.prediction)).toEqual(
      split.predictSplit.items.map((item: any) => item.prediction),
    );
  });

  it("predicts from the command line: npm run cli -- predict --run R <image…>", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "headstart-cli-predict-"));
    try {
      const picks = sample.labels.map((label) => sample.testFiles.find((file) => file.label === label)!);
      const files = await Promise.all(
        picks.map(async (file) => {
          const target = path.join(dir, file.name);
          await writeFile(target, file.bytes);
          return target;
        }),
      );
      // The CLI's entry through its package ("@headstart/cli/main"), not a path into apps/cli.
      const cliMain = createRequire(import.meta.url).resolve("@headstart/cli/main");
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          process.execPath,
          ["--import", "tsx", cliMain, "predict", "--run", runId, "--json", ...files],
          {
            env: { ...process.env, DATABASE_URL: api.db.url, HEADSTART_DATA_DIR: api.config.dataDir },
            timeout: 120_000,
          },
          (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
        ),
      );
      const results = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{ file: string; label: string }>;
      expect(results.map((r) => r.file)).toEqual(files);
      expect(results.map((r) => r.label)).toEqual(sample.labels);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 150_000);

  it("rejects a non-image upload naming the file, and an outsider as if the run did not exist", async () => {
    const bad = await predictUpload(
      runId,
      [{ name: "notes.txt", bytes: Buffer.from("not an image at all") }],
      bearer("VIEWER"),
    );
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as any;
    expect(body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(body.errors[0].message).toContain("notes.txt");
    const outsider = await predictUpload(runId, [sample.testFiles[0]!], bearer("otherTeam"));
    expect(outsider.status).toBe(404);
    const anonymous = await predictUpload(runId, [sample.testFiles[0]!], {});
    expect(anonymous.status).toBe(401);
  });

  it("downloads the full and head models with a manifest as a valid zip, with the same access rules", async () => {
    const response = await fetch(`${api.server.origin}/runs/${runId}/model.zip`, { headers: bearer("VIEWER") });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename=".+\.zip"/);
    const entries = await zipEntries(Buffer.from(await response.arrayBuffer()));
    expect([...entries.keys()].sort()).toEqual([
      "full/manifest.json",
      "full/model.json",
      "full/model.onnx",
      "full/weights.bin",
      "head/manifest.json",
      "head/model.json",
      "head/weights.bin",
      "manifest.json",
    ]);
    const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8"));
    expect(manifest).toMatchObject({
      format: "headstart-run-model",
      run: { id: runId, status: "SUCCEEDED" },
      config: { epochs: EPOCHS },
    });
    expect(JSON.parse(entries.get("full/manifest.json")!.toString("utf8"))).toMatchObject({
      kind: "full",
      labels: sample.labels,
      inputSize: 96,
    });
    expect(JSON.parse(entries.get("head/manifest.json")!.toString("utf8")).kind).toBe("head");
    // What model.onnx expects is in the full model's manifest, the preprocessing included.
    expect(manifest.models.full.manifest.onnx).toMatchObject({
      file: "model.onnx",
      byteSize: entries.get("full/model.onnx")!.length,
      inputName: "input",
      input: expect.stringContaining("[0, 1]"),
      preprocessing: expect.stringContaining("inside the graph"),
    });

    expect((await fetch(`${api.server.origin}/runs/${runId}/model.zip`, { headers: bearer("otherTeam") })).status).toBe(
      404,
    );
    expect((await fetch(`${api.server.origin}/runs/${runId}/model.zip`)).status).toBe(401);
  });
});

describe("the trained run's ONNX model", () => {
  it("downloads alone as model.onnx (same access rules) and, in a fresh ONNX Runtime session, predicts what the platform predicts within 1e-4", async () => {
    const url = `${api.server.origin}/runs/${runId}/model.onnx`;
    const response = await fetch(url, { headers: bearer("VIEWER") });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/attachment; filename=".+\.onnx"/);
    const graph = new Uint8Array(await response.arrayBuffer());
    expect((await fetch(url, { headers: bearer("otherTeam") })).status).toBe(404);
    expect((await fetch(url)).status).toBe(401);

    // The platform's own predictions for the TEST images, over its predict endpoint.
    const platform = (await (await predictUpload(runId, sample.testFiles, bearer("VIEWER"))).json()) as {
      predictions: Array<{ probabilities: Array<{ label: string; probability: number }> }>;
    };
    expect(platform.predictions).toHaveLength(sample.testFiles.length);

    // onnxruntime-node as ml-core ships it (the API has no dependency of its own on it), in a session
    // of this test's own: nothing of Headstart's inference code between the file and the numbers.
    const ort = createRequire(createRequire(import.meta.url).resolve("@headstart/ml-core"))(
      "onnxruntime-node",
    ) as typeof import("onnxruntime-node");
    const session = await ort.InferenceSession.create(graph);
    try {
      // The exported graph takes [0, 1] pixels at the run's size, decoded as the platform decodes them.
      const size = 96;
      const pixels = new Float32Array(sample.testFiles.length * size * size * 3);
      for (const [i, file] of sample.testFiles.entries()) {
        const decoded = await decodeImage(file.bytes, { size });
        for (let k = 0; k < decoded.data.length; k++) pixels[i * size * size * 3 + k] = decoded.data[k]! / 255;
      }
      const input = new ort.Tensor("float32", pixels, [sample.testFiles.length, size, size, 3]);
      const output = (await session.run({ [session.inputNames[0]!]: input }))[session.outputNames[0]!]!;
      expect(output.dims).toEqual([sample.testFiles.length, sample.labels.length]);
      const values = output.data as Float32Array;
      let largest = 0;
      platform.predictions.forEach((prediction, i) => {
        const byLabel = new Map(prediction.probabilities.map((p) => [p.label, p.probability]));
        sample.labels.forEach((label, k) => {
          largest = Math.max(largest, Math.abs(values[i * sample.labels.length + k]! - byLabel.get(label)!));
        });
      });
      console.info(`model.onnx vs the platform's predictions: largest difference ${largest.toExponential(2)}`);
      expect(largest).toBeLessThan(1e-4);
    } finally {
      await session.release();
    }
  });
});

describe("a run whose model files are gone from the blob store", () => {
  it("answers both downloads with a 409 that says to retry the run, and works again once the files are back", async () => {
    const full = await api.db.prisma.modelArtifact.findUniqueOrThrow({
      where: { runId_kind: { runId, kind: "FULL" } },
    });
    await api.db.prisma.modelArtifact.update({ where: { id: full.id }, data: { blobKey: `${full.blobKey}-gone` } });
    try {
      for (const file of ["model.zip", "model.onnx"]) {
        const response = await fetch(`${api.server.origin}/runs/${runId}/${file}`, { headers: bearer("VIEWER") });
        expect(response.status, file).toBe(409);
        const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
        expect(body.errors[0]!.extensions.code).toBe("CONFLICT");
        expect(body.errors[0]!.message).toMatch(/missing or damaged in the blob store; retry the run/);
      }
    } finally {
      await api.db.prisma.modelArtifact.update({ where: { id: full.id }, data: { blobKey: full.blobKey } });
    }
    expect((await fetch(`${api.server.origin}/runs/${runId}/model.onnx`, { headers: bearer("VIEWER") })).status).toBe(
      200,
    );
  });
});

describeAuthorizationMatrix("trained run authorization", () => world, [
  {
    name: "predictImages",
    allowed: rolesFrom("VIEWER"),
    setup: async () => {
      const page = await api.db.prisma.prediction.findFirstOrThrow({ where: { runId, split: "TEST" } });
      return page.imageId;
    },
    run: (client, imageId) =>
      client.request(
        `mutation ($input: PredictImagesInput!) { predictImages(input: $input) { prediction { label } } }`,
        {
          input: { runId, imageIds: [imageId] },
        },
      ),
  },
  {
    name: "predictSplit",
    allowed: rolesFrom("VIEWER"),
    run: (client) =>
      client.request(`mutation ($input: PredictSplitInput!) { predictSplit(input: $input) { totalCount } }`, {
        input: { runId, split: "TEST", limit: 1 },
      }),
  },
  {
    name: "reviewPrediction",
    allowed: rolesFrom("EDITOR"),
    setup: async () => (await api.db.prisma.prediction.findFirstOrThrow({ where: { runId, split: "VAL" } })).imageId,
    run: (client, imageId) =>
      client.request(`mutation ($input: ReviewPredictionInput!) { reviewPrediction(input: $input) { action } }`, {
        input: { runId, imageId, action: "AMBIGUOUS" },
      }),
  },
  {
    name: "run evaluation",
    allowed: rolesFrom("VIEWER"),
    run: (client) =>
      client.request(`query ($id: ID!) { run(id: $id) { evaluation(split: TEST) { accuracy } } }`, { id: runId }),
  },
]);

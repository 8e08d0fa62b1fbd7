// Issue 12 over GraphQL against a real Postgres and a real trainer: recommendRunConfig measures a
// version (on a worker thread) and explains each choice, the answer is stored for the next ask; a
// finished run carries its pixel baseline and a diagnosis whose suggested configs start as runs;
// AUTO settings are validated like any config field.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { startTrainer, type TrainerProcess } from "@headstart/trainer/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
let trainer: TrainerProcess | null = null;

const RECOMMEND = `query ($versionId: ID!) { recommendRunConfig(versionId: $versionId) {
  versionId strategy config seconds measuredAt
  reasons { field sentence }
  measurements { classes trainImages nativeSize pixelProbeAccuracy gradientProbeAccuracy bestCut backboneAdvantage cutProbes { cut accuracy } }
  referencePreset { id title config } } }`;

const CREATE = `mutation ($input: CreateRunInput!) { createRun(input: $input) { id status config { strategy schedule auto { budgetSeconds } } } }`;

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 10, val: 5, test: 2 });
}, 120_000);

afterAll(async () => {
  await trainer?.stop();
  await api?.close();
}, 60_000);

describe("recommendRunConfig", () => {
  it("measures the version and returns a valid config with one sentence per choice, then answers from the store", async () => {
    const viewer = world.client("VIEWER");
    const t0 = performance.now();
    const { recommendRunConfig: first } = await viewer.data<{ recommendRunConfig: any }>(RECOMMEND, {
      versionId: sample.versionId,
    });
    const measuredIn = (performance.now() - t0) / 1000;
    expect(["frozen", "fine-tune-top", "fine-tune-all", "scratch", "gradients"]).toContain(first.strategy);
    expect(first.reasons.find((r: { field: string }) => r.field === "strategy").sentence).toMatch(/linear probe/);
    expect(first.reasons.length).toBeGreaterThanOrEqual(3);
    expect(first.measurements).toMatchObject({ classes: 2, trainImages: 20, nativeSize: 28 });
    // 28-px images also get the oriented-gradient features' probe.
    expect(first.measurements.gradientProbeAccuracy).toBeGreaterThan(0.5);
    expect(first.measurements.cutProbes.map((p: { cut: string }) => p.cut)).toEqual([
      "block_10",
      "block_13",
      "block_16",
      "out_relu",
    ]);
    expect(first.referencePreset.title).toBe("Reference: frozen MobileNet, 10 epochs");

    // The recommended config is a createRun config as it stands.
    const config = JSON.parse(first.config);
    expect(config.strategy).toBe("MANUAL");
    const created = await world.client("EDITOR").data<{ createRun: { id: string; status: string } }>(CREATE, {
      input: { versionId: sample.versionId, name: "recommended", config: graphqlConfig(config) },
    });
    expect(created.createRun.status).toBe("QUEUED");
    await world
      .client("EDITOR")
      .data(`mutation ($id: ID!) { cancelRun(input: { runId: $id }) { outcome } }`, { id: created.createRun.id });

    const t1 = performance.now();
    const { recommendRunConfig: second } = await viewer.data<{ recommendRunConfig: any }>(RECOMMEND, {
      versionId: sample.versionId,
    });
    const storedIn = (performance.now() - t1) / 1000;
    expect(second.measuredAt).toBe(first.measuredAt);
    expect(second.config).toBe(first.config);
    expect(storedIn).toBeLessThan(2);
    console.log(
      `recommendRunConfig: ${first.strategy} measured in ${measuredIn.toFixed(1)} s (worker ${first.seconds.toFixed(1)} s), stored answer in ${(storedIn * 1000).toFixed(0)} ms; ` +
        `pixels ${first.measurements.pixelProbeAccuracy.toFixed(3)}, best cut ${first.measurements.bestCut} (+${first.measurements.backboneAdvantage.toFixed(3)})`,
    );
  }, 300_000);

  it("is NOT_FOUND for another team's version", async () => {
    const response = await world.client("otherTeam").request(RECOMMEND, { versionId: sample.versionId });
    expect(errorCode(response)).toBe("NOT_FOUND");
  });
});

describe("AUTO settings", () => {
  it("are validated per field and stored resolved", async () => {
    const editor = world.client("EDITOR");
    const bad = await editor.request(CREATE, {
      input: { versionId: sample.versionId, config: { strategy: "AUTO", auto: { budgetSeconds: 5 } } },
    });
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");
    expect(bad.body.errors?.[0]?.extensions?.field).toBe("config.auto.budgetSeconds");
    const ok = await editor.data<{ createRun: any }>(CREATE, {
      input: {
        versionId: sample.versionId,
        config: { strategy: "AUTO", schedule: "COSINE", auto: { budgetSeconds: 120 } },
      },
    });
    expect(ok.createRun.config).toEqual({ strategy: "AUTO", schedule: "COSINE", auto: { budgetSeconds: 120 } });
    await editor.data(`mutation ($id: ID!) { cancelRun(input: { runId: $id }) { outcome } }`, {
      id: ok.createRun.id,
    });
  });
});

describe("a finished run", () => {
  it("has its pixel baseline and a diagnosis whose suggested configs start as runs", async () => {
    const editor = world.client("EDITOR");
    const { createRun } = await editor.data<{ createRun: { id: string } }>(CREATE, {
      input: {
        versionId: sample.versionId,
        name: "short",
        config: {
          epochs: 2,
          inputSize: 96,
          batchSize: 8,
          augmentation: { enabled: false },
          earlyStoppingPatience: null,
          seed: 4,
        },
      },
    });
    trainer = await startTrainer("api-autopilot-trainer", {
      databaseUrl: api.db.url,
      dataDir: api.config.dataDir,
      timing: "daemon-defaults",
    });
    const query = `query ($id: ID!) { run(id: $id) { status error
      baseline { model size trainAccuracy valAccuracy testAccuracy runBelowBaseline verdict seconds }
      diagnosis { kind severity message suggestedConfig } } }`;
    let run: any;
    const deadline = Date.now() + 240_000;
    for (;;) {
      run = (await world.client("VIEWER").data<{ run: any }>(query, { id: createRun.id })).run;
      if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(run.status)) break;
      if (Date.now() > deadline) throw new Error(`run still ${run.status}\n${trainer.output().slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    expect(run.error).toBeNull();
    expect(run.status).toBe("SUCCEEDED");
    expect(run.baseline).toMatchObject({ model: "logistic-regression-on-pixels", size: 28 });
    expect(run.baseline.valAccuracy).toBeGreaterThan(0.5);
    expect(run.baseline.verdict).toMatch(/pixel baseline/);

    // 10 training images per class is under the 30 the rules ask for.
    const kinds = run.diagnosis.map((d: { kind: string }) => d.kind);
    expect(kinds).toContain("too-few-images");
    for (const d of run.diagnosis) expect(d.message.length).toBeGreaterThan(20);
    const suggested = run.diagnosis.filter((d: { suggestedConfig: string | null }) => d.suggestedConfig);
    expect(suggested.length).toBeGreaterThan(0);
    // "Start this run": each suggestion is accepted by createRun as it stands.
    for (const d of suggested) {
      const { createRun: next } = await editor.data<{ createRun: { id: string; status: string } }>(CREATE, {
        input: {
          versionId: sample.versionId,
          name: `fix ${d.kind}`,
          config: graphqlConfig(JSON.parse(d.suggestedConfig)),
        },
      });
      // The trainer is up, so it may have claimed the run already.
      expect(["QUEUED", "RUNNING"]).toContain(next.status);
      await editor.data(`mutation ($id: ID!) { cancelRun(input: { runId: $id }) { outcome } }`, { id: next.id });
    }
    // The CLI shows the same baseline and diagnosis (its entry through its package, as the CLI runs it).
    const cliMain = createRequire(import.meta.url).resolve("@headstart/cli/main");
    const shown = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--import", "tsx", cliMain, "run", "show", createRun.id],
        { env: { ...process.env, DATABASE_URL: api.db.url, HEADSTART_DATA_DIR: api.config.dataDir }, timeout: 120_000 },
        (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
      ),
    );
    expect(shown).toMatch(/^run .*: SUCCEEDED/m);
    expect(shown).toMatch(/pixel baseline \(logistic regression on 28-px pixels\)/);
    expect(shown).toMatch(/\] too-few-images: /);
    expect(shown).toMatch(/start this run with config: \{/);
    console.log(
      `finished run: baseline val ${run.baseline.valAccuracy.toFixed(3)} in ${run.baseline.seconds.toFixed(1)} s; diagnosis ${kinds.join(", ")}`,
    );
  }, 300_000);
});

/** A config as the API's JSON fields give it, in RunConfigInput's shape (enums by name, augmentation off as enabled: false). */
function graphqlConfig(config: Record<string, any>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  if (config.optimizer) out.optimizer = String(config.optimizer).toUpperCase();
  if (config.schedule) out.schedule = String(config.schedule).toUpperCase().replace("-", "_");
  if (config.headKind) out.headKind = String(config.headKind).toUpperCase();
  if (config.augmentation === null) out.augmentation = { enabled: false };
  if (config.auto === null) delete out.auto;
  return out;
}

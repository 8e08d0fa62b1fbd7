// RunConfig.validationFold over GraphQL: the trainer sets it on an AUTO run's cross-fitted seed runs,
// so the run's config shows it (null for an ordinary run, and for configs stored before the field
// existed) while createRun's input has no such field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;

const CREATE = `mutation ($input: CreateRunInput!) { createRun(input: $input) { id config { validationFold { index count } } } }`;
const RUN = `query ($id: ID!) { run(id: $id) { config { seed validationFold { index count } } } }`;

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 2, val: 3, test: 1 });
}, 120_000);

afterAll(async () => {
  await api?.close();
}, 60_000);

describe("RunConfig.validationFold", () => {
  it("is null on a created run and shows the fold the trainer set on a seed run", async () => {
    const editor = world.client("EDITOR");
    const { createRun } = await editor.data<{ createRun: { id: string; config: { validationFold: unknown } } }>(
      CREATE,
      { input: { versionId: sample.versionId, config: { seed: 4 } } },
    );
    expect(createRun.config.validationFold).toBeNull();

    // What the trainer stores for a cross-fitted seed run: the resolved config with its fold.
    const row = await api.db.prisma.run.findUniqueOrThrow({ where: { id: createRun.id } });
    const stored = row.config as Record<string, unknown>;
    expect(stored.validationFold).toBeNull();
    await api.db.prisma.run.update({
      where: { id: createRun.id },
      data: { config: { ...stored, validationFold: { index: 1, count: 3 } } },
    });
    const viewer = world.client("VIEWER");
    const folded = await viewer.data<{ run: { config: { seed: number; validationFold: unknown } } }>(RUN, {
      id: createRun.id,
    });
    expect(folded.run.config).toEqual({ seed: 4, validationFold: { index: 1, count: 3 } });

    // A config stored before the field existed has no key: it used the version's splits.
    const { validationFold: _, ...older } = stored;
    await api.db.prisma.run.update({ where: { id: createRun.id }, data: { config: older as object } });
    const old = await viewer.data<{ run: { config: { validationFold: unknown } } }>(RUN, { id: createRun.id });
    expect(old.run.config.validationFold).toBeNull();
  });

  it("cannot be set through createRun", async () => {
    const response = await world.client("EDITOR").request(CREATE, {
      input: { versionId: sample.versionId, config: { validationFold: { index: 0, count: 2 } } },
    });
    expect(response.body.data ?? null).toBeNull();
    expect(JSON.stringify(response.body.errors)).toMatch(/validationFold/);
  });
});

// The shipped sample datasets over real HTTP: the catalogue, loading one into
// a team (images stored through the normal ingest, splits from the train/val
// folders, version 1 frozen so a run can be queued at once), fresh names for
// further copies, and who may load.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { SAMPLE_ROOT } from "@headstart/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";

let api: TestApi;
let world: TeamWorld;

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
});
afterAll(async () => {
  await api?.close();
});

const LIST = `{ sampleDatasets { id title description task labels images { train val total } licence attribution sourceUrl } }`;
const LOAD = `mutation ($input: LoadSampleDatasetInput!) {
  loadSampleDataset(input: $input) {
    id name task labels { name position }
    stats { images { train val test total } excluded }
    versions { edges { node { id number imageCount labels splitCounts { train val test } } } }
  }
}`;

async function filesIn(folder: string): Promise<number> {
  let count = 0;
  for (const label of await readdir(folder)) count += (await readdir(path.join(folder, label))).length;
  return count;
}

async function teamDatasetNames(teamId: string): Promise<string[]> {
  const rows = await api.db.prisma.dataset.findMany({
    where: { teamId },
    select: { name: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => row.name);
}

describe("sampleDatasets", () => {
  it("lists each shipped sample with its labels, image counts as on disk, and licence", async () => {
    const data = await world.client("VIEWER").data<{ sampleDatasets: any[] }>(LIST);
    const byId = new Map(data.sampleDatasets.map((s) => [s.id, s]));
    expect([...byId.keys()].sort()).toEqual(["FASHION_MNIST_SHOES", "FASHION_MNIST_TEN"]);

    const shoes = byId.get("FASHION_MNIST_SHOES");
    expect(shoes).toMatchObject({
      title: "Fashion-MNIST: sneaker vs ankle boot",
      task: "BINARY",
      labels: ["ankle_boot", "sneaker"],
      licence: "MIT",
    });
    expect(shoes.images).toEqual({
      train: await filesIn(path.join(SAMPLE_ROOT, "binary", "train")),
      val: await filesIn(path.join(SAMPLE_ROOT, "binary", "val")),
      total: shoes.images.train + shoes.images.val,
    });
    expect(shoes.images.train).toBeGreaterThan(0);
    expect(shoes.attribution).toMatch(/Zalando/);
    expect(shoes.sourceUrl).toBe("https://github.com/zalandoresearch/fashion-mnist");

    const ten = byId.get("FASHION_MNIST_TEN");
    expect(ten.task).toBe("MULTICLASS");
    expect(ten.labels).toEqual((await readdir(path.join(SAMPLE_ROOT, "multiclass", "train"))).sort());
    expect(ten.labels).toHaveLength(10);
    expect(ten.images.val).toBe(await filesIn(path.join(SAMPLE_ROOT, "multiclass", "val")));
  });

  it("asks anonymous callers to sign in", async () => {
    const response = await api.http.request(LIST);
    expect(errorCode(response)).toBe("UNAUTHENTICATED");
  });
});

// Each load stores every sample image one by one; on a busy two-core machine that takes a while.
const LOAD_TIMEOUT_MS = 180_000;

describe("loadSampleDataset", () => {
  it(
    "creates the dataset through the normal ingest, keeps the train/val splits, and freezes version 1 that a run can use at once",
    async () => {
      const editor = world.client("EDITOR");
      const data = await editor.data<{ loadSampleDataset: any }>(LOAD, {
        input: { teamId: world.teamId, sample: "FASHION_MNIST_SHOES" },
      });
      const dataset = data.loadSampleDataset;
      expect(dataset.name).toBe("Fashion-MNIST: sneaker vs ankle boot");
      expect(dataset.task).toBe("BINARY");
      expect(dataset.labels).toEqual([
        { name: "ankle_boot", position: 0 },
        { name: "sneaker", position: 1 },
      ]);

      // Every shipped file is a distinct, valid PNG: all of them are stored, in the split of their folder.
      const train = await filesIn(path.join(SAMPLE_ROOT, "binary", "train"));
      const val = await filesIn(path.join(SAMPLE_ROOT, "binary", "val"));
      expect(dataset.stats.images).toEqual({ train, val, test: 0, total: train + val });
      expect(dataset.stats.excluded).toBe(0);

      const versions = dataset.versions.edges.map((edge: any) => edge.node);
      expect(versions).toHaveLength(1);
      expect(versions[0]).toMatchObject({
        number: 1,
        imageCount: train + val,
        labels: ["ankle_boot", "sneaker"],
        splitCounts: { train, val, test: 0 },
      });

      // Stored like an upload: sha256 per image, blob on disk, served by URL to team members.
      const images = await api.db.prisma.image.findMany({
        where: { datasetId: dataset.id },
        select: { sha256: true, mime: true, originalName: true },
      });
      expect(new Set(images.map((image) => image.sha256)).size).toBe(train + val);
      expect(images.every((image) => image.mime === "image/png")).toBe(true);
      expect(images.some((image) => image.originalName?.startsWith("train/sneaker/"))).toBe(true);
      const first = await world
        .client("VIEWER")
        .data<any>(`query ($id: ID!) { dataset(id: $id) { images(first: 1) { edges { node { url } } } } }`, {
          id: dataset.id,
        });
      const imageUrl = new URL(first.dataset.images.edges[0].node.url, api.server.origin);
      const served = await fetch(imageUrl, { headers: { authorization: `Bearer ${world.accounts.VIEWER.token}` } });
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe("image/png");

      const run = await editor.data<{ createRun: { id: string; status: string } }>(
        `mutation ($input: CreateRunInput!) { createRun(input: $input) { id status } }`,
        { input: { versionId: versions[0].id } },
      );
      expect(run.createRun.status).toBe("QUEUED");
    },
    LOAD_TIMEOUT_MS,
  );

  it(
    "gives a second copy a fresh name instead of failing",
    async () => {
      const before = await teamDatasetNames(world.teamId);
      const owner = world.client("OWNER");
      const second = await owner.data<{ loadSampleDataset: any }>(LOAD, {
        input: { teamId: world.teamId, sample: "FASHION_MNIST_TEN" },
      });
      const third = await owner.data<{ loadSampleDataset: any }>(LOAD, {
        input: { teamId: world.teamId, sample: "FASHION_MNIST_TEN" },
      });
      expect(second.loadSampleDataset.name).toBe("Fashion-MNIST: ten garment classes");
      expect(third.loadSampleDataset.name).toBe("Fashion-MNIST: ten garment classes (2)");
      expect(third.loadSampleDataset.id).not.toBe(second.loadSampleDataset.id);
      expect(third.loadSampleDataset.stats.images).toEqual(second.loadSampleDataset.stats.images);
      expect(third.loadSampleDataset.versions.edges[0].node.number).toBe(1);
      expect(await teamDatasetNames(world.teamId)).toEqual([
        ...before,
        "Fashion-MNIST: ten garment classes",
        "Fashion-MNIST: ten garment classes (2)",
      ]);
    },
    LOAD_TIMEOUT_MS,
  );

  it.each([
    ["anonymous", "UNAUTHENTICATED"],
    ["VIEWER", "FORBIDDEN"],
    ["otherTeam", "NOT_FOUND"],
  ] as const)("refuses %s with %s and creates nothing", async (actor, code) => {
    const before = await api.db.prisma.dataset.count();
    const response = await world
      .client(actor)
      .request(LOAD, { input: { teamId: world.teamId, sample: "FASHION_MNIST_SHOES" } });
    expect(errorCode(response)).toBe(code);
    expect(response.body.errors![0].message.length).toBeGreaterThan(20);
    expect(await api.db.prisma.dataset.count()).toBe(before);
  });

  it("answers NOT_FOUND for a team id that does not exist and BAD_USER_INPUT for an unknown sample", async () => {
    const editor = world.client("EDITOR");
    const missing = await editor.request(LOAD, {
      input: { teamId: "00000000-0000-4000-8000-000000000000", sample: "FASHION_MNIST_SHOES" },
    });
    expect(errorCode(missing)).toBe("NOT_FOUND");
    const unknown = await editor.request(LOAD, { input: { teamId: world.teamId, sample: "MNIST_DIGITS" } });
    expect(errorCode(unknown)).toBe("BAD_USER_INPUT");
  });
});

// DatasetVersion.embeddingMap over real HTTP and Postgres: a version's own map
// from the embeddings cached for its images (written here as the trainer's
// embedding cache stores them), before any run; images never embedded are
// left out; access as for the version.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode } from "./helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "./helpers/team-world.ts";
import { startTestApi, type TestApi } from "./helpers/test-api.ts";
import { type UploadedSample, uploadSample } from "./runs/upload-sample.ts";

let api: TestApi;
let world: TeamWorld;
let sample: UploadedSample;
/** Images of the version with a cached vector, and the one left without. */
let embedded: { id: string; label: string }[];

/** Little-endian float32, as the embedding cache stores vectors. */
function vectorBytes(values: number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

const QUERY = `query ($id: ID!) { datasetVersion(id: $id) { embeddingMap {
  space imageCount labels imageIds x y labelIndex mistakes suspected explainedVariance } } }`;

interface MapAnswer {
  datasetVersion: {
    embeddingMap: {
      space: string | null;
      imageCount: number;
      labels: string[];
      imageIds: string[];
      x: number[];
      labelIndex: number[];
      mistakes: boolean[];
      suspected: boolean[];
      explainedVariance: number[];
    };
  };
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  sample = await uploadSample(api, world.client("OWNER"), world.teamId, { train: 4, val: 2, test: 0 });
  const images = await api.db.prisma.image.findMany({
    where: { datasetId: sample.datasetId },
    include: { labels: { include: { label: true } } },
    orderBy: { sha256: "asc" },
  });
  // Every image but the last gets a vector: one cluster per label along the first axis.
  const withVector = images.slice(0, -1);
  embedded = withVector.map((image) => ({ id: image.id, label: image.labels[0]!.label.name }));
  await api.db.prisma.embeddingCacheEntry.createMany({
    data: withVector.map((image, i) => ({
      key: `mapcheck@1/96px/none/features/original/${image.sha256}`,
      backbone: "mapcheck@1",
      dims: 4,
      vector: vectorBytes([
        image.labels[0]!.label.name === sample.labels[0] ? -2 : 2,
        0.1 * (i % 3),
        0.05 * (i % 5),
        0.01 * i,
      ]),
    })),
  });
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe("a dataset version's own embedding map", () => {
  it("places the version's embedded images, by label, with no run marks", async () => {
    const data = await world.client("VIEWER").data<MapAnswer>(QUERY, { id: sample.versionId });
    const map = data.datasetVersion.embeddingMap;
    expect(map.space).toBe("mapcheck@1/96px/none");
    expect(map.imageCount).toBe(embedded.length + 1);
    expect([...map.imageIds].sort()).toEqual(embedded.map((e) => e.id).sort());
    expect(map.mistakes.every((m) => !m)).toBe(true);
    expect(map.suspected.every((s) => !s)).toBe(true);
    // The label clusters fall on opposite sides of the first axis.
    const sideOf = (label: number) =>
      new Set(map.x.flatMap((x, i) => (map.labelIndex[i] === label ? [Math.sign(x)] : [])));
    expect(sideOf(0).size).toBe(1);
    expect(sideOf(1).size).toBe(1);
    expect([...sideOf(0)][0]).toBe(-[...sideOf(1)][0]!);
    expect(map.explainedVariance[0]!).toBeGreaterThan(0.5);
  });

  it("is not shown outside the team", async () => {
    const res = await world.client("otherTeam").request(QUERY, { id: sample.versionId });
    expect(errorCode(res)).not.toBeNull();
  });
});

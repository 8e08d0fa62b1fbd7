// Every dataset, image and version query and mutation, and every dataset
// HTTP route, run as anonymous, a member of another team, VIEWER, EDITOR,
// ADMIN and OWNER: exactly the allowed ones succeed, the rest get the right
// code (UNAUTHENTICATED, NOT_FOUND for outsiders, FORBIDDEN for low roles).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeAuthorizationMatrix, rolesFrom } from "../helpers/authorization-matrix.ts";
import { ACTORS, type Actor, createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { makeImage } from "./fixtures/images.ts";
import { fetchFile, uploadImages, uploadZip } from "./fixtures/upload-client.ts";
import { buildZip } from "./fixtures/zip-writer.ts";

let api: TestApi;
let world: TeamWorld;
let datasetId: string;
let imageId: string;
let versionIds: [string, string];
let seed = 50_000;

const CREATE = `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`;

async function newDataset(current: TeamWorld, name = `Scratch ${++seed}`): Promise<string> {
  const data = await current.client("OWNER").data<{ createDataset: { id: string } }>(CREATE, {
    input: { teamId: current.teamId, name, task: "MULTICLASS", labels: ["cat", "dog"] },
  });
  return data.createDataset.id;
}

async function newImage(current: TeamWorld): Promise<string> {
  const response = await uploadImages(current.api.server.origin, current.credential("OWNER"), datasetId, {
    labels: ["cat"],
    files: [{ name: "fresh.png", bytes: await makeImage(++seed) }],
  });
  return response.body.stored![0].imageId;
}

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  datasetId = await newDataset(world, "Shared");
  imageId = await newImage(world);
  const freeze = `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { id } }`;
  const owner = world.client("OWNER");
  const v1 = await owner.data<any>(freeze, { input: { datasetId } });
  await newImage(world);
  const v2 = await owner.data<any>(freeze, { input: { datasetId } });
  versionIds = [v1.freezeDatasetVersion.id, v2.freezeDatasetVersion.id];
});
afterAll(async () => {
  await api?.close();
});

describeAuthorizationMatrix("dataset authorization", () => world, [
  {
    name: "dataset(id) with labels, stats, images and versions",
    allowed: rolesFrom("VIEWER"),
    run: (client) =>
      client.request(
        `query ($id: ID!) { dataset(id: $id) { id name labels { name } stats { images { total } } images(first: 5) { edges { node { id url } } } versions { edges { node { number } } } } }`,
        { id: datasetId },
      ),
    verifyAllowed: (response) => expect(response.body.data?.dataset.stats.images.total).toBeGreaterThan(0),
  },
  {
    name: "team(id).datasets",
    allowed: rolesFrom("VIEWER"),
    run: (client, _state, current) =>
      client.request(`query ($id: ID!) { team(id: $id) { datasets { edges { node { id } } } } }`, {
        id: current.teamId,
      }),
  },
  {
    name: "image(id) with labelChanges",
    allowed: rolesFrom("VIEWER"),
    run: (client) =>
      client.request(`query ($id: ID!) { image(id: $id) { id labels labelChanges { edges { node { to } } } } }`, {
        id: imageId,
      }),
  },
  {
    name: "datasetVersion(id)",
    allowed: rolesFrom("VIEWER"),
    run: (client) =>
      client.request(`query ($id: ID!) { datasetVersion(id: $id) { number labels } }`, { id: versionIds[0] }),
  },
  {
    name: "datasetVersionDiff",
    allowed: rolesFrom("VIEWER"),
    run: (client) =>
      client.request(`query ($from: ID!, $to: ID!) { datasetVersionDiff(fromId: $from, toId: $to) { addedCount } }`, {
        from: versionIds[0],
        to: versionIds[1],
      }),
    verifyAllowed: (response) => expect(response.body.data?.datasetVersionDiff.addedCount).toBe(1),
  },
  {
    name: "createDataset",
    allowed: rolesFrom("EDITOR"),
    run: (client, _state, current) =>
      client.request(CREATE, {
        input: { teamId: current.teamId, name: `Created ${++seed}`, task: "BINARY", labels: ["a", "b"] },
      }),
  },
  {
    name: "renameDataset",
    allowed: rolesFrom("EDITOR"),
    setup: (current) => newDataset(current),
    run: (client, id: string) =>
      client.request(`mutation ($input: RenameDatasetInput!) { renameDataset(input: $input) { name } }`, {
        input: { datasetId: id, name: `Renamed ${++seed}` },
      }),
  },
  {
    name: "addDatasetLabels",
    allowed: rolesFrom("EDITOR"),
    setup: (current) => newDataset(current),
    run: (client, id: string) =>
      client.request(`mutation ($input: AddDatasetLabelsInput!) { addDatasetLabels(input: $input) { id } }`, {
        input: { datasetId: id, labels: ["bird"] },
      }),
  },
  {
    name: "splitDataset",
    allowed: rolesFrom("EDITOR"),
    run: (client) =>
      client.request(`mutation ($input: SplitDatasetInput!) { splitDataset(input: $input) { id } }`, {
        input: { datasetId, seed: 1 },
      }),
  },
  {
    name: "deleteDataset",
    allowed: rolesFrom("ADMIN"),
    setup: (current) => newDataset(current),
    run: (client, id: string) =>
      client.request(`mutation ($input: DeleteDatasetInput!) { deleteDataset(input: $input) { datasetId } }`, {
        input: { datasetId: id },
      }),
  },
  {
    name: "freezeDatasetVersion",
    allowed: rolesFrom("EDITOR"),
    run: (client) =>
      client.request(
        `mutation ($input: FreezeDatasetVersionInput!) { freezeDatasetVersion(input: $input) { number } }`,
        { input: { datasetId } },
      ),
  },
  {
    name: "relabelImage",
    allowed: rolesFrom("EDITOR"),
    setup: (current) => newImage(current),
    run: (client, id: string) =>
      client.request(`mutation ($input: RelabelImageInput!) { relabelImage(input: $input) { labels } }`, {
        input: { imageId: id, labels: ["dog"] },
      }),
  },
  {
    name: "moveImage",
    allowed: rolesFrom("EDITOR"),
    run: (client) =>
      client.request(`mutation ($input: MoveImageInput!) { moveImage(input: $input) { split } }`, {
        input: { imageId, split: "TEST" },
      }),
  },
  {
    name: "setImageExcluded",
    allowed: rolesFrom("EDITOR"),
    run: (client) =>
      client.request(`mutation ($input: SetImageExcludedInput!) { setImageExcluded(input: $input) { excluded } }`, {
        input: { imageId, excluded: false },
      }),
  },
]);

// The HTTP routes beside /graphql follow the same rules, as HTTP statuses.
interface ErrorBody {
  errors: Array<{ extensions: { code: string } }>;
}

const STATUS_FOR_DENIAL: Record<string, number> = { UNAUTHENTICATED: 401, NOT_FOUND: 404, FORBIDDEN: 403 };

function expectedStatus(actor: Actor, allowed: readonly Actor[], okStatus = 200): number {
  if (allowed.includes(actor)) return okStatus;
  if (actor === "anonymous") return STATUS_FOR_DENIAL.UNAUTHENTICATED;
  if (actor === "otherTeam") return STATUS_FOR_DENIAL.NOT_FOUND;
  return STATUS_FOR_DENIAL.FORBIDDEN;
}

const HTTP_ROUTES: Array<{
  name: string;
  allowed: readonly Actor[];
  run: (actor: Actor) => Promise<{ status: number; code?: string }>;
}> = [
  {
    name: "POST /upload/datasets/:id/images",
    allowed: rolesFrom("EDITOR"),
    run: async (actor) => {
      const r = await uploadImages(api.server.origin, world.credential(actor), datasetId, {
        labels: ["cat"],
        files: [{ name: "x.png", bytes: await makeImage(++seed) }],
      });
      return { status: r.status, code: r.body.errors?.[0].extensions?.code };
    },
  },
  {
    name: "POST /upload/datasets/:id/zip",
    allowed: rolesFrom("EDITOR"),
    run: async (actor) => {
      const zip = buildZip([{ name: "train/cat/x.png", data: await makeImage(++seed) }]);
      const r = await uploadZip(api.server.origin, world.credential(actor), datasetId, zip);
      return { status: r.status, code: r.body.errors?.[0].extensions?.code };
    },
  },
  {
    name: "GET /images/:id",
    allowed: rolesFrom("VIEWER"),
    run: async (actor) => {
      const r = await fetchFile(api.server.origin, world.credential(actor), `/images/${imageId}`);
      return { status: r.status, code: r.ok ? undefined : ((await r.json()) as ErrorBody).errors[0].extensions.code };
    },
  },
  {
    name: "GET /thumbnails/:id",
    allowed: rolesFrom("VIEWER"),
    run: async (actor) => {
      const r = await fetchFile(api.server.origin, world.credential(actor), `/thumbnails/${imageId}`);
      return { status: r.status, code: r.ok ? undefined : ((await r.json()) as ErrorBody).errors[0].extensions.code };
    },
  },
];

describe("dataset HTTP route authorization", () => {
  for (const route of HTTP_ROUTES) {
    describe(route.name, () => {
      for (const actor of ACTORS) {
        const allowed = route.allowed.includes(actor);
        it(`${allowed ? "allows" : "denies"} ${actor}`, async () => {
          const result = await route.run(actor);
          expect(result.status).toBe(expectedStatus(actor, route.allowed));
          if (!allowed)
            expect(result.code).toBe(
              actor === "anonymous" ? "UNAUTHENTICATED" : actor === "otherTeam" ? "NOT_FOUND" : "FORBIDDEN",
            );
        });
      }
    });
  }

  it("answers a foreign id exactly like a missing one", async () => {
    const foreign = await fetchFile(api.server.origin, world.credential("otherTeam"), `/images/${imageId}`);
    const missing = await fetchFile(
      api.server.origin,
      world.credential("otherTeam"),
      `/images/00000000-0000-4000-8000-000000000000`,
    );
    const malformed = await fetchFile(api.server.origin, world.credential("otherTeam"), `/images/not-a-uuid`);
    const bodies = await Promise.all(
      [foreign, missing, malformed].map(async (r) => [
        r.status,
        ((await r.json()) as ErrorBody).errors[0].extensions.code,
      ]),
    );
    expect(bodies).toEqual([
      [404, "NOT_FOUND"],
      [404, "NOT_FOUND"],
      [404, "NOT_FOUND"],
    ]);
  });
});

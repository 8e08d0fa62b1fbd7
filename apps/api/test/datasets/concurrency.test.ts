// Ten clients upload at once, each 50 images of its own plus images every
// other client also sends and a few of its own again: exactly the distinct
// images must be stored, once each, every row with its blob and no blob
// without its row.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { makeImage } from "./fixtures/images.ts";
import { type UploadFile, type UploadResponse, uploadImages } from "./fixtures/upload-client.ts";

const CLIENTS = 10;
const OWN = 50;
const SHARED = 10;
const REPEATED = 5;
const BATCH = 13;

let api: TestApi;
let world: TeamWorld;

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
});
afterAll(async () => {
  await api?.close();
});

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) out.push(...(await files(path.join(dir, entry.name))));
    else out.push(entry.name);
  }
  return out;
}

describe("concurrent uploads", () => {
  it(`stores ${CLIENTS * OWN + SHARED} distinct images once each from ${CLIENTS} clients uploading at once`, {
    timeout: 300_000,
  }, async () => {
    const created = await world
      .client("EDITOR")
      .data<{ createDataset: { id: string } }>(
        `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
        { input: { teamId: world.teamId, name: "Crowded", task: "BINARY", labels: ["ok", "defect"] } },
      );
    const datasetId = created.createDataset.id;

    const shared = await Promise.all(Array.from({ length: SHARED }, (_, i) => makeImage(20_000 + i)));
    const perClient: UploadFile[][] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const own = await Promise.all(Array.from({ length: OWN }, (_, i) => makeImage(1_000 + c * OWN + i)));
      perClient.push([
        ...own.map((bytes, i) => ({ name: `c${c}-own-${i}.png`, bytes })),
        ...shared.map((bytes, i) => ({ name: `c${c}-shared-${i}.png`, bytes })),
        ...own.slice(0, REPEATED).map((bytes, i) => ({ name: `c${c}-again-${i}.png`, bytes })),
      ]);
    }

    // Each client sends its files in several requests, one after another; the clients run in parallel.
    const started = performance.now();
    const reports = await Promise.all(
      perClient.map(async (clientFiles, c) => {
        const responses: UploadResponse[] = [];
        for (let i = 0; i < clientFiles.length; i += BATCH) {
          responses.push(
            await uploadImages(api.server.origin, world.credential(c % 2 ? "EDITOR" : "OWNER"), datasetId, {
              labels: [c % 3 ? "ok" : "defect"],
              files: clientFiles.slice(i, i + BATCH),
            }),
          );
        }
        return responses;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = perClient.reduce((n, f) => n + f.length, 0);
    console.log(
      `${total} files from ${CLIENTS} clients in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} files/s)`,
    );

    const all = reports.flat();
    expect(all.every((r) => r.status === 200)).toBe(true);
    const stored = all.flatMap((r) => r.body.stored!);
    const duplicates = all.flatMap((r) => r.body.duplicates!);
    expect(all.flatMap((r) => r.body.rejected!)).toEqual([]);
    const distinct = CLIENTS * OWN + SHARED;
    expect(stored).toHaveLength(distinct);
    expect(new Set(stored.map((s) => s.sha256)).size).toBe(distinct);
    expect(duplicates).toHaveLength(total - distinct);
    // Every duplicate points at the image that did get stored with those bytes.
    const bySha = new Map(stored.map((s) => [s.sha256, s.imageId]));
    for (const duplicate of duplicates) expect(duplicate.existingImageId).toBe(bySha.get(duplicate.sha256));

    const rows = await api.db.prisma.image.findMany({
      where: { datasetId },
      select: { id: true, blobKey: true, labels: true },
    });
    expect(rows).toHaveLength(distinct);
    expect(rows.every((row) => row.labels.length === 1)).toBe(true);
    const blobRoot = path.join(api.config.dataDir, "blobs");
    const onDisk = (await files(blobRoot)).filter((name) => !name.endsWith(".part"));
    expect(onDisk.sort()).toEqual(rows.map((row) => row.blobKey).sort());
    expect(await readdir(path.join(blobRoot, ".tmp"))).toEqual([]);
  });
});

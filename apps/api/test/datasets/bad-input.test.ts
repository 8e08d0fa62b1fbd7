// The bad-input corpus: every way an upload can be wrong, sent over real
// HTTP. Each case checks the error code AND that the dataset (rows and
// blobs) is exactly as before; the server must still answer afterwards.
import { access, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postGraphQL } from "../helpers/http-client.ts";
import { createTeamWorld, type TeamWorld } from "../helpers/team-world.ts";
import { startTestApi, type TestApi } from "../helpers/test-api.ts";
import { makeImage, makePngBomb } from "./fixtures/images.ts";
import { type UploadResponse, uploadImages, uploadZip } from "./fixtures/upload-client.ts";
import { buildZip } from "./fixtures/zip-writer.ts";

let api: TestApi;
let world: TeamWorld;
let datasetId: string;

beforeAll(async () => {
  api = await startTestApi();
  world = await createTeamWorld(api);
  const created = await world
    .client("EDITOR")
    .data<{ createDataset: { id: string } }>(
      `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`,
      { input: { teamId: world.teamId, name: "Corpus", task: "MULTICLASS", labels: ["cat", "dog"] } },
    );
  datasetId = created.createDataset.id;
  // Something already in the dataset, so "unchanged" is not just "still empty".
  const seeded = await uploadImages(api.server.origin, world.credential("EDITOR"), datasetId, {
    labels: ["cat"],
    files: [{ name: "seed.png", bytes: await makeImage(1) }],
  });
  expect(seeded.body.stored).toHaveLength(1);
});
afterAll(async () => {
  await api?.close();
});

async function blobFiles(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory()) await walk(path.join(dir, entry.name));
      else out.push(path.relative(api.config.dataDir, path.join(dir, entry.name)));
    }
  };
  await walk(api.config.dataDir);
  return out.sort();
}

/** Rows and files that make up the dataset's state. */
async function state() {
  const prisma = api.db.prisma;
  return {
    dataset: await prisma.dataset.findUniqueOrThrow({
      where: { id: datasetId },
      select: { name: true, updatedAt: true },
    }),
    labels: await prisma.label.findMany({ where: { datasetId }, orderBy: { position: "asc" }, select: { name: true } }),
    images: await prisma.image.findMany({ where: { datasetId }, orderBy: { id: "asc" }, include: { labels: true } }),
    labelChanges: await prisma.labelChange.count(),
    files: await blobFiles(),
  };
}

async function expectUnchanged(action: () => Promise<void>): Promise<void> {
  const before = await state();
  await action();
  expect(await state()).toEqual(before);
  // Still serving.
  const health = await postGraphQL(api.url, `{ __typename }`);
  expect(health.status).toBe(200);
}

function rejectedCodes(response: UploadResponse): Array<[string, string]> {
  expect(response.status).toBe(200);
  expect(response.body.stored).toEqual([]);
  return response.body.rejected!.map((r) => [r.name, r.code]);
}

const upload = (files: Array<{ name: string; bytes: Uint8Array }>, labels = ["cat"]) =>
  uploadImages(api.server.origin, world.credential("EDITOR"), datasetId, { labels, files });

describe("rejected files leave the dataset unchanged", () => {
  it.each([
    [
      "SVG",
      "drawing.svg",
      async () =>
        Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      "UNSUPPORTED_FORMAT",
    ],
    [
      "SVG named .png",
      "innocent.png",
      async () => Buffer.from('\uFEFF  <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
      "UNSUPPORTED_FORMAT",
    ],
    ["a text file", "notes.jpg", async () => Buffer.from("hello, this is not an image"), "UNSUPPORTED_FORMAT"],
    ["a PDF", "paper.png", async () => Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n"), "UNSUPPORTED_FORMAT"],
    ["a zero-byte file", "empty.png", async () => Buffer.alloc(0), "EMPTY"],
    [
      "a truncated JPEG",
      "cut.jpg",
      async () => {
        const jpeg = await makeImage(2, "jpeg", { width: 200, height: 200 });
        return jpeg.subarray(0, Math.floor(jpeg.length / 2));
      },
      "CORRUPT",
    ],
    ["a PNG decompression bomb (48 MP in 47 KB)", "bomb.png", async () => makePngBomb(8000, 6000), "TOO_MANY_PIXELS"],
    [
      "an HTML/PNG polyglot",
      "page.png",
      async () => Buffer.concat([Buffer.from('<html><body><script>fetch("/graphql")</script>'), await makeImage(3)]),
      "UNSUPPORTED_FORMAT",
    ],
    [
      "a PNG/JavaScript polyglot",
      "script.png",
      async () =>
        Buffer.concat([(await makeImage(4)).subarray(0, 33), Buffer.from("*/alert(document.cookie)//<script>")]),
      "CORRUPT",
    ],
  ] as const)("%s", async (_what, name, bytes, code) => {
    const payload = await bytes();
    await expectUnchanged(async () => {
      expect(rejectedCodes(await upload([{ name, bytes: payload }]))).toEqual([[name, code]]);
    });
  });

  it("a file over the 20 MB default size limit", async () => {
    const big = Buffer.concat([await makeImage(5), Buffer.alloc(20 * 1024 * 1024 + 1)]);
    await expectUnchanged(async () => {
      const response = await upload([{ name: "huge.png", bytes: big }]);
      expect(rejectedCodes(response)).toEqual([["huge.png", "TOO_LARGE"]]);
      expect(response.body.rejected![0].message).toMatch(/20 MB/);
    });
  });

  it("labels the dataset does not have, or the wrong number of them, refuse the whole request", async () => {
    const image = await makeImage(6);
    await expectUnchanged(async () => {
      const unknown = await upload([{ name: "a.png", bytes: image }], ["horse"]);
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "UNKNOWN_LABEL" });
      expect(unknown.body.errors?.[0].message).toMatch(/"horse" is not one of this dataset's labels/);
      const two = await upload([{ name: "a.png", bytes: image }], ["cat", "dog"]);
      expect(two.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "BAD_LABELS" });
      const none = await upload([{ name: "a.png", bytes: image }], []);
      expect(none.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "BAD_LABELS" });
    });
  });

  it("a request that is not multipart, or has no files", async () => {
    await expectUnchanged(async () => {
      const json = await fetch(`${api.server.origin}/upload/datasets/${datasetId}/images`, {
        method: "POST",
        headers: { authorization: `Bearer ${world.accounts.EDITOR.token}`, "content-type": "application/json" },
        body: '{"label":"cat"}',
      });
      expect(json.status).toBe(415);
      const noFiles = await upload([]);
      expect(noFiles.status).toBe(400);
      expect(noFiles.body.errors?.[0].extensions?.reason).toBe("NO_FILES");
      const garbled = await fetch(`${api.server.origin}/upload/datasets/${datasetId}/images`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${world.accounts.EDITOR.token}`,
          "content-type": "multipart/form-data; boundary=XYZ",
        },
        body: '--XYZ\r\nContent-Disposition: form-data; name="label"\r\n\r\ncat\r\n--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
      });
      expect(garbled.status).toBe(400);
    });
  });
});

describe("hostile zips", () => {
  it('refuses absolute and ".." entry paths (zip-slip) and writes nothing outside the data folder', async () => {
    const image = await makeImage(7);
    const zip = buildZip([
      { name: "../../../../tmp/headstart-zip-slip.png", data: image },
      { name: "/etc/cron.d/headstart.png", data: image },
      { name: "C:\\Windows\\evil.png", data: image },
      { name: "cat\\..\\..\\evil.png", data: image },
    ]);
    await expectUnchanged(async () => {
      const response = await uploadZip(api.server.origin, world.credential("EDITOR"), datasetId, zip);
      expect(rejectedCodes(response)).toEqual([
        ["../../../../tmp/headstart-zip-slip.png", "UNSAFE_PATH"],
        ["/etc/cron.d/headstart.png", "UNSAFE_PATH"],
        ["C:/Windows/evil.png", "UNSAFE_PATH"],
        ["cat/../../evil.png", "UNSAFE_PATH"],
      ]);
    });
    await expect(access("/tmp/headstart-zip-slip.png")).rejects.toThrow();
  });

  it("refuses zip bombs: an entry inflating past the size limit, and one lying about its size", async () => {
    const zeros = Buffer.alloc(21 * 1024 * 1024);
    const zip = buildZip([
      { name: "cat/honest-bomb.png", data: zeros, deflate: true },
      { name: "cat/lying-bomb.png", data: zeros, deflate: true, declaredSize: 1000 },
      { name: "horse/unknown-label.png", data: await makeImage(8) },
    ]);
    expect(zip.length).toBeLessThan(100_000);
    await expectUnchanged(async () => {
      const response = await uploadZip(api.server.origin, world.credential("EDITOR"), datasetId, zip);
      expect(Object.fromEntries(rejectedCodes(response))).toEqual({
        "cat/honest-bomb.png": "TOO_LARGE",
        "cat/lying-bomb.png": "CORRUPT",
        "horse/unknown-label.png": "UNKNOWN_LABEL",
      });
    });
  });

  it("refuses a file that is not a zip", async () => {
    await expectUnchanged(async () => {
      const response = await uploadZip(api.server.origin, world.credential("EDITOR"), datasetId, await makeImage(9));
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "NOT_A_ZIP" });
    });
  });
});

describe("huge GraphQL requests", () => {
  it("refuses a document with too many tokens before parsing it", async () => {
    const aliases = Array.from(
      { length: 400 },
      (_, i) => `r${i}: renameDataset(input: { datasetId: "${datasetId}", name: "Renamed ${i}" }) { id }`,
    );
    await expectUnchanged(async () => {
      const response = await world.client("EDITOR").request(`mutation { ${aliases.join(" ")} }`);
      expect(response.body.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        reason: "GRAPHQL_PARSE_FAILED",
      });
      expect(response.body.data ?? null).toBeNull();
    });
  });

  it("refuses an operation too broad or complex to run, executing none of its mutations", async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `r${i}: renameDataset(input: $input) { id }`);
    const nested = `query ($id: ID!) { dataset(id: $id) { images(first: 100) { edges { node { dataset { images(first: 100) { edges { node { id } } } } } } } } }`;
    await expectUnchanged(async () => {
      const broad = await world
        .client("EDITOR")
        .request(`mutation ($input: RenameDatasetInput!) { ${aliases.join(" ")} }`, {
          input: { datasetId, name: "Renamed by a broad query" },
        });
      expect(broad.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", reason: "QUERY_TOO_BROAD" });
      expect(broad.body.data ?? null).toBeNull();
      const complex = await world.client("EDITOR").request(nested, { id: datasetId });
      expect(complex.body.errors?.[0].extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        reason: "QUERY_TOO_COMPLEX",
      });
    });
  });

  it("refuses a body over the size limit before parsing it", async () => {
    const padding = "x".repeat(2 * 1024 * 1024);
    await expectUnchanged(async () => {
      const response = await world
        .client("EDITOR")
        .request(`mutation ($input: RenameDatasetInput!) { renameDataset(input: $input) { id } }`, {
          input: { datasetId, name: padding },
        });
      expect(response.status).toBe(413);
      expect(response.body.errors?.[0].extensions?.reason).toBe("PAYLOAD_TOO_LARGE");
    });
  });
});

describe("a mixed batch", () => {
  it("stores the good files and names each bad one with its reason", async () => {
    const good = await makeImage(10, "gif");
    const response = await upload([
      { name: "good.gif", bytes: good },
      { name: "empty.png", bytes: Buffer.alloc(0) },
      { name: "bomb.png", bytes: makePngBomb() },
    ]);
    expect(response.body.stored?.map((s) => s.name)).toEqual(["good.gif"]);
    expect(response.body.rejected?.map((r) => [r.name, r.code])).toEqual([
      ["empty.png", "EMPTY"],
      ["bomb.png", "TOO_MANY_PIXELS"],
    ]);
    const image = await api.db.prisma.image.findUniqueOrThrow({ where: { id: response.body.stored![0].imageId } });
    expect(image.mime).toBe("image/gif");
  });
});

// loadSampleDataset as a service, against a small copy of the sample tree: a
// load is all or nothing (a damaged sample leaves no dataset and no blob
// behind), and concurrent loads of one sample each get their own name.

import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import { loadSampleDataset, SAMPLE_ROOT, uploadLimitsFromEnv } from "@headstart/domain";
import { createBlobStore } from "@headstart/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "headstart-sample-load-"));
});
afterAll(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** A few real sample images per label and split, laid out like the shipped sample. */
async function smallSampleTree(name: string): Promise<string> {
  const root = path.join(dir, name);
  for (const folder of ["binary", "multiclass"]) {
    for (const split of ["train", "val"]) {
      const labels = (await readdir(path.join(SAMPLE_ROOT, folder, split))).sort().slice(0, 2);
      for (const label of labels) {
        await mkdir(path.join(root, folder, split, label), { recursive: true });
        const files = (await readdir(path.join(SAMPLE_ROOT, folder, split, label)))
          .sort()
          .slice(0, split === "train" ? 3 : 1);
        for (const file of files)
          await copyFile(
            path.join(SAMPLE_ROOT, folder, split, label, file),
            path.join(root, folder, split, label, file),
          );
      }
    }
  }
  return root;
}

async function newTeam(slug: string) {
  const team = await db.prisma.team.create({ data: { name: slug, slug } });
  const blobDir = path.join(dir, `blobs-${slug}`);
  return { team, blobDir, deps: { prisma: db.prisma, blobs: createBlobStore(blobDir), limits: uploadLimitsFromEnv() } };
}

async function blobFiles(blobDir: string): Promise<string[]> {
  const names = await readdir(blobDir, { recursive: true }).catch(() => [] as string[]);
  return names.map(String).filter((name) => /[0-9a-f]{64}$/.test(name));
}

describe("loadSampleDataset (service)", () => {
  it("deletes the half-made dataset and its blobs when a sample file is damaged", async () => {
    const root = await smallSampleTree("damaged");
    await writeFile(
      path.join(root, "binary", "train", "sneaker", "zz-truncated.png"),
      Buffer.from("\x89PNG\r\n\x1a\nnot really"),
    );
    const { team, blobDir, deps } = await newTeam("damaged");

    await expect(loadSampleDataset(deps, team.id, "FASHION_MNIST_SHOES", root)).rejects.toThrow(
      /shipped sample in .*binary is damaged: 8 image\(s\) stored, 1 rejected \(first: train\/sneaker\/zz-truncated\.png: .*\)\. Restore it/,
    );
    expect(await db.prisma.dataset.count({ where: { teamId: team.id } })).toBe(0);
    expect(await blobFiles(blobDir)).toEqual([]);
  });

  it("gives loads of the same sample at the same moment distinct names, each with all images and version 1", async () => {
    const root = await smallSampleTree("concurrent");
    const { team, deps } = await newTeam("concurrent");
    const loaded = await Promise.all([1, 2, 3].map(() => loadSampleDataset(deps, team.id, "FASHION_MNIST_TEN", root)));
    expect(loaded.map((l) => l.dataset.name).sort()).toEqual([
      "Fashion-MNIST: ten garment classes",
      "Fashion-MNIST: ten garment classes (2)",
      "Fashion-MNIST: ten garment classes (3)",
    ]);
    for (const { dataset, version, report } of loaded) {
      expect(report.layout).toBe("PRE_SPLIT");
      expect(report.stored).toHaveLength(8);
      expect(version).toMatchObject({ datasetId: dataset.id, number: 1, imageCount: 8 });
      expect(await db.prisma.image.count({ where: { datasetId: dataset.id, split: "VAL" } })).toBe(2);
    }
  });
});

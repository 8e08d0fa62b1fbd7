// `import <dir>` against a real database and a real blob store in a temp data folder.

import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@headstart/db/testing";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args.ts";
import { IMPORT_FLAGS, importCommand } from "../src/commands/import.ts";

let db: TestDatabase;
let dir: string;
let previousDataDir: string | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "headstart-cli-import-"));
  previousDataDir = process.env.HEADSTART_DATA_DIR;
  process.env.HEADSTART_DATA_DIR = path.join(dir, "data");
  await db.prisma.team.create({ data: { name: "Lab", slug: "lab" } });
});
afterAll(async () => {
  if (previousDataDir === undefined) delete process.env.HEADSTART_DATA_DIR;
  else process.env.HEADSTART_DATA_DIR = previousDataDir;
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

function png(seed: number): Promise<Buffer> {
  return sharp({
    create: { width: 8, height: 8, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: 40 } },
  })
    .png()
    .toBuffer();
}

function io() {
  const lines: string[] = [];
  return { lines, out: (line: string) => lines.push(line), log: () => {} };
}

describe("import <dir>", () => {
  it("creates the dataset from a Keras train/val tree, stores the images, and reports bad files and re-imports", async () => {
    const root = path.join(dir, "tree");
    let seed = 0;
    for (const [split, label, count] of [
      ["train", "rose", 4],
      ["train", "tulip", 4],
      ["val", "rose", 1],
      ["val", "tulip", 1],
    ] as const) {
      await mkdir(path.join(root, split, label), { recursive: true });
      for (let i = 0; i < count; i++) await writeFile(path.join(root, split, label, `${i}.png`), await png(++seed));
    }
    await writeFile(path.join(root, "train", "rose", "readme.txt"), "not an image");

    const output = io();
    const report = await importCommand(
      db.prisma,
      parseArgs(["import", root, "--team", "lab", "--dataset", "Flowers", "--create"], IMPORT_FLAGS),
      output,
    );
    expect(report.layout).toBe("PRE_SPLIT");
    expect(report.stored).toHaveLength(10);
    expect(report.rejected.map((r) => [r.name, r.code])).toEqual([["train/rose/readme.txt", "UNSUPPORTED_FORMAT"]]);
    expect(output.lines.join("\n")).toMatch(/stored 10, duplicates 0, rejected 1/);

    const dataset = await db.prisma.dataset.findFirstOrThrow({
      where: { name: "Flowers" },
      include: { labels: { orderBy: { position: "asc" } } },
    });
    expect(dataset.task).toBe("MULTICLASS");
    expect(dataset.labels.map((l) => l.name)).toEqual(["rose", "tulip"]);
    expect(await db.prisma.image.count({ where: { datasetId: dataset.id, split: "VAL" } })).toBe(2);
    const blobs = await readdir(path.join(dir, "data", "blobs"), { recursive: true });
    expect(blobs.filter((name) => /[0-9a-f]{64}$/.test(String(name)))).toHaveLength(10);

    const again = await importCommand(
      db.prisma,
      parseArgs(["import", root, "--team", "lab", "--dataset", "Flowers"], IMPORT_FLAGS),
      io(),
    );
    expect([again.stored.length, again.duplicates.length]).toEqual([0, 10]);
  });

  it("says what to do when the team, dataset or folder is wrong", async () => {
    const root = path.join(dir, "tree");
    await expect(
      importCommand(db.prisma, parseArgs(["import", root, "--team", "nope", "--dataset", "X"], IMPORT_FLAGS), io()),
    ).rejects.toThrow(/No team "nope"/);
    await expect(
      importCommand(
        db.prisma,
        parseArgs(["import", root, "--team", "lab", "--dataset", "Missing"], IMPORT_FLAGS),
        io(),
      ),
    ).rejects.toThrow(/add --create/);
    await expect(
      importCommand(
        db.prisma,
        parseArgs(["import", path.join(dir, "absent"), "--team", "lab", "--dataset", "X"], IMPORT_FLAGS),
        io(),
      ),
    ).rejects.toThrow(/not a folder/);
    await expect(
      importCommand(
        db.prisma,
        parseArgs(["import", root, "--team", "lab", "--dataset", "Flowers", "--ratios", "1,2"], IMPORT_FLAGS),
        io(),
      ),
    ).rejects.toThrow(/three numbers/);
  });
});

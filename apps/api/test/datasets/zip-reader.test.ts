import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openZip, ZipArchiveError } from "@headstart/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildZip } from "./fixtures/zip-writer.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "headstart-zip-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function zipFile(name: string, bytes: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

describe("openZip", () => {
  it("lists file entries, flags unsafe names per entry, and inflates the rest", async () => {
    const file = await zipFile(
      "mixed.zip",
      buildZip([
        { name: "cat/", data: Buffer.alloc(0) },
        { name: "cat/a.bin", data: Buffer.from("hello cat"), deflate: true },
        { name: "../evil.bin", data: Buffer.from("escape") },
        { name: "/abs.bin", data: Buffer.from("abs") },
      ]),
    );
    const zip = await openZip(file, 100);
    try {
      expect(zip.entries.map((e) => [e.name, e.path.ok])).toEqual([
        ["cat/a.bin", true],
        ["../evil.bin", false],
        ["/abs.bin", false],
      ]);
      const read = await zip.entries[0].read(1000);
      expect(read).toEqual({ ok: true, bytes: Buffer.from("hello cat") });
    } finally {
      zip.close();
    }
  });

  it("refuses to inflate past the limit, whether the size is declared honestly or not", async () => {
    const big = Buffer.alloc(100_000, 7);
    const file = await zipFile(
      "bomb.zip",
      buildZip([
        { name: "honest.bin", data: big, deflate: true },
        { name: "liar.bin", data: big, deflate: true, declaredSize: 10 },
      ]),
    );
    const zip = await openZip(file, 100);
    try {
      const honest = await zip.entries[0].read(50_000);
      expect(honest.ok ? "ok" : honest.rejection.code).toBe("TOO_LARGE");
      const liar = await zip.entries[1].read(50_000);
      expect(liar.ok).toBe(false);
    } finally {
      zip.close();
    }
  });

  it("rejects a file that is not a zip, and zips with too many entries", async () => {
    await expect(openZip(await zipFile("not.zip", Buffer.from("definitely not a zip")), 10)).rejects.toBeInstanceOf(
      ZipArchiveError,
    );
    const many = buildZip(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, data: Buffer.from("x") })));
    await expect(openZip(await zipFile("many.zip", many), 4)).rejects.toThrow(/at most 4/);
  });
});

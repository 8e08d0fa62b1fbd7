// findRunningDatabase must not mistake a crash's leftovers for a live server:
// a running server is found by the CLI test (apps/cli/test/database.test.ts).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRunningDatabase } from "../src/index.ts";

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "headstart-running-db-"));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function cluster(name: string, lock: string | undefined): Promise<string> {
  const dataDir = path.join(root, name, "pg");
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(path.join(dataDir, "PG_VERSION"), "17\n");
  await fs.writeFile(`${dataDir}.password`, "secret\n");
  if (lock !== undefined) await fs.writeFile(path.join(dataDir, "postmaster.pid"), lock);
  return dataDir;
}

describe("findRunningDatabase", () => {
  it("finds nothing in a folder without a cluster or without postmaster.pid", async () => {
    expect(await findRunningDatabase({ dataDir: path.join(root, "absent", "pg") })).toBeUndefined();
    expect(await findRunningDatabase({ dataDir: await cluster("stopped", undefined) })).toBeUndefined();
  });

  it("ignores a postmaster.pid left by a crash whose pid now belongs to another program", async () => {
    // Our own pid: alive, but not a postgres serving that folder.
    const dataDir = await cluster(
      "crashed",
      `${process.pid}\n/elsewhere\n1700000000\n54329\n\n127.0.0.1\n  1234 5678\nready\n`,
    );
    expect(await findRunningDatabase({ dataDir })).toBeUndefined();
  });

  it("ignores a postmaster.pid whose pid is gone", async () => {
    const dataDir = await cluster("gone", "2147483646\n/x\n1700000000\n54329\n");
    expect(await findRunningDatabase({ dataDir })).toBeUndefined();
  });
});

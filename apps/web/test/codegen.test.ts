// The committed operation types (src/gql) must match the operations in src/
// and the API's committed schema; otherwise `npm run codegen -w @headstart/web`.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "@graphql-codegen/cli";
import { expect, it } from "vitest";
import config from "../codegen.ts";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

it("src/gql is generated from the current operations and apps/api/schema.graphql", async () => {
  const previous = process.cwd();
  process.chdir(webDir);
  try {
    const outputs = await generate({ ...config, schema: "../api/schema.graphql", silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = await readFile(path.join(webDir, output.filename), "utf8").catch(() => "");
      expect(committed, `${output.filename} is stale: run \`npm run codegen -w @headstart/web\``).toBe(output.content);
    }
  } finally {
    process.chdir(previous);
  }
}, 60_000);

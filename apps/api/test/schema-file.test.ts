import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printedSchema } from "../src/schema/schema.ts";

describe("schema.graphql", () => {
  it("matches the code-first schema (run `node --import tsx apps/api/scripts/print-schema.ts` after a schema change)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(printedSchema());
  });
});

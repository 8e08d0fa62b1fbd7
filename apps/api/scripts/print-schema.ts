// Writes apps/api/schema.graphql from the code-first schema:
//   node --import tsx apps/api/scripts/print-schema.ts
// The schema test fails until this has been run after a schema change.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printedSchema } from "../src/schema/schema.ts";

export const SCHEMA_FILE = fileURLToPath(new URL("../schema.graphql", import.meta.url));

writeFileSync(SCHEMA_FILE, printedSchema());
console.log(`Wrote ${SCHEMA_FILE}`);

// Assembles the schema: each module registers its types on the builder when
// imported. Add a module with one import line.
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.ts";
import "./health/index.ts";
import "./auth/index.ts";
import "./teams/index.ts";
import "./tokens/index.ts";
import "./datasets/index.ts";
import "./images/index.ts";
import "./versions/index.ts";
import "./runs/index.ts";
import "./review/index.ts";
import "./predict/index.ts";
import "./samples/index.ts";

export const schema: GraphQLSchema = builder.toSchema();

/** The SDL committed as apps/api/schema.graphql (sorted, so diffs stay stable). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

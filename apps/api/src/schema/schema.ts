// Assembles the schema: each module registers its types, queries or
// mutations on the builder when imported. Add a module with one import line.
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from "graphql";
import { builder } from "./builder.ts";
import "./auth/auth-mutations.ts";
import "./auth/auth-types.ts";
import "./auth/user-type.ts";
import "./auth/viewer-query.ts";
import "./autopilot/autopilot-config-fields.ts";
import "./autopilot/autopilot-queries.ts";
import "./autopilot/autopilot-run-fields.ts";
import "./autopilot/validation-fold.ts";
import "./data-loop/data-quality.ts";
import "./data-loop/embedding-map.ts";
import "./data-loop/label-queue.ts";
import "./data-loop/run-label-issues.ts";
import "./data-loop/run-lift.ts";
import "./datasets/dataset-mutations.ts";
import "./datasets/dataset-queries.ts";
import "./datasets/dataset-types.ts";
import "./health/health-query.ts";
import "./images/image-mutations.ts";
import "./images/image-queries.ts";
import "./images/image-types.ts";
import "./predict/predict-mutations.ts";
import "./predict/predict-types.ts";
import "./review/review-bulk-mutations.ts";
import "./review/review-mutations.ts";
import "./review/review-types.ts";
import "./runs/run-evaluation.ts";
import "./runs/run-inputs.ts";
import "./runs/run-mutations.ts";
import "./runs/run-queries.ts";
import "./runs/run-subscriptions.ts";
import "./runs/run-types.ts";
import "./samples/sample-mutations.ts";
import "./samples/sample-queries.ts";
import "./samples/sample-types.ts";
import "./teams/team-mutations.ts";
import "./teams/team-queries.ts";
import "./teams/team-types.ts";
import "./tokens/token-mutations.ts";
import "./tokens/token-queries.ts";
import "./tokens/token-types.ts";
import "./versions/version-mutations.ts";
import "./versions/version-queries.ts";
import "./versions/version-types.ts";

export const schema: GraphQLSchema = builder.toSchema();

/** The SDL committed as apps/api/schema.graphql (sorted, so diffs stay stable). */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

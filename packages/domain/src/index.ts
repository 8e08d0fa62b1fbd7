// Public API of @headstart/domain: the services every front end (the GraphQL
// API, the CLI) calls, grouped by area. They throw AppError only; each front
// end maps it to its transport in one place.

export * from "./accounts/caller.ts";
export * from "./accounts/password.ts";
export * from "./accounts/secrets.ts";
export * from "./accounts/sessions.ts";
export * from "./accounts/users.ts";
export * from "./datasets/blob-refs.ts";
export * from "./datasets/dataset-access.ts";
export * from "./datasets/dataset-lifecycle.ts";
export * from "./datasets/folder-import.ts";
export * from "./datasets/image-splits.ts";
export * from "./datasets/import-layout.ts";
export * from "./datasets/ingest.ts";
export * from "./datasets/ingest-deps.ts";
export * from "./datasets/label-rules.ts";
export * from "./datasets/limits.ts";
export * from "./datasets/rejections.ts";
export * from "./datasets/relabel.ts";
export * from "./datasets/sample-datasets.ts";
export * from "./datasets/split-assignment.ts";
export * from "./datasets/stats.ts";
export * from "./datasets/tree-import.ts";
export * from "./datasets/version-snapshot.ts";
export * from "./datasets/versions.ts";
export * from "./datasets/zip-import.ts";
export * from "./datasets/zip-reader.ts";
export * from "./errors/app-error.ts";
export * from "./errors/error-helpers.ts";
export * from "./errors/ids.ts";
export * from "./predict/model-cache.ts";
export * from "./predict/predict-with-run.ts";
export * from "./predict/run-predictor.ts";
export * from "./review/review-predictions.ts";
export * from "./runs/compare-runs.ts";
export * from "./runs/list-runs.ts";
export * from "./runs/model-zip.ts";
export * from "./runs/run-access.ts";
export * from "./runs/run-evaluation.ts";
export * from "./runs/run-lifecycle.ts";
export * from "./teams/team-membership.ts";
export * from "./teams/team-roles.ts";
export * from "./tokens/api-tokens.ts";

// Public API of @headstart/runs: one line per domain module.
export * from "./config.ts";
export * from "./dataset-snapshot.ts";
export type { Db, DbTx } from "./db-types.ts";
export * from "./embedding-store.ts";
export * from "./event-hub.ts";
export * from "./events.ts";
export * from "./heartbeat.ts";
export * from "./model-bundle.ts";
export * from "./progress.ts";
export { publishRunEvent } from "./publish.ts";
export * from "./queue.ts";
export * from "./reaper.ts";
export * from "./recommendations.ts";
export * from "./subscribe.ts";
export * from "./trials.ts";
export * from "./validation-folds.ts";

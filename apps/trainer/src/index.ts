// @headstart/trainer is an application; these exports let tests and scripts embed the daemon.
export { type AttemptHandlers, ComputePool, ComputeWorker } from "./compute/pool.ts";
export { type DaemonDeps, type DaemonStatus, TrainerDaemon } from "./daemon.ts";
export { type AttemptOutcome, executeRun } from "./execute-run.ts";
export { readSettings, SettingsError, type TrainerSettings } from "./settings.ts";

// @headstart/trainer is an application; these exports let tests and scripts embed the daemon.
export { TrainerDaemon, type DaemonDeps, type DaemonStatus } from "./daemon.ts";
export { readSettings, SettingsError, type TrainerSettings } from "./settings.ts";
export { executeRun, type AttemptOutcome } from "./execute-run.ts";

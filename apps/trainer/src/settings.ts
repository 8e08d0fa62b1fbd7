import os from "node:os";
import { DEFAULT_HEARTBEAT_INTERVAL_MS, DEFAULT_HEARTBEAT_TIMEOUT_MS } from "@headstart/runs";
import { resolveDataDir } from "@headstart/storage";

/** Everything the daemon reads from its environment, validated once at start-up. */
export interface TrainerSettings {
  databaseUrl: string;
  dataDir: string;
  trainerId: string;
  /** 0 = no HTTP health endpoint (a log line says the daemon is polling instead). */
  healthPort: number;
  /** Fallback poll for queued runs, should a NOTIFY be missed. */
  pollIntervalMs: number;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** Minimum gap between progress events of one run. */
  progressIntervalMs: number;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingsError";
  }
}

function integerFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SettingsError(
      `${name}=${raw} is invalid: use an integer from ${min} to ${max}, or unset it for ${fallback}.`,
    );
  }
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): TrainerSettings {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (!databaseUrl) {
    throw new SettingsError(
      "DATABASE_URL is not set. Start Headstart with `npm start` (it runs Postgres and passes it), or export the URL of your Postgres.",
    );
  }
  const heartbeatTimeoutMs = integerFrom(
    env,
    "TRAINER_HEARTBEAT_TIMEOUT_MS",
    DEFAULT_HEARTBEAT_TIMEOUT_MS,
    1000,
    30_000,
  );
  const heartbeatIntervalMs = integerFrom(
    env,
    "TRAINER_HEARTBEAT_INTERVAL_MS",
    Math.min(DEFAULT_HEARTBEAT_INTERVAL_MS, Math.floor(heartbeatTimeoutMs / 3)),
    100,
    heartbeatTimeoutMs,
  );
  if (heartbeatIntervalMs * 2 > heartbeatTimeoutMs) {
    throw new SettingsError(
      `TRAINER_HEARTBEAT_INTERVAL_MS (${heartbeatIntervalMs}) must be at most half of TRAINER_HEARTBEAT_TIMEOUT_MS (${heartbeatTimeoutMs}), or one late beat would lose the run.`,
    );
  }
  return {
    databaseUrl,
    dataDir: resolveDataDir(env),
    trainerId: env.TRAINER_ID?.trim() || `${os.hostname()}-${process.pid}`,
    healthPort: integerFrom(env, "TRAINER_HEALTH_PORT", 0, 0, 65535),
    pollIntervalMs: integerFrom(env, "TRAINER_POLL_INTERVAL_MS", 5000, 100, 600_000),
    heartbeatIntervalMs,
    heartbeatTimeoutMs,
    progressIntervalMs: integerFrom(env, "TRAINER_PROGRESS_INTERVAL_MS", 500, 0, 60_000),
  };
}

import os from "node:os";
import path from "node:path";
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
  /** Compute worker threads, and so the most attempts this process trains at once. */
  computeWorkers: number;
  /** A 10-s window whose event-loop delay p99 passes this many ms is logged. */
  eventLoopWarnMs: number;
  /** Converted ONNX graphs (HEADSTART_ONNX_CACHE_DIR, else the data folder's onnx-cache). */
  onnxCacheDir: string;
}

/**
 * One compute worker per two cores: a worker's tfjs keeps one core busy, and the main thread,
 * Postgres and the API need the rest. A 2-core machine gets 1.
 */
export function defaultComputeWorkers(cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
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
  const dataDir = resolveDataDir(env);
  return {
    databaseUrl,
    dataDir,
    trainerId: env.TRAINER_ID?.trim() || `${os.hostname()}-${process.pid}`,
    healthPort: integerFrom(env, "TRAINER_HEALTH_PORT", 0, 0, 65535),
    pollIntervalMs: integerFrom(env, "TRAINER_POLL_INTERVAL_MS", 5000, 100, 600_000),
    heartbeatIntervalMs,
    heartbeatTimeoutMs,
    progressIntervalMs: integerFrom(env, "TRAINER_PROGRESS_INTERVAL_MS", 500, 0, 60_000),
    computeWorkers: integerFrom(env, "TRAINER_COMPUTE_WORKERS", defaultComputeWorkers(), 1, 64),
    eventLoopWarnMs: integerFrom(env, "TRAINER_EVENT_LOOP_WARN_MS", 200, 1, 60_000),
    onnxCacheDir: path.resolve(env.HEADSTART_ONNX_CACHE_DIR?.trim() || path.join(dataDir, "onnx-cache")),
  };
}

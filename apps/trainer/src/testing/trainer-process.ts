// Real trainer daemons as child processes, exactly as `npm start` runs them,
// for tests of this app (which SIGKILL one mid-run) and of the API (which
// trains a run end to end). Started from this package's own main.ts, so no
// test needs to know where the trainer lives on disk.

import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DaemonStatus } from "../daemon.ts";

/** The trainer app's folder (the daemon runs with it as its working directory). */
export const TRAINER_APP_DIR = fileURLToPath(new URL("../..", import.meta.url));
/** The daemon's entry file, as `npm start` runs it. */
export const TRAINER_MAIN = path.join(TRAINER_APP_DIR, "src", "main.ts");

export interface TrainerProcess {
  id: string;
  process: ChildProcess;
  healthPort: number;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  health(): Promise<DaemonStatus>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): void;
  /** SIGTERM (a graceful stop that releases its run), SIGKILL after 15 s; resolves once it exited. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TrainerEnv {
  databaseUrl: string;
  dataDir: string;
  /**
   * "fast-leases" (the default): heartbeats every 500 ms and a 3 s lease, so a
   * killed trainer's run is reaped within seconds. "daemon-defaults": the
   * production lease timing, for tests that only need a run trained.
   */
  timing?: "fast-leases" | "daemon-defaults";
  /** Lease length under "fast-leases" (3000 ms unless given). */
  heartbeatTimeoutMs?: number;
  /** How often progress events are written (200 ms unless given). */
  progressIntervalMs?: number;
  /** More environment for the daemon (e.g. HEADSTART_INFERENCE=tfjs). */
  extraEnv?: Record<string, string>;
}

export async function startTrainer(id: string, env: TrainerEnv): Promise<TrainerProcess> {
  const healthPort = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", TRAINER_MAIN], {
    cwd: TRAINER_APP_DIR,
    env: {
      ...process.env,
      DATABASE_URL: env.databaseUrl,
      HEADSTART_DATA_DIR: env.dataDir,
      TRAINER_ID: id,
      TRAINER_HEALTH_PORT: String(healthPort),
      ...((env.timing ?? "fast-leases") === "fast-leases"
        ? {
            TRAINER_HEARTBEAT_TIMEOUT_MS: String(env.heartbeatTimeoutMs ?? 3000),
            TRAINER_HEARTBEAT_INTERVAL_MS: "500",
          }
        : {}),
      TRAINER_POLL_INTERVAL_MS: "1000",
      TRAINER_PROGRESS_INTERVAL_MS: String(env.progressIntervalMs ?? 200),
      ...env.extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );

  const trainer: TrainerProcess = {
    id,
    process: child,
    healthPort,
    output: () => text,
    waitForOutput(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`trainer ${id} did not print ${pattern} within ${timeoutMs} ms. Output:\n${text}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async health() {
      const response = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      return (await response.json()) as DaemonStatus;
    },
    exited,
    kill(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(forced);
    },
  };
  await trainer.waitForOutput(/polling for queued runs/, 120_000);
  return trainer;
}

import { describe, expect, it } from "vitest";
import { inferenceThreadsPerWorker } from "../src/compute/pool.ts";
import { defaultComputeWorkers, readSettings, SettingsError } from "../src/settings.ts";

const url = "postgresql://user@127.0.0.1:5432/headstart";

describe("readSettings", () => {
  it("applies defaults: 30 s heartbeat timeout, 5 s beats, health endpoint off", () => {
    const settings = readSettings({ DATABASE_URL: url, HEADSTART_DATA_DIR: "/srv/hs", TRAINER_ID: "gpu-1" });
    expect(settings).toMatchObject({
      databaseUrl: url,
      dataDir: "/srv/hs",
      trainerId: "gpu-1",
      healthPort: 0,
      heartbeatTimeoutMs: 30_000,
      heartbeatIntervalMs: 5000,
      pollIntervalMs: 5000,
    });
    expect(readSettings({ DATABASE_URL: url }).trainerId).toMatch(/-\d+$/);
  });

  it("explains what to do when something is missing or out of range", () => {
    expect(() => readSettings({})).toThrow(SettingsError);
    expect(() => readSettings({})).toThrow(/DATABASE_URL is not set/);
    expect(() => readSettings({ DATABASE_URL: url, TRAINER_HEALTH_PORT: "http" })).toThrow(
      "TRAINER_HEALTH_PORT=http is invalid: use an integer from 0 to 65535, or unset it for 0.",
    );
    // The issue caps the time a dead trainer's run may stay RUNNING at 30 s.
    expect(() => readSettings({ DATABASE_URL: url, TRAINER_HEARTBEAT_TIMEOUT_MS: "60000" })).toThrow(
      /from 1000 to 30000/,
    );
    expect(() =>
      readSettings({ DATABASE_URL: url, TRAINER_HEARTBEAT_TIMEOUT_MS: "4000", TRAINER_HEARTBEAT_INTERVAL_MS: "3000" }),
    ).toThrow(/at most half/);
  });

  it("sizes the compute workers from the cores (one per two, at least one) unless told", () => {
    expect([1, 2, 3, 4, 16].map((cores) => defaultComputeWorkers(cores))).toEqual([1, 1, 1, 2, 8]);
    expect(readSettings({ DATABASE_URL: url }).computeWorkers).toBe(defaultComputeWorkers());
    expect(readSettings({ DATABASE_URL: url, TRAINER_COMPUTE_WORKERS: "3" }).computeWorkers).toBe(3);
    expect(() => readSettings({ DATABASE_URL: url, TRAINER_COMPUTE_WORKERS: "0" })).toThrow(
      /TRAINER_COMPUTE_WORKERS=0 is invalid: use an integer from 1 to 64/,
    );
    expect(readSettings({ DATABASE_URL: url }).eventLoopWarnMs).toBe(200);
  });
});

describe("inferenceThreadsPerWorker", () => {
  it("shares the cores among the compute workers unless HEADSTART_INFERENCE_THREADS says otherwise", () => {
    expect(inferenceThreadsPerWorker(1, {}, 2)).toBe(2);
    expect(inferenceThreadsPerWorker(2, {}, 2)).toBe(1);
    expect(inferenceThreadsPerWorker(3, {}, 2)).toBe(1);
    expect(inferenceThreadsPerWorker(4, {}, 16)).toBe(4);
    expect(inferenceThreadsPerWorker(1, { HEADSTART_INFERENCE_THREADS: "1" }, 2)).toBe(1);
    expect(inferenceThreadsPerWorker(1, { HEADSTART_INFERENCE_THREADS: "nonsense" }, 2)).toBe(2);
  });
});

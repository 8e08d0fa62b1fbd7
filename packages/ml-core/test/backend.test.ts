import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it } from "vitest";
import { BACKEND_ENV_VARIABLE, BackendError, currentBackend, initBackend } from "../src/backend/index.ts";
import { WASM_GRADIENT_KERNELS } from "../src/kernels/index.ts";

afterEach(() => {
  delete process.env[BACKEND_ENV_VARIABLE];
});

describe("initBackend", () => {
  it("auto-selects WASM here and says why the native backends were skipped", async () => {
    const listenersBefore =
      process.listeners("uncaughtException").length + process.listeners("unhandledRejection").length;
    const report = await initBackend();
    expect(report).toMatchObject({
      backend: "wasm",
      candidate: "wasm",
      preference: "auto",
      preferenceSource: "default",
      simd: true,
      threads: 1,
    });
    expect(tf.getBackend()).toBe("wasm");
    // This machine cannot download libtensorflow, so neither native package is installed.
    expect(report.reasons["tfjs-node"]).toMatch(/@tensorflow\/tfjs-node is not installed/);
    expect(report.reasons["tfjs-node-gpu"]).toMatch(/not installed.*CUDA/);
    expect(report.reasons.cpu).toMatch(/not needed/);
    // The Emscripten runtime's rethrowing process hooks were removed again.
    expect(process.listeners("uncaughtException").length + process.listeners("unhandledRejection").length).toBe(
      listenersBefore,
    );
    for (const config of WASM_GRADIENT_KERNELS) expect(tf.getKernel(config.kernelName, "wasm")).toBeDefined();
  });

  it("is idempotent", async () => {
    const first = await initBackend("wasm");
    const [a, b] = await Promise.all([initBackend("wasm"), initBackend("wasm")]);
    expect(a).toBe(first);
    expect(b).toBe(first);
    expect(currentBackend()).toBe(first);
  });

  it("honours HEADSTART_BACKEND, with an explicit argument taking precedence", async () => {
    process.env[BACKEND_ENV_VARIABLE] = "cpu";
    const fromEnv = await initBackend();
    expect(fromEnv).toMatchObject({ backend: "cpu", preferenceSource: "env" });
    expect(tf.getBackend()).toBe("cpu");
    const explicit = await initBackend("wasm");
    expect(explicit).toMatchObject({ backend: "wasm", preferenceSource: "argument" });
    expect(tf.getBackend()).toBe("wasm");
  });

  it("rejects an unknown HEADSTART_BACKEND value with advice", async () => {
    process.env[BACKEND_ENV_VARIABLE] = "gpu-please";
    await expect(initBackend()).rejects.toThrow(/HEADSTART_BACKEND="gpu-please" is not a backend/);
  });

  it("fails with every reason when the requested backend is unavailable, leaving the old one active", async () => {
    await initBackend("wasm");
    const error = await initBackend("tensorflow").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BackendError);
    expect(Object.keys((error as BackendError).reasons).sort()).toEqual(["cpu", "tfjs-node", "tfjs-node-gpu", "wasm"]);
    expect((error as BackendError).message).toMatch(/tfjs-node: .*not installed/);
    expect(tf.getBackend()).toBe("wasm");
  });
});

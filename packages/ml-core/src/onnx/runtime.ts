import type * as Ort from "onnxruntime-node";

export type OnnxRuntime = typeof Ort;

let loading: Promise<{ ort: OnnxRuntime } | { error: string }> | undefined;

/**
 * Loads onnxruntime-node once per thread (each worker thread has its own module instance and its
 * own native binding). Never throws: a missing or broken install is reported as a reason.
 */
export function loadOnnxRuntime(): Promise<{ ort: OnnxRuntime } | { error: string }> {
  loading ??= import("onnxruntime-node").then(
    (module) => {
      const ort = ((module as { default?: OnnxRuntime }).default ?? module) as OnnxRuntime;
      if (typeof ort.InferenceSession?.create !== "function")
        return { error: "onnxruntime-node loaded but exports no InferenceSession" };
      return { ort };
    },
    (error: unknown) => ({
      error: `onnxruntime-node failed to load: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`,
    }),
  );
  return loading;
}

export interface OnnxSessionOptions {
  /** Intra-op threads; 1 suits one session per worker thread. */
  threads: number;
}

/**
 * Session options that measured well on a shared 2-core machine: the memory arena on (off was
 * 3–5× slower), no spinning (spinning threads steal cores from the other sessions and from tfjs),
 * one inter-op thread and sequential execution (these graphs are chains), every graph optimisation.
 */
export function sessionOptions(options: OnnxSessionOptions): Ort.InferenceSession.SessionOptions {
  return {
    executionProviders: ["cpu"],
    intraOpNumThreads: options.threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    enableCpuMemArena: true,
    enableMemPattern: true,
    extra: { session: { intra_op: { allow_spinning: "0" }, inter_op: { allow_spinning: "0" } } },
  };
}

export async function onnxRuntimeVersion(): Promise<string | undefined> {
  const loaded = await loadOnnxRuntime();
  if (!("ort" in loaded)) return undefined;
  return (loaded.ort.env as { versions?: { common?: string } }).versions?.common;
}

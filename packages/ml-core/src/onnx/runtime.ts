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

/**
 * The most input one ONNX Runtime call takes; a larger batch is run in slices of this. A CNN's
 * activations grow with its input, and a whole batch of them falls out of the cache: MobileNetV2 at
 * 224 px on one intra-op thread embedded ≈140 images per CPU second in runs of 1–2 images against
 * ≈120 in runs of 16 (and 119 in runs of 32). At 96 px the run size made no difference. 1.25 MB is
 * two 224-px images, eleven at 96 px. Each item's output is bit-for-bit the same whatever the slice.
 */
export const RUN_INPUT_BYTES = 1.25 * 1024 * 1024;

/**
 * Runs `count` items (flat float32, `inputShape` each) through a one-input, one-output session,
 * RUN_INPUT_BYTES at a time, and returns the outputs concatenated in item order.
 */
export async function runInSlices(
  ort: OnnxRuntime,
  session: Ort.InferenceSession,
  input: Float32Array,
  count: number,
  inputShape: readonly number[],
  outputSize: number,
): Promise<Float32Array> {
  const inputSize = inputShape.reduce((a, b) => a * b, 1);
  const itemsPerRun = Math.max(1, Math.floor(RUN_INPUT_BYTES / (inputSize * 4)));
  const inputName = session.inputNames[0];
  const outputName = session.outputNames[0];
  const runOnce = async (values: Float32Array, items: number) => {
    const tensor = new ort.Tensor("float32", values, [items, ...inputShape]);
    try {
      return (await session.run({ [inputName]: tensor }))[outputName].data as Float32Array;
    } finally {
      tensor.dispose();
    }
  };
  if (count <= itemsPerRun) return runOnce(input, count);
  const output = new Float32Array(count * outputSize);
  for (let from = 0; from < count; from += itemsPerRun) {
    const items = Math.min(itemsPerRun, count - from);
    output.set(await runOnce(input.subarray(from * inputSize, (from + items) * inputSize), items), from * outputSize);
  }
  return output;
}

export async function onnxRuntimeVersion(): Promise<string | undefined> {
  const loaded = await loadOnnxRuntime();
  if (!("ort" in loaded)) return undefined;
  return (loaded.ort.env as { versions?: { common?: string } }).versions?.common;
}

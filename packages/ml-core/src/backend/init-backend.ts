import * as tf from "@tensorflow/tfjs";
import { getThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { registerFastGradients, registerWasmGradientKernels } from "../kernels/index.ts";
import { wasmBinaryDirectory } from "./wasm-files.ts";

export type BackendPreference = "auto" | "tensorflow" | "wasm" | "cpu";
export type BackendName = "tensorflow" | "wasm" | "cpu";
/** Candidates in the order 'auto' tries them. */
export type BackendCandidate = "tfjs-node-gpu" | "tfjs-node" | "wasm" | "cpu";

export interface BackendReport {
  /** The tfjs backend now active. */
  backend: BackendName;
  /** Which candidate provides it (tells tfjs-node-gpu from tfjs-node; both register 'tensorflow'). */
  candidate: BackendCandidate;
  /** What decided the preference: the caller's argument, the HEADSTART_BACKEND variable, or the default. */
  preference: BackendPreference;
  preferenceSource: "argument" | "env" | "default";
  /** WASM only: whether the SIMD binary is in use, and the thread-pool size (1 in Node: no cross-origin isolation). */
  simd?: boolean;
  threads?: number;
  /** For each candidate that is not running, why it was skipped. */
  reasons: Partial<Record<BackendCandidate, string>>;
}

export class BackendError extends Error {
  readonly reasons: Partial<Record<BackendCandidate, string>>;
  constructor(message: string, reasons: Partial<Record<BackendCandidate, string>>) {
    super(message);
    this.name = "BackendError";
    this.reasons = reasons;
  }
}

export const BACKEND_ENV_VARIABLE = "HEADSTART_BACKEND";
const PREFERENCES: readonly BackendPreference[] = ["auto", "tensorflow", "wasm", "cpu"];
const ORDER: readonly BackendCandidate[] = ["tfjs-node-gpu", "tfjs-node", "wasm", "cpu"];
const NATIVE_MODULES: Record<"tfjs-node-gpu" | "tfjs-node", string> = {
  "tfjs-node-gpu": "@tensorflow/tfjs-node-gpu",
  "tfjs-node": "@tensorflow/tfjs-node",
};

let current: BackendReport | undefined;
let pending: Promise<BackendReport> | undefined;
let wasmPathsSet = false;

function resolvePreference(
  argument: BackendPreference | undefined,
): Pick<BackendReport, "preference" | "preferenceSource"> {
  if (argument !== undefined) {
    if (!PREFERENCES.includes(argument)) {
      throw new BackendError(
        `Unknown backend preference "${String(argument)}"; use one of ${PREFERENCES.join(", ")}.`,
        {},
      );
    }
    return { preference: argument, preferenceSource: "argument" };
  }
  const fromEnv = process.env[BACKEND_ENV_VARIABLE]?.trim().toLowerCase();
  if (fromEnv) {
    if (!PREFERENCES.includes(fromEnv as BackendPreference)) {
      throw new BackendError(
        `${BACKEND_ENV_VARIABLE}="${fromEnv}" is not a backend; set it to one of ${PREFERENCES.join(", ")} or unset it.`,
        {},
      );
    }
    return { preference: fromEnv as BackendPreference, preferenceSource: "env" };
  }
  return { preference: "auto", preferenceSource: "default" };
}

function candidatesFor(preference: BackendPreference): BackendCandidate[] {
  switch (preference) {
    case "auto":
      return [...ORDER];
    case "tensorflow":
      return ["tfjs-node-gpu", "tfjs-node"];
    case "wasm":
      return ["wasm"];
    case "cpu":
      return ["cpu"];
  }
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0].trim();
}

/**
 * tf.setBackend reports failure only as `false` plus a console warning. We capture the warning so
 * the report can say *why* a backend failed, and keep it off the console since we report it.
 */
async function trySetBackend(name: BackendName): Promise<{ ok: true } | { ok: false; why: string }> {
  const warnings: string[] = [];
  const originalWarn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
  };
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (ok && tf.getBackend() === name) return { ok: true };
    return {
      ok: false,
      why: `tf.setBackend('${name}') returned false${warnings.length ? `: ${warnings.join("; ")}` : ""}`,
    };
  } catch (error) {
    return { ok: false, why: `tf.setBackend('${name}') threw: ${describe(error)}` };
  } finally {
    console.warn = originalWarn;
  }
}

async function tryNative(candidate: "tfjs-node-gpu" | "tfjs-node"): Promise<string | undefined> {
  const specifier = NATIVE_MODULES[candidate];
  try {
    // A computed specifier: the package is optional, so neither TypeScript nor a bundler may insist on it.
    await import(/* @vite-ignore */ specifier);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      return candidate === "tfjs-node-gpu"
        ? `${specifier} is not installed (opt in with: npm install -w packages/ml-core ${specifier}@4.22.0; it needs CUDA)`
        : `${specifier} is not installed (it is an optional dependency; its install downloads libtensorflow, which needs network)`;
    }
    return `${specifier} is installed but failed to load: ${describe(error)}`;
  }
  if (!tf.findBackendFactory("tensorflow")) {
    return `${specifier} loaded but registered no 'tensorflow' backend (is it linked against a different @tensorflow/tfjs-core?)`;
  }
  const result = await trySetBackend("tensorflow");
  return result.ok ? undefined : result.why;
}

/**
 * The Emscripten runtime inside tfjs-backend-wasm installs process-wide 'uncaughtException' and
 * 'unhandledRejection' listeners that rethrow, which turns any later error into a crash that
 * prints the whole minified runtime. The backend only removes them on dispose; we remove them as
 * soon as it is initialised so the host's own error handling stays in charge.
 */
async function withoutEmscriptenProcessHooks<T>(run: () => Promise<T>): Promise<T> {
  type Listener = (...args: unknown[]) => void;
  const events = ["uncaughtException", "unhandledRejection"];
  const listeners = (event: string) => process.listeners(event as "uncaughtException") as Listener[];
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  try {
    return await run();
  } finally {
    for (const event of events) {
      for (const listener of listeners(event)) {
        if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
      }
    }
  }
}

async function tryWasm(): Promise<string | undefined> {
  if (!wasmPathsSet) {
    setWasmPaths(wasmBinaryDirectory());
    wasmPathsSet = true;
  }
  const result = await withoutEmscriptenProcessHooks(() => trySetBackend("wasm"));
  if (!result.ok) return result.why;
  // The WASM backend lacks the filter/input gradients of (depthwise) convolutions; fine-tuning needs them.
  registerWasmGradientKernels();
  return undefined;
}

async function select(resolved: Pick<BackendReport, "preference" | "preferenceSource">): Promise<BackendReport> {
  const reasons: Partial<Record<BackendCandidate, string>> = {};
  const wanted = candidatesFor(resolved.preference);
  for (const candidate of ORDER) {
    if (!wanted.includes(candidate)) {
      reasons[candidate] = `not tried: preference is "${resolved.preference}" (${resolved.preferenceSource})`;
    }
  }
  for (const candidate of wanted) {
    let why: string | undefined;
    if (candidate === "tfjs-node-gpu" || candidate === "tfjs-node") {
      why = await tryNative(candidate);
    } else if (candidate === "wasm") {
      why = await tryWasm();
    } else {
      const result = await trySetBackend("cpu");
      why = result.ok ? undefined : result.why;
    }
    if (why !== undefined) {
      reasons[candidate] = why;
      continue;
    }
    const backend: BackendName = candidate === "wasm" || candidate === "cpu" ? candidate : "tensorflow";
    // Candidates after the chosen one were never needed; say so rather than leaving them unexplained.
    for (const later of wanted.slice(wanted.indexOf(candidate) + 1))
      reasons[later] = `not needed: ${candidate} is available`;
    const report: BackendReport = { backend, candidate, ...resolved, reasons };
    if (backend === "wasm") {
      report.simd = Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT"));
      report.threads = getThreadsCount();
    }
    return report;
  }
  throw new BackendError(
    `No tfjs backend could be started for preference "${resolved.preference}": ${wanted.map((c) => `${c}: ${reasons[c]}`).join("; ")}. ` +
      `Unset ${BACKEND_ENV_VARIABLE} or choose another backend.`,
    reasons,
  );
}

/**
 * Picks and activates the fastest available tfjs backend: tfjs-node-gpu, tfjs-node, WASM, then CPU.
 * Precedence of the choice: explicit argument, then HEADSTART_BACKEND, then 'auto'. Calling again
 * with the same effective preference returns the same report without re-initialising; a different
 * preference switches backends (tensors created before the switch stay on their old backend).
 */
export async function initBackend(preference?: BackendPreference): Promise<BackendReport> {
  const resolved = resolvePreference(preference);
  // Backend-independent, so installed whichever backend wins (and before any model trains).
  registerFastGradients();
  if (pending) await pending.catch(() => undefined);
  if (current && current.preference === resolved.preference && tf.getBackend() === current.backend) {
    return current;
  }
  pending = select(resolved);
  try {
    current = await pending;
    return current;
  } finally {
    pending = undefined;
  }
}

/** The report of the last successful initBackend call, if any. */
export function currentBackend(): BackendReport | undefined {
  return current && tf.getBackend() === current.backend ? current : undefined;
}

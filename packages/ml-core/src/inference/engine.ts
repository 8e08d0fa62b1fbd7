import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { InferenceSession } from "onnxruntime-node";
import type { Backbone } from "../backbones/types.ts";
import { type ConvertOptions, convertLayersModel } from "../onnx/convert.ts";
import { isOnnxConversionError } from "../onnx/errors.ts";
import { modelContentHash, weightIdentity } from "../onnx/hash.ts";
import { type CalibrationBatches, calibrationHash, QuantizationError, quantizeBackboneInt8 } from "../onnx/quantize.ts";
import { loadOnnxRuntime, type OnnxRuntime, runInSlices, sessionOptions } from "../onnx/runtime.ts";
import type { EmbeddingLanes } from "./embedding-lanes.ts";

export type InferenceEngineName = "onnx" | "tfjs";
export type InferencePreference = "auto" | InferenceEngineName;
/** Numeric precision of ONNX graphs: float32, or a static int8 QDQ backbone calibrated on the caller's images. */
export type InferencePrecision = "fp32" | "int8";

export const INFERENCE_ENV_VARIABLE = "HEADSTART_INFERENCE";
export const INFERENCE_THREADS_ENV_VARIABLE = "HEADSTART_INFERENCE_THREADS";
export const INFERENCE_PRECISION_ENV_VARIABLE = "HEADSTART_INFERENCE_PRECISION";
/** Where converted graphs are kept; defaults to HEADSTART_DATA_DIR/onnx-cache when that is set. */
export const ONNX_CACHE_ENV_VARIABLE = "HEADSTART_ONNX_CACHE_DIR";

const PREFERENCES: readonly InferencePreference[] = ["auto", "onnx", "tfjs"];
const PRECISIONS: readonly InferencePrecision[] = ["fp32", "int8"];

export interface InferenceOptions {
  /** Argument, then HEADSTART_INFERENCE, then 'auto' (ONNX Runtime when it loads and the model converts). */
  engine?: InferencePreference;
  /** ONNX Runtime intra-op threads per session (HEADSTART_INFERENCE_THREADS, default 1: one session per worker). */
  threads?: number;
  /** Folder for converted graphs; null keeps them in memory only. Default: see ONNX_CACHE_ENV_VARIABLE. */
  cacheDir?: string | null;
  /** Receives one line per model when its engine is chosen; null silences it. Default console.info. */
  log?: ((message: string) => void) | null;
  /**
   * Argument, then HEADSTART_INFERENCE_PRECISION, then 'fp32'. 'int8' quantises the ONNX graph
   * (static QDQ, see quantizeBackboneInt8) when `calibration` images are given, and runs fp32 with
   * the reason logged when they are not (or on tfjs).
   */
  precision?: InferencePrecision;
  /** Images of the caller's dataset for int8 calibration, flat float32 batches in the model's input layout. */
  calibration?: CalibrationBatches;
  /**
   * Helper threads with ONNX sessions of their own: featurize hands them whole batches (pixels in,
   * vectors out), so embeddings use one core per lane; with lanes, featurize's own session gets one
   * intra-op thread. Ignored on tfjs.
   */
  lanes?: EmbeddingLanes;
}

export interface InferenceReport {
  engine: InferenceEngineName;
  preference: InferencePreference;
  preferenceSource: "argument" | "env" | "default";
  /** Why the engine not in use was skipped. */
  reasons: Partial<Record<InferenceEngineName, string>>;
  /** ONNX only: intra-op threads, and whether the graph came from memory, the disk cache or a fresh conversion. */
  threads?: number;
  graph?: "memory" | "disk" | "converted";
  /** Precision in use; with int8 asked for, why it runs fp32 instead. */
  precision: InferencePrecision;
  precisionNote?: string;
}

/** A forced engine that cannot run: HEADSTART_INFERENCE=onnx without a working onnxruntime-node, or a bad value. */
export class InferenceEngineError extends Error {
  override name = "InferenceEngineError";
}

/** One model ready to run on one engine. Inputs and outputs are flat float32 in the tfjs (NHWC) layout. */
export interface ModelRunner {
  readonly engine: InferenceEngineName;
  readonly report: InferenceReport;
  /** Per item, without the batch dimension. */
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  run(input: Float32Array, count: number): Promise<Float32Array>;
  /** ONNX only: the graph the session runs, for another thread to open the same model (embedding lanes). */
  readonly graph?: OnnxGraph;
  /** Lets go of this handle; the session stays cached for the next runner of the same model. */
  release(): void;
}

/** A serialized ONNX graph and the content hash that names it (the session cache's key). */
export interface OnnxGraph {
  hash: string;
  bytes: Uint8Array;
}

export function resolvePreference(
  argument: InferencePreference | undefined,
): Pick<InferenceReport, "preference" | "preferenceSource"> {
  if (argument !== undefined) {
    if (!PREFERENCES.includes(argument))
      throw new InferenceEngineError(
        `Unknown inference engine "${String(argument)}"; use one of ${PREFERENCES.join(", ")}.`,
      );
    return { preference: argument, preferenceSource: "argument" };
  }
  const fromEnv = process.env[INFERENCE_ENV_VARIABLE]?.trim().toLowerCase();
  if (fromEnv) {
    if (!PREFERENCES.includes(fromEnv as InferencePreference)) {
      throw new InferenceEngineError(
        `${INFERENCE_ENV_VARIABLE}="${fromEnv}" is not an inference engine; set it to one of ${PREFERENCES.join(", ")} or unset it.`,
      );
    }
    return { preference: fromEnv as InferencePreference, preferenceSource: "env" };
  }
  return { preference: "auto", preferenceSource: "default" };
}

export function resolveThreads(argument: number | undefined): number {
  const raw =
    argument ?? (process.env[INFERENCE_THREADS_ENV_VARIABLE] ? Number(process.env[INFERENCE_THREADS_ENV_VARIABLE]) : 1);
  if (!Number.isInteger(raw) || raw < 1 || raw > 256)
    throw new InferenceEngineError(
      `ONNX intra-op threads must be an integer from 1 to 256, got ${raw} (option threads or ${INFERENCE_THREADS_ENV_VARIABLE}).`,
    );
  return raw;
}

export function resolvePrecision(argument: InferencePrecision | undefined): InferencePrecision {
  if (argument !== undefined) {
    if (!PRECISIONS.includes(argument))
      throw new InferenceEngineError(
        `Unknown inference precision "${String(argument)}"; use one of ${PRECISIONS.join(", ")}.`,
      );
    return argument;
  }
  const fromEnv = process.env[INFERENCE_PRECISION_ENV_VARIABLE]?.trim().toLowerCase();
  if (!fromEnv) return "fp32";
  if (!PRECISIONS.includes(fromEnv as InferencePrecision))
    throw new InferenceEngineError(
      `${INFERENCE_PRECISION_ENV_VARIABLE}="${fromEnv}" is not a precision; set it to one of ${PRECISIONS.join(", ")} or unset it.`,
    );
  return fromEnv as InferencePrecision;
}

function resolveCacheDir(argument: string | null | undefined): string | null {
  if (argument !== undefined) return argument;
  const explicit = process.env[ONNX_CACHE_ENV_VARIABLE]?.trim();
  if (explicit) return path.resolve(explicit);
  const dataDir = process.env.HEADSTART_DATA_DIR?.trim();
  return dataDir ? path.join(path.resolve(dataDir), "onnx-cache") : null;
}

/**
 * Which engine models will use, without converting any: whether onnxruntime-node loads here and
 * what the preference says. For a start-up log line; each model may still fall back to tfjs if
 * it does not convert (its runner's report says so).
 */
export async function initInference(preference?: InferencePreference): Promise<InferenceReport> {
  const resolved = resolvePreference(preference);
  if (resolved.preference === "tfjs")
    return {
      engine: "tfjs",
      ...resolved,
      precision: "fp32",
      reasons: { onnx: `not tried: preference is "tfjs" (${resolved.preferenceSource})` },
    };
  const loaded = await loadOnnxRuntime();
  if ("error" in loaded) {
    if (resolved.preference === "onnx")
      throw new InferenceEngineError(`${INFERENCE_ENV_VARIABLE} asks for onnx but ${loaded.error}. Use tfjs or auto.`);
    return { engine: "tfjs", ...resolved, precision: "fp32", reasons: { onnx: loaded.error } };
  }
  return {
    engine: "onnx",
    ...resolved,
    // int8 applies per model, to those given calibration images (see InferenceOptions.precision).
    precision: resolvePrecision(undefined),
    threads: resolveThreads(undefined),
    reasons: { tfjs: `not needed: onnxruntime-node ${loaded.ort.env.versions?.common ?? ""} loaded`.trim() },
  };
}

// ---------------------------------------------------------------------------------------------
// Per-thread caches. Module state lives in each worker thread's own copy of this module, so a
// worker pool gets one set of sessions per worker and nothing is shared across threads.

interface OpenedSession {
  session: InferenceSession;
  graph: "disk" | "converted";
  /**
   * What the session was created from, kept only for a session opened with embedding lanes (they open
   * the same graph); other sessions (the API's cached models, fine-tune steps) do not hold a second copy.
   */
  bytes?: Uint8Array;
  inputShape: number[];
  outputShape: number[];
}

interface SessionEntry {
  hash: string;
  threads: number;
  session: Promise<OpenedSession>;
  handles: number;
  lastUsed: number;
}

/** Idle sessions kept for reuse; more are released, least recently used first. */
let idleSessionLimit = 4;
const sessions = new Map<string, SessionEntry>();
/** Models that did not convert, by content hash, with why: converting them again would fail again. */
const unconvertible = new Map<string, string>();
/** Content hash per model and options, valid while the weights' storage is unchanged. */
const hashes = new WeakMap<tf.LayersModel, Map<string, { identity: object[]; hash: string }>>();

/** How many idle ONNX sessions each thread keeps (default 4). */
export function setIdleSessionLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0)
    throw new RangeError(`idle session limit must be an integer >= 0, got ${limit}`);
  idleSessionLimit = limit;
  trimIdleSessions();
}

function trimIdleSessions(): void {
  const idle = [...sessions.values()].filter((e) => e.handles === 0).sort((a, b) => a.lastUsed - b.lastUsed);
  for (const entry of idle.slice(0, Math.max(0, idle.length - idleSessionLimit))) {
    sessions.delete(`${entry.hash}/${entry.threads}`);
    entry.session.then(
      ({ session }) => session.release(),
      () => undefined,
    );
  }
}

function hashFor(model: tf.LayersModel, convert: ConvertOptions): string {
  const key = JSON.stringify(convert);
  const identity = weightIdentity(model);
  let perModel = hashes.get(model);
  const known = perModel?.get(key);
  if (known && known.identity.length === identity.length && known.identity.every((id, i) => id === identity[i]))
    return known.hash;
  const hash = modelContentHash(model, convert);
  if (!perModel) {
    perModel = new Map();
    hashes.set(model, perModel);
  }
  perModel.set(key, { identity, hash });
  return hash;
}

async function readCached(file: string): Promise<Uint8Array | null> {
  try {
    return await readFile(file);
  } catch {
    return null;
  }
}

/** Converted graphs kept on disk; every trained model adds one (~9 MB for MobileNetV2), so the oldest go. */
const DISK_CACHE_ENTRIES = 32;

async function writeCached(file: string, bytes: Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  // Write then rename: another thread or process reading the cache never sees half a model.
  const temporary = `${file}.${randomUUID()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, file);
  const entries = (await readdir(dir)).filter((name) => name.endsWith(".onnx"));
  if (entries.length <= DISK_CACHE_ENTRIES) return;
  const dated = await Promise.all(
    entries.map(async (name) => ({ name, time: (await stat(path.join(dir, name)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  dated.sort((a, b) => a.time - b.time);
  // A reader that loses the race finds no file and converts again; nothing breaks.
  for (const { name } of dated.slice(0, dated.length - DISK_CACHE_ENTRIES))
    await rm(path.join(dir, name), { force: true });
}

/** int8: the calibration images and their hash (part of the cache key: other images, other ranges). */
interface Int8Request {
  batches: CalibrationBatches;
  hash: string;
}

async function openSession(
  ort: OnnxRuntime,
  model: tf.LayersModel,
  convert: ConvertOptions,
  hash: string,
  threads: number,
  cacheDir: string | null,
  log: (message: string) => void,
  keepBytes: boolean,
  int8?: Int8Request,
): Promise<OpenedSession> {
  const opened = await openSessionFrom(ort, model, convert, hash, threads, cacheDir, log, int8);
  return keepBytes ? opened : { ...opened, bytes: undefined };
}

async function openSessionFrom(
  ort: OnnxRuntime,
  model: tf.LayersModel,
  convert: ConvertOptions,
  hash: string,
  threads: number,
  cacheDir: string | null,
  log: (message: string) => void,
  int8?: Int8Request,
): Promise<OpenedSession> {
  const options = sessionOptions({ threads });
  const shapes = shapesOf(model, convert);
  if (int8) {
    const file = cacheDir ? path.join(cacheDir, `${hash}-int8-${int8.hash}.onnx`) : null;
    const opened = await openCachedGraph(ort, file, options, log, "quantising again", async () => {
      // The FP32 graph comes from the cache when it is there; quantisation calibrates on it.
      const fp32File = cacheDir ? path.join(cacheDir, `${hash}.onnx`) : null;
      const fp32 = (fp32File ? await readCached(fp32File) : null) ?? convertLayersModel(model, convert).bytes;
      return (await quantizeBackboneInt8(fp32, int8.batches, { threads })).bytes;
    });
    return { ...opened, ...shapes };
  }
  const file = cacheDir ? path.join(cacheDir, `${hash}.onnx`) : null;
  const opened = await openCachedGraph(
    ort,
    file,
    options,
    log,
    "converting again",
    async () => convertLayersModel(model, convert).bytes,
  );
  return { ...opened, ...shapes };
}

/**
 * A session on the graph cached in `file`, or on a freshly built one (then cached). A cached file ORT
 * cannot load (truncated, foreign) is dropped and the graph built again; a failed cache write only
 * costs the next process a rebuild.
 */
async function openCachedGraph(
  ort: OnnxRuntime,
  file: string | null,
  options: InferenceSession.SessionOptions,
  log: (message: string) => void,
  rebuilding: string,
  build: () => Promise<Uint8Array>,
): Promise<{ session: InferenceSession; graph: "disk" | "converted"; bytes: Uint8Array }> {
  const cached = file ? await readCached(file) : null;
  if (cached && file) {
    try {
      const session = await ort.InferenceSession.create(cached, options);
      // Mark it recently used, so pruning removes graphs nobody loads any more first.
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return { session, graph: "disk", bytes: cached };
    } catch (error) {
      log(`ONNX cache entry ${file} is unusable (${(error as Error).message.split("\n")[0]}); ${rebuilding}`);
      await rm(file, { force: true });
    }
  }
  const bytes = await build();
  const session = await ort.InferenceSession.create(bytes, options);
  if (file)
    await writeCached(file, bytes).catch((error: unknown) =>
      log(`could not write the ONNX cache entry ${file}: ${(error as Error).message}; continuing without it`),
    );
  return { session, graph: "converted", bytes };
}

/** Input and output shapes as the converter would report them, from the tfjs model. */
function shapesOf(model: tf.LayersModel, convert: ConvertOptions): { inputShape: number[]; outputShape: number[] } {
  const inputShape = model.inputs[0].shape.slice(1) as number[];
  const outputTensor = convert.outputLayer
    ? model.getLayer(convert.outputLayer).inboundNodes[0].outputTensors[0]
    : model.outputs[0];
  let outputShape = outputTensor.shape.slice(1) as number[];
  if (convert.pooling === "avg") outputShape = [outputShape[outputShape.length - 1]];
  return { inputShape, outputShape };
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The reference path: tfjs predict on whatever backend initBackend chose. */
function tfjsRunner(model: tf.LayersModel, convert: ConvertOptions, report: InferenceReport): ModelRunner {
  // A sub-model sharing the layers (never dispose it: that would free the shared weights).
  const target = convert.outputLayer
    ? tf.model({ inputs: model.inputs, outputs: model.getLayer(convert.outputLayer).inboundNodes[0].outputTensors[0] })
    : model;
  const { inputShape, outputShape } = shapesOf(model, convert);
  return {
    engine: "tfjs",
    report,
    inputShape,
    outputShape,
    async run(input, count) {
      const output = tf.tidy(() => {
        let y = target.predict(tf.tensor(input, [count, ...inputShape], "float32"), {
          batchSize: Math.max(1, count),
        }) as tf.Tensor;
        if (convert.pooling === "avg") y = tf.mean(y, [1, 2]);
        return y;
      });
      try {
        return (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
    },
    release() {},
  };
}

function describeModel(model: tf.LayersModel, convert: ConvertOptions): string {
  return `${model.name}${convert.outputLayer ? ` up to ${convert.outputLayer}` : ""}${convert.pooling ? " + pooling" : ""}`;
}

function logReport(log: (message: string) => void, what: string, report: InferenceReport): void {
  // fp32 is the default and goes unsaid unless int8 was asked for (then the note says why it is not in use).
  const precision =
    report.precision === "int8" ? ", int8" : report.precisionNote ? `, fp32 (${report.precisionNote})` : "";
  const detail =
    report.engine === "onnx" ? ` (${report.threads} intra-op thread(s), graph from ${report.graph}${precision})` : "";
  const skipped = Object.entries(report.reasons)
    .map(([engine, why]) => `; ${engine} skipped: ${why}`)
    .join("");
  log(`[ml-core] inference for ${what}: ${report.engine}${detail}${skipped}`);
}

/**
 * A runner for `model` (optionally cut at a layer and/or pooled) on the engine the preference and
 * the model allow. 'auto' uses ONNX Runtime when onnxruntime-node loads and the model converts,
 * and tfjs otherwise; 'onnx' throws instead of falling back; 'tfjs' never touches ONNX. Converted
 * sessions are cached per thread by the model's content hash (and on disk when a cache folder is
 * set), so asking again for an unchanged model is cheap.
 */
export async function createModelRunner(
  model: tf.LayersModel,
  options: InferenceOptions & Pick<ConvertOptions, "outputLayer" | "pooling"> = {},
): Promise<ModelRunner> {
  const resolved = resolvePreference(options.engine);
  const precision = resolvePrecision(options.precision);
  const log = options.log === null ? () => undefined : (options.log ?? ((message: string) => console.info(message)));
  const convert: ConvertOptions = {};
  if (options.outputLayer) convert.outputLayer = options.outputLayer;
  if (options.pooling) convert.pooling = options.pooling;
  const what = describeModel(model, convert);

  if (resolved.preference === "tfjs") {
    return tfjsRunner(model, convert, {
      engine: "tfjs",
      ...resolved,
      precision: "fp32",
      reasons: { onnx: `not tried: preference is "tfjs" (${resolved.preferenceSource})` },
    });
  }
  const loaded = await loadOnnxRuntime();
  const fallBack = (why: string): ModelRunner => {
    if (resolved.preference === "onnx")
      throw new InferenceEngineError(
        `ONNX inference was asked for (${resolved.preferenceSource}) but ${why}. Set ${INFERENCE_ENV_VARIABLE}=auto to fall back to tfjs.`,
      );
    const report: InferenceReport = { engine: "tfjs", ...resolved, precision: "fp32", reasons: { onnx: why } };
    logReport(log, what, report);
    return tfjsRunner(model, convert, report);
  };
  if ("error" in loaded) return fallBack(loaded.error);

  const threads = resolveThreads(options.threads);
  const hash = hashFor(model, convert);
  const failed = unconvertible.get(hash);
  if (failed) return fallBack(failed);
  // int8 needs the caller's images to calibrate on; callers without them (predict, fine-tune) run fp32.
  let int8: Int8Request | undefined;
  let precisionNote: string | undefined;
  if (precision === "int8") {
    if (options.calibration) int8 = { batches: options.calibration, hash: calibrationHash(options.calibration) };
    else precisionNote = "int8 skipped: no calibration images were given for this model";
  }
  const sessionHash = int8 ? `${hash}-int8-${int8.hash}` : hash;
  const key = `${sessionHash}/${threads}`;
  let entry = sessions.get(key);
  const fresh = !entry;
  if (!entry) {
    entry = {
      hash: sessionHash,
      threads,
      session: openSession(
        loaded.ort,
        model,
        convert,
        hash,
        threads,
        resolveCacheDir(options.cacheDir),
        log,
        options.lanes !== undefined,
        int8,
      ),
      handles: 0,
      lastUsed: Date.now(),
    };
    sessions.set(key, entry);
  }
  entry.handles++;
  let opened: Awaited<SessionEntry["session"]>;
  try {
    opened = await entry.session;
  } catch (error) {
    entry.handles--;
    sessions.delete(key);
    // Bad calibration input is the caller's to fix, not a reason to mark the model unconvertible.
    if (error instanceof QuantizationError)
      throw new InferenceEngineError(`int8 quantisation of ${what} failed: ${error.message}`);
    const why = isOnnxConversionError(error)
      ? error.message
      : `onnxruntime could not load the converted graph: ${(error as Error).message.split("\n")[0]}`;
    unconvertible.set(hash, why);
    return fallBack(why);
  }
  const report: InferenceReport = {
    engine: "onnx",
    ...resolved,
    threads,
    graph: fresh ? opened.graph : "memory",
    precision: int8 ? "int8" : "fp32",
    ...(precisionNote ? { precisionNote } : {}),
    reasons: { tfjs: `not needed: the model converted to ONNX` },
  };
  if (fresh) logReport(log, what, report);
  // A session opened before anyone asked for lanes holds no bytes: they come from the disk cache, or
  // (fp32) a fresh conversion, and stay with the session from then on.
  if (options.lanes && !opened.bytes) {
    const cacheDir = resolveCacheDir(options.cacheDir);
    opened.bytes =
      (cacheDir ? await readCached(path.join(cacheDir, `${sessionHash}.onnx`)) : null) ??
      (int8 ? undefined : convertLayersModel(model, convert).bytes);
  }
  const { session, inputShape, outputShape } = opened;
  const ort = loaded.ort;
  const outputSize = product(outputShape);
  let released = false;
  const holder = entry;
  return {
    engine: "onnx",
    report,
    inputShape,
    outputShape,
    async run(input, count) {
      if (released) throw new Error(`this runner for ${what} was released; create another`);
      if (input.length !== count * product(inputShape))
        throw new RangeError(
          `expected ${count} × [${inputShape.join(", ")}] = ${count * product(inputShape)} values, got ${input.length}`,
        );
      // Large inputs run a few items at a time: see RUN_INPUT_BYTES.
      return runInSlices(ort, session, input, count, inputShape, outputSize);
    },
    ...(opened.bytes ? { graph: { hash: sessionHash, bytes: opened.bytes } } : {}),
    release() {
      if (released) return;
      released = true;
      holder.handles--;
      holder.lastUsed = Date.now();
      trimIdleSessions();
    },
  };
}

/** Feature vectors for batches of raw pixels through a backbone, on ONNX Runtime or tfjs. */
export interface Embedder {
  readonly engine: InferenceEngineName;
  readonly report: InferenceReport;
  readonly featureSize: number;
  /** `batch`: n images, float32 NHWC 0..255 at the backbone's size → n × featureSize. */
  embed(batch: Float32Array, count: number): Promise<Float32Array>;
  dispose(): void;
}

export async function createEmbedder(backbone: Backbone, options: InferenceOptions = {}): Promise<Embedder> {
  const runner = await createModelRunner(backbone.model, options);
  return {
    engine: runner.engine,
    report: runner.report,
    featureSize: product(runner.outputShape),
    embed: (batch, count) => runner.run(batch, count),
    dispose: () => runner.release(),
  };
}

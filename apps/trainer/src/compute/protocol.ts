// The messages between the trainer's main thread (leases, Postgres, blobs, events) and a compute
// worker (tfjs: backbones, embeddings, training, evaluation, export). Everything here is structured-
// cloneable; large byte payloads travel as transferred ArrayBuffers, not copies.

import type { BackendReport, ClassMode, ModelManifest } from "@headstart/ml-core";
import type { EpochMetricPayload, RunConfig, RunProgress, SnapshotImage } from "@headstart/runs";
import type { PredictionRow } from "../evaluation.ts";

/** What the main thread hands a worker for one attempt: plain data, already validated. */
export interface AttemptInput {
  runId: string;
  attempt: number;
  config: RunConfig;
  labels: string[];
  classMode: ClassMode;
  /** TRAIN and VAL images in snapshot order (what trainClassifier trains on). */
  images: SnapshotImage[];
  /** Held out from training; scored once at the end. */
  test: SnapshotImage[];
  /** A wall-clock end for training (ms since the epoch), given by an AUTO run to its seeds: see trainClassifier. */
  stopTrainingAt?: number;
}

/** A finished epoch's checkpoint, encoded by the worker; the main thread stores and records it. */
export interface CheckpointSave {
  /** ml-core's encoded checkpoint (the main thread adds the run-specific wrapper). */
  bytes: Uint8Array;
  metric: EpochMetricPayload;
  phase: string;
  epoch: number;
}

/** What the full model's model.onnx is and expects, or why the model has none. */
export type OnnxExport =
  | {
      file: string;
      byteSize: number;
      inputName: string;
      outputName: string;
      input: string;
      preprocessing: string;
      output: string;
    }
  | { skipped: string };

export interface AttemptResult {
  /** Full model (pixels in, with model.onnx when it converts) and head-only model (features in), as files. */
  models: { full: Record<string, Uint8Array>; head: Record<string, Uint8Array> };
  manifest: ModelManifest;
  onnx: OnnxExport;
  /** Run.metrics without the main thread's own timings. */
  metrics: Record<string, unknown>;
  rows: PredictionRow[];
  /** Seconds per step the worker timed (backbone, train, evaluate, export). */
  seconds: Record<string, number>;
}

/**
 * What the main thread hands a worker to build an AUTO run's ensemble (auto-run/ensemble-model.ts):
 * each member's full model as model.json + weights.bin, and the manifest the merged model carries.
 */
export interface EnsembleInput {
  runId: string;
  members: Array<Record<string, Uint8Array>>;
  /** Each member's share of the mean (auto-run/ensemble-model.ts familyWeights); absent = equal. */
  weights?: number[];
  manifest: ModelManifest;
}

/** The merged model's files (model.json, weights.bin, manifest.json, model.onnx when it converts). */
export interface EnsembleResult {
  files: Record<string, Uint8Array>;
  onnx: OnnxExport;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type WorkerRequest =
  | { op: "readImages"; blobKeys: string[] }
  | { op: "embeddingsGet"; keys: string[] }
  | { op: "embeddingsPut"; entries: Array<[string, Float32Array]> }
  | { op: "checkpointRead" }
  | { op: "checkpointSave"; save: CheckpointSave }
  | { op: "resetEpochs" };

/** What each request resolves to on the main thread. */
export interface WorkerReplies {
  readImages: Uint8Array[];
  embeddingsGet: Array<[string, Float32Array]>;
  embeddingsPut: null;
  checkpointRead: Uint8Array | null;
  checkpointSave: null;
  resetEpochs: null;
}

export type FromWorker =
  | { type: "ready"; backend: BackendReport; numTensors: number }
  | { type: "log"; message: string }
  | { type: "progress"; progress: RunProgress }
  /** Training is over: evaluation and export follow (a shutdown now lets the attempt finish). */
  | { type: "finishing" }
  | { type: "request"; id: number; request: WorkerRequest }
  | { type: "done"; result: AttemptResult; numTensors: number }
  | { type: "ensembled"; result: EnsembleResult; numTensors: number }
  | { type: "failed"; error: SerializedError; numTensors: number };

export type ToWorker =
  | { type: "attempt"; input: AttemptInput }
  | { type: "ensemble"; input: EnsembleInput }
  | { type: "reply"; id: number; ok: true; value: unknown }
  | { type: "reply"; id: number; ok: false; error: SerializedError }
  | { type: "abort" };

/** workerData of a compute worker. */
export interface WorkerData {
  index: number;
  /** Int32Array over it: [0] = 1 once the current attempt must stop; checked at every batch. */
  abortFlag: SharedArrayBuffer;
  /** Where converted ONNX graphs are kept (under the data folder), shared by the workers and restarts. */
  onnxCacheDir: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: String(error) };
}

/** An Error with the original's name and message (and stack, for the log), on this side of the port. */
export function deserializeError(error: SerializedError): Error {
  const copy = new Error(error.message);
  copy.name = error.name;
  if (error.stack) copy.stack = error.stack;
  return copy;
}

/**
 * The ArrayBuffers behind these views that can be moved rather than copied: only views that span
 * their whole buffer (a view into a shared slab would take its neighbours along).
 */
export function transferablesOf(views: ArrayBufferView[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const view of views) {
    const buffer = view.buffer;
    if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) {
      seen.add(buffer);
    }
  }
  return [...seen];
}

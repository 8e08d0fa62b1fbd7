// Messages between the API's thread and its predict workers. Model files travel once per worker
// (the first request that worker serves for that model); after that only the key and the images.
import {
  type ImageErrorCode,
  type InferenceOptions,
  type ModelFiles,
  type Prediction,
  PredictionInputError,
} from "@headstart/ml-core";

export interface PredictWorkerData {
  index: number;
  /** Engine choice and ONNX cache folder for every model this worker loads (log is set in the worker). */
  inference: Omit<InferenceOptions, "log">;
}

export type ToPredictWorker =
  | {
      type: "predict";
      id: number;
      key: string;
      /** Present when this worker has not loaded the model yet. */
      files?: ModelFiles;
      images: Uint8Array[];
      threshold: number;
    }
  /** Close the model's session and free its tensors (the main thread's cache evicted it). */
  | { type: "unload"; key: string };

export interface SerializedPredictError {
  name: string;
  message: string;
  stack?: string;
  /** PredictionInputError: which image, and why. */
  index?: number;
  code?: ImageErrorCode;
}

export type FromPredictWorker =
  | { type: "ready"; engine: string }
  | { type: "log"; message: string }
  | { type: "done"; id: number; predictions: Prediction[] }
  | { type: "failed"; id: number; error: SerializedPredictError };

export function serializePredictError(error: unknown): SerializedPredictError {
  if (error instanceof PredictionInputError) {
    return { name: error.name, message: error.message, stack: error.stack, index: error.index, code: error.code };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: "Error", message: String(error) };
}

/** The same error class for a bad image (callers name the image from it); an Error with the name otherwise. */
export function deserializePredictError(error: SerializedPredictError): Error {
  let copy: Error;
  if (error.name === "PredictionInputError" && error.index !== undefined && error.code !== undefined) {
    copy = new PredictionInputError(error.index, error.code, "");
    copy.message = error.message;
  } else {
    copy = new Error(error.message);
    copy.name = error.name;
  }
  if (error.stack) copy.stack = error.stack;
  return copy;
}

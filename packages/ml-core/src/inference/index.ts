export { assembleEmbeddingInput, type EmbeddingInputImage, type EmbeddingInputItem } from "./embedding-input.ts";
export { type EmbeddingBatch, EmbeddingLaneError, EmbeddingLanes } from "./embedding-lanes.ts";
export {
  createEmbedder,
  createModelRunner,
  type Embedder,
  INFERENCE_ENV_VARIABLE,
  INFERENCE_PRECISION_ENV_VARIABLE,
  INFERENCE_THREADS_ENV_VARIABLE,
  InferenceEngineError,
  type InferenceEngineName,
  type InferenceOptions,
  type InferencePrecision,
  type InferencePreference,
  type InferenceReport,
  initInference,
  type ModelRunner,
  ONNX_CACHE_ENV_VARIABLE,
  type OnnxGraph,
  setIdleSessionLimit,
} from "./engine.ts";
export {
  type Classifier,
  type Prediction,
  PredictionInputError,
  type PredictOptions,
  predict,
  toPrediction,
} from "./predict.ts";

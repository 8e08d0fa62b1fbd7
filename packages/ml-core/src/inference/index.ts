export {
  createEmbedder,
  createModelRunner,
  type Embedder,
  INFERENCE_ENV_VARIABLE,
  INFERENCE_THREADS_ENV_VARIABLE,
  InferenceEngineError,
  type InferenceEngineName,
  type InferenceOptions,
  type InferencePreference,
  type InferenceReport,
  initInference,
  type ModelRunner,
  ONNX_CACHE_ENV_VARIABLE,
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

export {
  type Classifier,
  type Prediction,
  PredictionInputError,
  type PredictOptions,
  predict,
  toPrediction,
} from "./predict.ts";

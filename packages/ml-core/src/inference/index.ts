export { predict, toPrediction, PredictionInputError, type Classifier, type Prediction, type PredictOptions } from './predict.ts';

export {
  type ConvertedModel,
  type ConvertOptions,
  convertLayersModel,
  ONNX_INPUT_NAME,
  ONNX_OUTPUT_NAME,
} from "./convert.ts";
export { isOnnxConversionError, OnnxConversionError } from "./errors.ts";
export { exportOnnxModel } from "./export.ts";
export { CONVERTER_VERSION, modelContentHash } from "./hash.ts";
export { SUPPORTED_LAYER_TYPES } from "./layers.ts";
export {
  type CalibrationBatches,
  calibrationHash,
  QUANTIZER_VERSION,
  QuantizationError,
  type QuantizedModel,
  type QuantizeOptions,
  quantizeBackboneInt8,
} from "./quantize.ts";

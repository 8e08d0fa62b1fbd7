/**
 * Thrown when a tfjs layers model cannot be expressed as an ONNX graph. It names the layer and its
 * class so the caller can say what blocked the conversion; the inference engine catches it and runs
 * that model on tfjs instead.
 */
export class OnnxConversionError extends Error {
  override name = "OnnxConversionError";
  constructor(
    /** Name of the layer that could not be converted ("" when the problem is the model as a whole). */
    readonly layerName: string,
    /** Its Keras class, e.g. "LSTM". */
    readonly layerClass: string,
    detail: string,
  ) {
    super(
      layerName
        ? `Cannot convert layer "${layerName}" (${layerClass}) to ONNX: ${detail}`
        : `Cannot convert the model to ONNX: ${detail}`,
    );
  }
}

export function isOnnxConversionError(error: unknown): error is OnnxConversionError {
  return error instanceof OnnxConversionError;
}

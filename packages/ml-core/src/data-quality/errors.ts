/** Thrown when data-quality inputs are inconsistent (ragged rows, non-finite values, bad labels or options). */
export class DataQualityInputError extends Error {
  override name = "DataQualityInputError";
}

export { type DecodedImage, type DecodeOptions, decodeImage } from "./decode.ts";
export { ImageError, type ImageErrorCode, isImageError } from "./errors.ts";
export { DEFAULT_MAX_PIXELS, type ImageLimits } from "./header.ts";
export { type ImageInfo, type InspectOptions, inspectImage } from "./inspect.ts";
export { MIME_TYPES, type SupportedFormat } from "./sniff.ts";
export { imagesToBatch } from "./tensor.ts";

export { ImageError, isImageError, type ImageErrorCode } from './errors.ts';
export { inspectImage, type ImageInfo, type InspectOptions } from './inspect.ts';
export { decodeImage, type DecodedImage, type DecodeOptions } from './decode.ts';
export { DEFAULT_MAX_PIXELS, type ImageLimits } from './header.ts';
export { MIME_TYPES, type SupportedFormat } from './sniff.ts';
export { imagesToBatch } from './tensor.ts';

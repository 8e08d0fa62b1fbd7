import { isPreprocessing } from "./preprocessing.ts";
import { BackboneError, type BackboneKind, type BackboneSpec } from "./types.ts";

/** Input sizes Keras Applications ships MobileNetV2 for; each keeps stride-2 stages on even sizes. */
/**
 * The scratch CNN trains at the images' own size: 28-px images (Fashion-MNIST, MNIST) at 28 rather
 * than upscaled to 32, which costs ~30% more per step for no added detail. Its poolings pad ("same"),
 * so any multiple of 4 keeps every pixel.
 */
export const SCRATCH_MIN_INPUT_SIZE = 28;

export const MOBILENET_V2_INPUT_SIZES = [96, 128, 160, 192, 224] as const;

export const BACKBONE_REGISTRY: Readonly<Record<BackboneKind, BackboneSpec>> = {
  mobilenet_v2: {
    id: "mobilenet_v2",
    // The weights are the ones bundled in nsfwjs 4.4.0 (Keras MobileNetV2 1.0/224); bump when that changes.
    version: "keras-1.0-224@nsfwjs-4.4.0",
    inputSize: 224,
    preprocessing: "minus_one_to_one",
    cutLayer: "out_relu",
    featureSize: 1280,
  },
  "layers-url": {
    id: "layers-url",
    version: "unresolved",
    inputSize: 224,
    preprocessing: "minus_one_to_one",
    cutLayer: "",
    featureSize: 0,
  },
  scratch: {
    id: "scratch",
    version: "cnn4-v2",
    inputSize: 96,
    preprocessing: "zero_to_one",
    cutLayer: "block_4_relu",
    featureSize: 128,
  },
  gradients: {
    id: "gradients",
    // Fixed filters, no weights to download or train; bump when the features change.
    version: "sobel8-cells7-overlap-v2",
    inputSize: 28,
    preprocessing: "zero_to_one",
    cutLayer: "gradients_flatten",
    // 13×13 half-overlapping cells × 8 orientations at 28 px; other sizes: gradientFeatureSize.
    featureSize: 1352,
  },
};

export const DEFAULT_BACKBONE: BackboneKind = "mobilenet_v2";

/** The registry entry for `id` with overrides applied and validated. */
export function backboneSpec(id: BackboneKind, overrides: Partial<Omit<BackboneSpec, "id">> = {}): BackboneSpec {
  const base = BACKBONE_REGISTRY[id];
  if (!base) {
    throw new BackboneError(
      "INVALID_SPEC",
      `Unknown backbone "${String(id)}"; choose one of ${Object.keys(BACKBONE_REGISTRY).join(", ")}.`,
    );
  }
  const spec: BackboneSpec = { ...base, ...overrides, id };
  validateSpec(spec);
  return spec;
}

export function validateSpec(spec: BackboneSpec): void {
  const fail = (message: string) => {
    throw new BackboneError("INVALID_SPEC", message);
  };
  if (!(spec.id in BACKBONE_REGISTRY))
    fail(`Unknown backbone "${spec.id}"; choose one of ${Object.keys(BACKBONE_REGISTRY).join(", ")}.`);
  if (!isPreprocessing(spec.preprocessing)) fail(`Unknown preprocessing "${String(spec.preprocessing)}".`);
  const minSize = spec.id === "scratch" || spec.id === "gradients" ? SCRATCH_MIN_INPUT_SIZE : 32;
  if (!Number.isInteger(spec.inputSize) || spec.inputSize < minSize || spec.inputSize > 512) {
    fail(`inputSize must be an integer between ${minSize} and 512, got ${spec.inputSize}.`);
  }
  if (spec.id === "mobilenet_v2") {
    if (!(MOBILENET_V2_INPUT_SIZES as readonly number[]).includes(spec.inputSize)) {
      fail(`mobilenet_v2 input size must be one of ${MOBILENET_V2_INPUT_SIZES.join(", ")}, got ${spec.inputSize}.`);
    }
    if (spec.cutLayer !== BACKBONE_REGISTRY.mobilenet_v2.cutLayer)
      fail(`mobilenet_v2 is always cut at out_relu, got "${spec.cutLayer}".`);
  }
  if (spec.id === "layers-url") {
    if (!spec.source) fail("layers-url needs `source`: an http(s) URL or a local path to a tfjs layers model.json.");
    if (!spec.cutLayer) fail("layers-url needs `cutLayer`: the name of the layer whose output becomes the features.");
  }
  if (spec.id === "scratch" && spec.inputSize % 4 !== 0)
    fail(`scratch input size must be a multiple of 4, got ${spec.inputSize}.`);
}

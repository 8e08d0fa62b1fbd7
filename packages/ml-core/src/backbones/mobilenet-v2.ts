import { finishBackbone, pinBatchNormToInference } from "./finish.ts";
import { readNsfwjsMobileNetV2 } from "./nsfwjs-weights.ts";
import { buildCutModel } from "./topology.ts";
import type { Backbone, BackboneBlock, BackboneSpec } from "./types.ts";

/**
 * Fine-tunable units of Keras MobileNetV2, bottom to top: the first inverted-residual block
 * ("expanded_conv"), block_1 … block_16, then the final 1×1 convolution Conv_1 (320 → 1280) with its
 * BN and out_relu. Unfreezing the top 2 means block_16 and Conv_1.
 */
export const MOBILENET_V2_BLOCKS: readonly BackboneBlock[] = [
  { name: "expanded_conv", firstLayer: "expanded_conv_depthwise" },
  ...Array.from({ length: 16 }, (_, i) => ({ name: `block_${i + 1}`, firstLayer: `block_${i + 1}_expand` })),
  { name: "Conv_1", firstLayer: "Conv_1" },
];

let bundled: ReturnType<typeof readNsfwjsMobileNetV2> | undefined;

export async function loadMobileNetV2(spec: BackboneSpec): Promise<Backbone> {
  // Decoding the 3.5 MB base64 bundle once per process is enough; the parsed form is immutable.
  bundled ??= readNsfwjsMobileNetV2();
  const cut = await buildCutModel(bundled, {
    inputSize: spec.inputSize,
    preprocessing: spec.preprocessing,
    cutLayer: spec.cutLayer,
  });
  pinBatchNormToInference(cut);
  return finishBackbone(cut, spec, MOBILENET_V2_BLOCKS);
}

import { type ArtifactLoadOptions, loadLayersArtifacts } from "./artifacts.ts";
import { finishBackbone, pinBatchNormToInference } from "./finish.ts";
import { buildCutModel } from "./topology.ts";
import type { Backbone, BackboneBlock, BackboneSpec } from "./types.ts";

export interface LayersUrlOptions extends ArtifactLoadOptions {
  /** Fine-tunable blocks of this model, bottom to top, if known (its layer names are arbitrary). */
  blocks?: readonly BackboneBlock[];
}

/** Any pretrained tfjs layers model, cut at `spec.cutLayer`, e.g. Teachable Machine's MobileNet v1 0.25/224. */
export async function loadLayersUrl(spec: BackboneSpec, options: LayersUrlOptions = {}): Promise<Backbone> {
  const artifacts = await loadLayersArtifacts(spec.source!, options);
  const cut = await buildCutModel(artifacts, {
    inputSize: spec.inputSize,
    preprocessing: spec.preprocessing,
    cutLayer: spec.cutLayer,
  });
  // Pretrained statistics: keep BN in inference mode, as for mobilenet_v2.
  pinBatchNormToInference(cut);
  return finishBackbone(cut, { ...spec, version: artifacts.digest }, options.blocks ?? []);
}

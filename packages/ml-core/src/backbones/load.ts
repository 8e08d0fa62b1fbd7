import { buildGradients } from "./gradients.ts";
import { type LayersUrlOptions, loadLayersUrl } from "./layers-url.ts";
import { loadMobileNetV2 } from "./mobilenet-v2.ts";
import { validateSpec } from "./registry.ts";
import { buildScratch } from "./scratch.ts";
import type { Backbone, BackboneSpec } from "./types.ts";

export interface LoadBackboneOptions extends LayersUrlOptions {
  /** scratch only: initialisation seed. */
  seed?: number;
}

/** Builds the backbone a spec describes (see `backboneSpec` for the registry defaults). */
export async function loadBackbone(spec: BackboneSpec, options: LoadBackboneOptions = {}): Promise<Backbone> {
  validateSpec(spec);
  switch (spec.id) {
    case "mobilenet_v2":
      return loadMobileNetV2(spec);
    case "layers-url":
      return loadLayersUrl(spec, options);
    case "scratch":
      return buildScratch(spec, options.seed);
    case "gradients":
      return buildGradients(spec);
  }
}

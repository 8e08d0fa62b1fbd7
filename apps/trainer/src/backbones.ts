// Backbones are expensive to build (MobileNetV2 decodes and assembles ~2.3 M
// weights), so a trainer keeps the last one it used and reuses it for the
// next run with the same backbone and input size. One at a time keeps memory
// flat when runs alternate between sizes.

import { type Backbone, type BackboneKind, backboneSpec, loadBackbone } from "@headstart/ml-core";
import type { RunConfig } from "@headstart/runs";

export class BackboneCache {
  private current: { key: string; backbone: Promise<Backbone> } | null = null;

  /** A backbone nobody else uses, for a run that changes its weights (fine-tuning); the caller disposes it. */
  loadPrivate(config: Pick<RunConfig, "backbone" | "inputSize" | "seed">): Promise<Backbone> {
    return loadBackbone(backboneSpec(config.backbone as BackboneKind, { inputSize: config.inputSize }), {
      seed: config.seed,
    });
  }

  /** The shared, never-trained backbone for this config. */
  async get(config: Pick<RunConfig, "backbone" | "inputSize" | "seed">): Promise<Backbone> {
    // The scratch CNN's weights come from the seed, so the seed is part of its identity.
    const key = `${config.backbone}@${config.inputSize}${config.backbone === "scratch" ? `#${config.seed}` : ""}`;
    if (this.current?.key === key) return this.current.backbone;
    await this.clear();
    const backbone = loadBackbone(backboneSpec(config.backbone as BackboneKind, { inputSize: config.inputSize }), {
      seed: config.seed,
    });
    this.current = { key, backbone };
    backbone.catch(() => {
      if (this.current?.key === key) this.current = null;
    });
    return backbone;
  }

  async clear(): Promise<void> {
    const previous = this.current;
    this.current = null;
    if (previous) (await previous.backbone.catch(() => null))?.dispose();
  }
}

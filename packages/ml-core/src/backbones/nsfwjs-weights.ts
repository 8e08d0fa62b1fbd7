import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as tf from "@tensorflow/tfjs";
import { BackboneError } from "./types.ts";

const require = createRequire(import.meta.url);

/**
 * nsfwjs ships its Keras MobileNetV2 as two UMD bundles instead of model.json + .bin: model.min.js
 * exports the parsed model.json object, group1-shard1of1.min.js exports the weight shard as a
 * base64 string (uint8-quantised). Requiring them reads the files from node_modules; nothing is
 * fetched. We use the topology and weights of the convolutional base only.
 */
export interface BundledModel {
  modelTopology: unknown;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** nsfwjs' "exports" map hides dist/models, so locate the package root from its main entry instead. */
function nsfwjsRoot(): string {
  let dir = path.dirname(require.resolve("nsfwjs"));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "nsfwjs")
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("package.json of nsfwjs not found above its main entry");
    dir = parent;
  }
}

export function readNsfwjsMobileNetV2(): BundledModel {
  let model: {
    modelTopology?: unknown;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  let shard: unknown;
  try {
    const dir = path.join(nsfwjsRoot(), "dist", "models", "mobilenet_v2");
    model = require(path.join(dir, "model.min.js"));
    shard = require(path.join(dir, "group1-shard1of1.min.js"));
  } catch (error) {
    throw new BackboneError(
      "LOAD_FAILED",
      `Cannot read the MobileNetV2 bundled with nsfwjs (${error instanceof Error ? error.message : String(error)}). Reinstall dependencies: npm install nsfwjs@4.4.0 -w packages/ml-core.`,
      { cause: error },
    );
  }
  if (!model.modelTopology || !model.weightsManifest?.length || typeof shard !== "string") {
    throw new BackboneError(
      "LOAD_FAILED",
      "The nsfwjs MobileNetV2 bundle has an unexpected layout; this loader was written for nsfwjs 4.4.0.",
    );
  }
  const bytes = Buffer.from(shard, "base64");
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return {
    modelTopology: model.modelTopology,
    weightSpecs: model.weightsManifest.flatMap((group) => group.weights),
    weightData,
  };
}

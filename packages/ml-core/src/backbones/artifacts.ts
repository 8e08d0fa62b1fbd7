import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type * as tf from "@tensorflow/tfjs";
import { BackboneError } from "./types.ts";

/**
 * Reads a tfjs layers model (model.json + weight shards) from an http(s) URL or a local path.
 * tfjs' own `file://` handler lives in tfjs-node, which is optional here, so local files are read
 * with fs. The digest covers every byte loaded and becomes the backbone version, so a changed
 * remote model can never be mixed up with cached embeddings of the old one.
 */
export interface LayersArtifacts {
  modelTopology: unknown;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
  digest: string;
}

interface ModelJson {
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
}

export interface ArtifactLoadOptions {
  /** Injected for environments with a custom fetch (proxies); defaults to the global fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

function isHttp(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

async function readBytes(source: string, options: ArtifactLoadOptions): Promise<Uint8Array> {
  if (isHttp(source)) {
    const doFetch = options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(source, { signal: options.signal });
    } catch (error) {
      throw new BackboneError(
        "LOAD_FAILED",
        `Could not fetch ${source}: ${error instanceof Error ? error.message : String(error)}. Check the URL and network access.`,
        { cause: error },
      );
    }
    if (!response.ok)
      throw new BackboneError(
        "LOAD_FAILED",
        `Fetching ${source} failed with HTTP ${response.status} ${response.statusText}. Check the URL.`,
      );
    return new Uint8Array(await response.arrayBuffer());
  }
  try {
    return await readFile(source);
  } catch (error) {
    throw new BackboneError(
      "LOAD_FAILED",
      `Could not read ${source}: ${error instanceof Error ? error.message : String(error)}. Check the path.`,
      { cause: error },
    );
  }
}

function localPath(source: string): string {
  return source.startsWith("file://") ? fileURLToPath(source) : path.resolve(source);
}

/** Where a weight shard lives, relative to model.json; local shards may not escape its folder. */
function shardLocation(modelJson: string, shard: string): string {
  if (isHttp(modelJson)) return new URL(shard, modelJson).toString();
  const dir = path.dirname(modelJson);
  const resolved = path.resolve(dir, shard);
  if (path.relative(dir, resolved).startsWith("..")) {
    throw new BackboneError("BAD_MODEL", `Weight path "${shard}" points outside the model folder ${dir}.`);
  }
  return resolved;
}

export async function loadLayersArtifacts(source: string, options: ArtifactLoadOptions = {}): Promise<LayersArtifacts> {
  const modelJsonLocation = isHttp(source) ? source : localPath(source);
  const jsonBytes = await readBytes(modelJsonLocation, options);
  let json: ModelJson;
  try {
    json = JSON.parse(new TextDecoder().decode(jsonBytes)) as ModelJson;
  } catch (error) {
    throw new BackboneError("BAD_MODEL", `${source} is not valid JSON; point at a tfjs model.json.`, { cause: error });
  }
  if (json.format === "graph-model") {
    throw new BackboneError(
      "BAD_MODEL",
      `${source} is a tfjs graph model; only layers models can be cut at a named layer. Convert the Keras model with --output_format tfjs_layers_model.`,
    );
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new BackboneError(
      "BAD_MODEL",
      `${source} lacks modelTopology or weightsManifest; it is not a tfjs layers model.json.`,
    );
  }
  const hash = createHash("sha256").update(jsonBytes);
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) {
      const bytes = await readBytes(shardLocation(modelJsonLocation, shard), options);
      hash.update(bytes);
      shards.push(bytes);
    }
  }
  const total = shards.reduce((sum, s) => sum + s.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: weightData.buffer,
    digest: `sha256:${hash.digest("hex").slice(0, 16)}`,
  };
}

/**
 * A tfjs IOHandler that loads model.json + shards from a local path (or URL) without tfjs-node:
 * `tf.loadLayersModel(fileSystemLoader('/models/x/model.json'))`.
 */
export function fileSystemLoader(source: string, options: ArtifactLoadOptions = {}): tf.io.IOHandler {
  return {
    async load() {
      const artifacts = await loadLayersArtifacts(source, options);
      return {
        modelTopology: artifacts.modelTopology as tf.io.ModelArtifacts["modelTopology"],
        weightSpecs: artifacts.weightSpecs,
        weightData: artifacts.weightData,
      };
    },
  };
}

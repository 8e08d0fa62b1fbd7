import * as tf from "@tensorflow/tfjs";
import type { Backbone } from "../backbones/types.ts";
import { BackboneError } from "../backbones/types.ts";
import type { LabelledImage } from "../dataset/index.ts";
import { decodeImage, imagesToBatch } from "../image/index.ts";
import { throwIfAborted } from "../train/abort.ts";
import type { MobileNetCut } from "./recipe.ts";

/** The layer whose output is block `cut`'s output: its residual add when it has one, else its projection BN. */
export function cutOutputLayer(model: tf.LayersModel, cut: MobileNetCut): tf.layers.Layer {
  if (cut === "out_relu") return model.getLayer("out_relu");
  for (const name of [`${cut}_add`, `${cut}_project_BN`]) {
    try {
      return model.getLayer(name);
    } catch {
      // Not this one; try the next candidate.
    }
  }
  throw new BackboneError(
    "BAD_MODEL",
    `The backbone has no output layer for ${cut} (${cut}_add or ${cut}_project_BN).`,
  );
}

/**
 * A frozen backbone whose features are the global-average-pooled output of block `cut` instead of
 * out_relu. It shares the loaded MobileNetV2's layers (dispose releases only the new pooling
 * model), and its version names the cut, so cached embeddings of two cuts never mix. It declares
 * no blocks: it is for frozen-head runs, and trainClassifier takes it like any other backbone.
 */
export function cutBackbone(backbone: Backbone, cut: MobileNetCut): Backbone {
  if (cut === "out_relu") return backbone;
  const layer = cutOutputLayer(backbone.model, cut);
  const pooled = tf.layers
    .globalAveragePooling2d({ name: `${cut}_features` })
    .apply(layer.output as tf.SymbolicTensor) as tf.SymbolicTensor;
  const model = tf.model({ inputs: backbone.model.inputs, outputs: pooled, name: `${backbone.spec.id}_${cut}` });
  const featureSize = pooled.shape[1] as number;
  const spec = { ...backbone.spec, cutLayer: layer.name, featureSize, version: `${backbone.spec.version}@${cut}` };
  return {
    spec,
    model,
    blocks: [],
    embed: (batch) => tf.tidy(() => model.predict(batch) as tf.Tensor2D),
    // The layers belong to the shared backbone; only the wrapper model's own bookkeeping goes.
    dispose: () => undefined,
  };
}

/**
 * Pooled features at several cuts in one pass per batch: what the recommender's linear probe
 * needs. Images are decoded at the backbone's input size. This is the tfjs path; a caller with a
 * faster engine passes its own function to recommendRunConfig instead.
 */
export async function embedAtCuts(
  backbone: Backbone,
  images: readonly LabelledImage[],
  cuts: readonly MobileNetCut[],
  options: { batchSize?: number; signal?: AbortSignal; onProgress?(done: number, total: number): void } = {},
): Promise<Map<MobileNetCut, Float32Array[]>> {
  const outputs = cuts.map(
    (cut) =>
      tf.layers
        .globalAveragePooling2d({ name: `${cut}_probe_${Math.random().toString(36).slice(2, 8)}` })
        .apply(cutOutputLayer(backbone.model, cut).output as tf.SymbolicTensor) as tf.SymbolicTensor,
  );
  const model = tf.model({ inputs: backbone.model.inputs, outputs });
  const result = new Map<MobileNetCut, Float32Array[]>(cuts.map((c) => [c, []]));
  const batchSize = options.batchSize ?? 32;
  const size = backbone.spec.inputSize;
  for (let start = 0; start < images.length; start += batchSize) {
    throwIfAborted(options.signal);
    const batch = images.slice(start, start + batchSize);
    const decoded = await Promise.all(batch.map(async (i) => decodeImage(await i.read(), { size })));
    const tensors = tf.tidy(() => {
      const out = model.predict(imagesToBatch(decoded));
      return Array.isArray(out) ? out : [out];
    });
    for (const [k, cut] of cuts.entries()) {
      const values = (await tensors[k].data()) as Float32Array;
      const width = tensors[k].shape[1] as number;
      for (let i = 0; i < batch.length; i++) result.get(cut)!.push(values.slice(i * width, (i + 1) * width));
    }
    tf.dispose(tensors);
    options.onProgress?.(Math.min(images.length, start + batchSize), images.length);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return result;
}

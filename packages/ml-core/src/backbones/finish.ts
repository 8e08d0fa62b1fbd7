import * as tf from "@tensorflow/tfjs";
import { FEATURES_LAYER_NAME } from "./preprocessing.ts";
import { type Backbone, type BackboneBlock, BackboneError, type BackboneSpec } from "./types.ts";

/**
 * tfjs-layers' BatchNormalization uses batch statistics and updates its moving mean/variance
 * whenever it is called with training=true — even when the layer is not trainable (Keras stopped
 * doing that in 2.1.3). For a pretrained backbone that silently corrupts the ImageNet statistics
 * during fine-tuning, so every BN layer is pinned to inference mode. Its class and config are
 * unchanged, so the model still saves and loads as a plain BatchNormalization.
 */
export function pinBatchNormToInference(model: tf.LayersModel): number {
  let pinned = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== "BatchNormalization") continue;
    const call = layer.call.bind(layer);
    layer.call = (inputs, kwargs) => call(inputs, { ...kwargs, training: false });
    pinned++;
  }
  return pinned;
}

/** Appends global average pooling when the cut is a feature map, and wraps the result as a Backbone. */
export function finishBackbone(cut: tf.LayersModel, spec: BackboneSpec, blocks: readonly BackboneBlock[]): Backbone {
  const cutOutput = cut.outputs[0];
  let outputs: tf.SymbolicTensor;
  if (cutOutput.shape.length === 4) {
    outputs = tf.layers.globalAveragePooling2d({ name: FEATURES_LAYER_NAME }).apply(cutOutput) as tf.SymbolicTensor;
  } else if (cutOutput.shape.length === 2) {
    outputs = cutOutput;
  } else {
    cut.dispose();
    throw new BackboneError(
      "INVALID_SPEC",
      `Layer "${spec.cutLayer}" outputs shape ${JSON.stringify(cutOutput.shape)}; cut at a feature map [n,h,w,c] or a vector [n,c].`,
    );
  }
  const model =
    cutOutput.shape.length === 4 ? tf.model({ inputs: cut.inputs, outputs, name: `${spec.id}_backbone` }) : cut;
  const featureSize = outputs.shape[1] as number;
  if (spec.featureSize && spec.featureSize !== featureSize) {
    model.dispose();
    throw new BackboneError(
      "BAD_MODEL",
      `Expected ${spec.featureSize} features at "${spec.cutLayer}", the model gives ${featureSize}.`,
    );
  }
  const resolved: BackboneSpec = { ...spec, featureSize };
  const size = spec.inputSize;
  let disposed = false;
  return {
    spec: resolved,
    model,
    blocks,
    embed(batch: tf.Tensor4D): tf.Tensor2D {
      if (disposed) throw new Error(`Backbone ${spec.id} was disposed; load it again.`);
      const [, h, w, c] = batch.shape;
      if (batch.rank !== 4 || h !== size || w !== size || c !== 3) {
        throw new RangeError(
          `embed expects float32 [n, ${size}, ${size}, 3] in 0..255, got [${batch.shape.join(", ")}]; decode images at size ${size}.`,
        );
      }
      return tf.tidy(
        () =>
          model.predict(batch.dtype === "float32" ? batch : tf.cast(batch, "float32"), {
            batchSize: Math.max(1, batch.shape[0]),
          }) as tf.Tensor2D,
      );
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      model.dispose();
    },
  };
}

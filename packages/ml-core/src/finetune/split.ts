import * as tf from "@tensorflow/tfjs";
import { type Backbone, BackboneError } from "../backbones/types.ts";

export interface FineTuneSplit {
  /** input image (0..255) → activations below the unfrozen blocks. Not trainable; cache its outputs. */
  frozen: tf.LayersModel;
  /** those activations → pooled features. Trainable; its BatchNormalization stays in inference mode. */
  top: tf.LayersModel;
  /** Layer whose output is the boundary (the input of the first unfrozen block). */
  cutLayer: string;
  /** Shape of one cached activation, without the batch dimension. */
  activationShape: number[];
  unfrozenBlocks: string[];
}

/**
 * Splits a backbone for fine-tuning its top `unfreezeBlocks` blocks. Both halves share the
 * backbone's layer objects (and so its weights): training `top` updates the backbone itself.
 * Activations at the boundary can be computed once per image with `frozen` and cached, so each
 * fine-tuning step only runs the unfrozen blocks.
 */
export function splitForFineTune(backbone: Backbone, unfreezeBlocks: number): FineTuneSplit {
  const { blocks, model } = backbone;
  if (blocks.length === 0) {
    throw new BackboneError(
      "INVALID_SPEC",
      `Backbone ${backbone.spec.id} does not declare its blocks, so it cannot be fine-tuned by block.`,
    );
  }
  if (!Number.isInteger(unfreezeBlocks) || unfreezeBlocks < 1 || unfreezeBlocks > blocks.length) {
    throw new RangeError(
      `unfreezeBlocks must be an integer from 1 to ${blocks.length} for ${backbone.spec.id}, got ${unfreezeBlocks}.`,
    );
  }
  const unfrozen = blocks.slice(blocks.length - unfreezeBlocks);
  const first = model.getLayer(unfrozen[0].firstLayer);
  // Node 0 is the layer's call in the backbone graph; later nodes come from earlier splits.
  const boundary = first.inboundNodes[0].inputTensors[0];
  const cutLayer = boundary.sourceLayer.name;

  const frozen = tf.model({
    inputs: model.inputs,
    outputs: boundary,
    name: `${backbone.spec.id}_frozen_below_${unfrozen[0].name}`,
  });

  // Re-apply every layer downstream of the boundary to a fresh Input, in the model's topological order.
  const activationShape = boundary.shape.slice(1) as number[];
  const input = tf.input({ shape: activationShape, name: `${cutLayer}_activations` });
  const mapped = new Map<number, tf.SymbolicTensor>([[boundary.id, input]]);
  for (const layer of model.layers) {
    const node = layer.inboundNodes[0];
    if (!node || node.inputTensors.length === 0) continue;
    const present = node.inputTensors.filter((t) => mapped.has(t.id));
    if (present.length === 0) continue;
    if (present.length !== node.inputTensors.length) {
      throw new BackboneError(
        "BAD_MODEL",
        `Layer "${layer.name}" also reads tensors from below "${cutLayer}", so block "${unfrozen[0].name}" is not a clean boundary; unfreeze a different number of blocks.`,
      );
    }
    const inputs = node.inputTensors.map((t) => mapped.get(t.id)!);
    const outputs = layer.apply(inputs.length === 1 ? inputs[0] : inputs) as tf.SymbolicTensor | tf.SymbolicTensor[];
    const outList = Array.isArray(outputs) ? outputs : [outputs];
    node.outputTensors.forEach((t, i) => mapped.set(t.id, outList[i]));
  }
  const output = mapped.get(model.outputs[0].id);
  if (!output)
    throw new BackboneError("BAD_MODEL", `The output of ${backbone.spec.id} is not reachable from "${cutLayer}".`);
  const top = tf.model({ inputs: input, outputs: output, name: `${backbone.spec.id}_top_${unfreezeBlocks}` });

  for (const layer of frozen.layers) layer.trainable = false;
  for (const layer of top.layers) layer.trainable = true;
  return { frozen, top, cutLayer, activationShape, unfrozenBlocks: unfrozen.map((b) => b.name) };
}

import { GraphBuilder } from "./graph.ts";

/** Shape of the reference head (Dense relu -> Dropout -> Dense) as the training graphs see it. */
export interface HeadGraphShape {
  inputDim: number;
  hidden: number;
  outputs: number;
  /** The output activation the loss belongs to: softmax cross-entropy or sigmoid cross-entropy. */
  activation: "softmax" | "sigmoid";
}

/** Feed and fetch names of the head's training step graph, in the order the loop uses them. */
export const HEAD_STEP_INPUTS = ["x", "y", "w1", "b1", "w2", "b2", "mask", "scale"] as const;
export const HEAD_STEP_OUTPUTS = ["logits", "dw1", "db1", "dw2", "db2"] as const;

/**
 * One training step of the reference head as an ONNX graph: forward to the logits, then the four
 * gradients, all in ONNX Runtime's own kernels (its MLAS matrix products are several times faster
 * than tfjs WASM's on the two big products, x·W1 and xᵀ·dPre). No weights are baked in: W1, b1, W2
 * and b2 are fed each step, so one session serves every run of the same shape.
 *
 * Feeds: x [n, in], y [n, out] (encoded, possibly smoothed targets), the weights, `mask` [n, hidden]
 * (the scaled dropout keep-mask, ones when there is no dropout) and `scale` [1], the loss's
 * normaliser 1/n (softmax) or 1/(n·out) (sigmoid). Fetches: the logits (the loop computes the loss
 * and the correct count from them in JS: n·out values) and dW1, db1, dW2, db2.
 *
 * Gradients are those of headGradients (head-gradients.ts): d loss/d z = (act(z) - y)·scale for both
 * losses, and relu'(pre) is taken as sign(relu(pre)), 1 exactly where the relu output is positive.
 */
export function headStepGraph(shape: HeadGraphShape): Uint8Array {
  const g = new GraphBuilder();
  for (const name of [...HEAD_STEP_INPUTS, ...HEAD_STEP_OUTPUTS]) g.reserve(name);
  const hidden = g.op("Relu", [g.op("Gemm", ["x", "w1", "b1"], "pre")], "hidden");
  const dropped = g.op("Mul", [hidden, "mask"], "dropped");
  g.node("Gemm", [dropped, "w2", "b2"], "logits", {}, "logits");
  const activated = g.op(shape.activation === "softmax" ? "Softmax" : "Sigmoid", ["logits"], "activated", {
    ...(shape.activation === "softmax" ? { axis: 1 } : {}),
  });
  const dLogits = g.op("Mul", [g.op("Sub", [activated, "y"], "error"), "scale"], "d_logits");
  const rows = g.int64("batch_axis", [0]);
  g.node("Gemm", [dropped, dLogits], "dw2", { transA: 1 }, "dw2");
  g.node("ReduceSum", [dLogits, rows], "db2", { keepdims: 0 }, "db2");
  const dDropped = g.op("Gemm", [dLogits, "w2"], "d_dropped", { transB: 1 });
  const dHidden = g.op("Mul", [dDropped, "mask"], "d_hidden");
  const dPre = g.op("Mul", [dHidden, g.op("Sign", [hidden], "relu_slope")], "d_pre");
  g.node("Gemm", ["x", dPre], "dw1", { transA: 1 }, "dw1");
  g.node("ReduceSum", [dPre, rows], "db1", { keepdims: 0 }, "db1");
  const { inputDim, hidden: units, outputs } = shape;
  return g.encode({
    name: "head_training_step",
    docString: "Reference head: logits and gradients of one training step (headstart ml-core).",
    inputs: [
      { name: "x", shape: ["n", inputDim] },
      { name: "y", shape: ["n", outputs] },
      { name: "w1", shape: [inputDim, units] },
      { name: "b1", shape: [units] },
      { name: "w2", shape: [units, outputs] },
      { name: "b2", shape: [outputs] },
      { name: "mask", shape: ["n", units] },
      { name: "scale", shape: [1] },
    ],
    outputs: [
      { name: "logits", shape: ["n", outputs] },
      { name: "dw1", shape: [inputDim, units] },
      { name: "db1", shape: [units] },
      { name: "dw2", shape: [units, outputs] },
      { name: "db2", shape: [outputs] },
    ],
  });
}

/** The head's logits in inference mode (no dropout), for validation: feeds x and the weights. */
export function headLogitsGraph(shape: HeadGraphShape): Uint8Array {
  const g = new GraphBuilder();
  for (const name of ["x", "w1", "b1", "w2", "b2", "logits"]) g.reserve(name);
  const hidden = g.op("Relu", [g.op("Gemm", ["x", "w1", "b1"], "pre")], "hidden");
  g.node("Gemm", [hidden, "w2", "b2"], "logits", {}, "logits");
  const { inputDim, hidden: units, outputs } = shape;
  return g.encode({
    name: "head_logits",
    docString: "Reference head: logits in inference mode (headstart ml-core).",
    inputs: [
      { name: "x", shape: ["n", inputDim] },
      { name: "w1", shape: [inputDim, units] },
      { name: "b1", shape: [units] },
      { name: "w2", shape: [units, outputs] },
      { name: "b2", shape: [outputs] },
    ],
    outputs: [{ name: "logits", shape: ["n", outputs] }],
  });
}

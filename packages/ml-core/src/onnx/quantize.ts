import { createHash } from "node:crypto";
import onnxProto from "onnx-proto";
import { loadOnnxRuntime, type OnnxRuntime, sessionOptions } from "./runtime.ts";

const { onnx } = onnxProto;
type ModelProto = InstanceType<typeof onnx.ModelProto>;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;
const DataType = onnx.TensorProto.DataType;

/** Bump when the quantiser's output changes for the same model and calibration, so cached graphs are rebuilt. */
export const QUANTIZER_VERSION = 1;

export const DEFAULT_CALIBRATION_PERCENTILE = 99.999;

/** Calibration images, each batch flat float32 in the graph's input layout (NHWC 0..255 for backbones). */
export type CalibrationBatches = readonly Float32Array[];

export interface QuantizeOptions {
  /** Intra-op threads for the calibration session (default 1). */
  threads?: number;
  /**
   * Each activation's range covers this percentile of its calibration values at either end (default
   * DEFAULT_CALIBRATION_PERCENTILE); 100 is plain min/max.
   */
  percentile?: number;
}

export interface QuantizedModel {
  /** The serialised QDQ ModelProto. */
  bytes: Uint8Array;
  /** Convolutions whose input, weights and bias now go through QuantizeLinear/DequantizeLinear. */
  quantizedConvolutions: number;
  /** Activation tensors given a uint8 QuantizeLinear/DequantizeLinear pair. */
  quantizedActivations: number;
  /** Calibration images seen. */
  calibrationImages: number;
}

/** Calibration input that cannot be used: none, or batches that are not whole images of the graph's input size. */
export class QuantizationError extends Error {
  override name = "QuantizationError";
}

/**
 * sha256 of the calibration images: with the FP32 graph's content hash and QUANTIZER_VERSION it keys
 * the on-disk cache of quantised graphs (different images give different activation ranges).
 */
export function calibrationHash(batches: CalibrationBatches): string {
  const hash = createHash("sha256");
  hash.update(`quantizer ${QUANTIZER_VERSION}\n`);
  for (const batch of batches) {
    hash.update(`batch ${batch.length}\n`);
    hash.update(new Uint8Array(batch.buffer, batch.byteOffset, batch.byteLength));
  }
  return hash.digest("hex").slice(0, 32);
}

function dims(tensor: TensorProto): number[] {
  return (tensor.dims ?? []).map((d) => Number(d));
}

function floatsOf(tensor: TensorProto): Float32Array {
  if (tensor.dataType !== DataType.FLOAT)
    throw new QuantizationError(`initializer ${tensor.name} is not float32 (ONNX data type ${tensor.dataType})`);
  if (tensor.rawData && tensor.rawData.length > 0) {
    const raw = tensor.rawData;
    // Copy into a fresh buffer: decoded bytes are a view into a larger (Node Buffer pool) allocation,
    // not necessarily 4-byte aligned.
    return new Float32Array(new Uint8Array(raw).buffer, 0, raw.length / 4);
  }
  return Float32Array.from(tensor.floatData ?? []);
}

function initializer(name: string, dataType: number, shape: number[], data: ArrayBufferView): TensorProto {
  return onnx.TensorProto.create({
    name,
    dims: shape,
    dataType,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice(),
  });
}

function node(opType: string, inputs: string[], outputs: string[], name: string, axis?: number): NodeProto {
  return onnx.NodeProto.create({
    name,
    opType,
    input: inputs,
    output: outputs,
    attribute: axis === undefined ? [] : [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: axis }],
  });
}

interface ConvSite {
  conv: NodeProto;
  /** The activation the convolution reads. */
  input: string;
  /** Its output, or the output of the ReLU/ReLU6 Clip right after it, which the quantised range absorbs. */
  output: string;
  /** That Clip, removed from the quantised graph. */
  clip?: NodeProto;
}

/**
 * Finds each Conv and whether a Clip with lower bound 0 (ReLU6 as converted, or ReLU) is its only
 * reader. uint8 with zero point 0 and a range calibrated on the Clip's output saturates exactly
 * where the Clip would, so the Clip can go and ORT fuses DQ → Conv → Q into one QLinearConv.
 */
function convSites(model: ModelProto): ConvSite[] {
  const graph = model.graph!;
  const readers = new Map<string, NodeProto[]>();
  for (const n of graph.node ?? [])
    for (const input of n.input ?? []) readers.set(input, [...(readers.get(input) ?? []), n]);
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name!, t]));
  const outputs = new Set((graph.output ?? []).map((o) => o.name!));
  const sites: ConvSite[] = [];
  for (const conv of graph.node ?? []) {
    if (conv.opType !== "Conv") continue;
    const [input, weight] = conv.input ?? [];
    if (!inits.has(weight)) continue; // weights computed at run time: leave this convolution in float
    const output = conv.output![0];
    const next = readers.get(output) ?? [];
    const clip = next.length === 1 && next[0].opType === "Clip" && !outputs.has(output) ? next[0] : undefined;
    const lower = clip?.input?.[1] ? inits.get(clip.input[1]) : undefined;
    if (clip && lower && floatsOf(lower)[0] === 0) sites.push({ conv, input, output: clip.output![0], clip });
    else sites.push({ conv, input, output });
  }
  return sites;
}

function inputItemSize(model: ModelProto): { name: string; itemSize: number; shape: number[] } {
  const input = model.graph?.input?.find((i) => !(model.graph?.initializer ?? []).some((t) => t.name === i.name));
  const shape = input?.type?.tensorType?.shape?.dim?.slice(1).map((d) => Number(d.dimValue ?? 0)) ?? [];
  if (!input?.name || shape.length === 0 || shape.some((d) => !(d > 0)))
    throw new QuantizationError("the model's input needs a fully known shape apart from the batch to calibrate it");
  return { name: input.name, itemSize: shape.reduce((a, b) => a * b, 1), shape };
}

const HISTOGRAM_BINS = 2048;

/**
 * The range of every tensor in `names` over the calibration images, from the FP32 graph with them
 * exposed as outputs. Pass one finds each tensor's min and max; pass two histograms its values over
 * that span, and the range kept runs from the (100 − percentile)th to the percentile-th value.
 * Plain min/max (percentile 100) let a handful of outlier activations set the scale: on the sample,
 * more calibration images made the embeddings worse (cosine to FP32 down to 0.965 with 60 images).
 */
async function calibrate(
  ort: OnnxRuntime,
  model: ModelProto,
  names: string[],
  batches: CalibrationBatches,
  threads: number,
  percentile: number,
): Promise<{ ranges: Map<string, { min: number; max: number }>; images: number }> {
  const { name: inputName, itemSize, shape } = inputItemSize(model);
  const exposed = onnx.ModelProto.decode(onnx.ModelProto.encode(model).finish());
  const already = new Set((exposed.graph!.output ?? []).map((o) => o.name!));
  for (const name of names)
    if (!already.has(name))
      exposed.graph!.output!.push(
        onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: DataType.FLOAT } } }),
      );
  const session = await ort.InferenceSession.create(
    onnx.ModelProto.encode(exposed).finish(),
    sessionOptions({ threads }),
  );
  const extremes = new Map(names.map((n) => [n, { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }]));
  const histograms = new Map(names.map((n) => [n, new Float64Array(HISTOGRAM_BINS)]));
  let images = 0;
  /** Runs every calibration image (two at a time: all exposed activations come back at once) through `visit`. */
  const pass = async (visit: (name: string, values: Float32Array) => void) => {
    images = 0;
    for (const batch of batches) {
      const count = batch.length / itemSize;
      for (let from = 0; from < count; from += 2) {
        const items = Math.min(2, count - from);
        const input = batch.subarray(from * itemSize, (from + items) * itemSize);
        const tensor = new ort.Tensor("float32", input, [items, ...shape]);
        const results = await session.run({ [inputName]: tensor }, names);
        tensor.dispose();
        for (const name of names) {
          visit(name, results[name].data as Float32Array);
          results[name].dispose();
        }
        images += items;
      }
    }
  };
  try {
    await pass((name, values) => {
      const range = extremes.get(name)!;
      let { min, max } = range;
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v < min) min = v;
        if (v > max) max = v;
      }
      range.min = min;
      range.max = max;
    });
    if (percentile < 100) {
      await pass((name, values) => {
        const { min, max } = extremes.get(name)!;
        const histogram = histograms.get(name)!;
        const width = (max - min) / HISTOGRAM_BINS || 1;
        for (let i = 0; i < values.length; i++)
          histogram[Math.min(HISTOGRAM_BINS - 1, Math.floor((values[i] - min) / width))]++;
      });
    }
  } finally {
    await session.release();
  }
  if (percentile >= 100) return { ranges: extremes, images };
  const ranges = new Map<string, { min: number; max: number }>();
  const tail = (100 - percentile) / 100;
  for (const name of names) {
    const { min, max } = extremes.get(name)!;
    const histogram = histograms.get(name)!;
    const width = (max - min) / HISTOGRAM_BINS;
    const total = histogram.reduce((a, b) => a + b, 0);
    let low = 0;
    for (let seen = 0; low < HISTOGRAM_BINS - 1 && seen + histogram[low] <= tail * total; low++) seen += histogram[low];
    let high = HISTOGRAM_BINS - 1;
    for (let seen = 0; high > low && seen + histogram[high] <= tail * total; high--) seen += histogram[high];
    ranges.set(name, { min: min + low * width, max: min + (high + 1) * width });
  }
  return { ranges, images };
}

/** uint8 asymmetric parameters for a range; the range always includes 0 so zero is exact (padding, ReLU). */
function activationParameters(range: { min: number; max: number }): { scale: number; zeroPoint: number } {
  const min = Math.min(0, range.min);
  const max = Math.max(0, range.max);
  const scale = max > min ? (max - min) / 255 : 1;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-min / scale))) };
}

/**
 * Static QDQ quantisation of an FP32 ONNX CNN, the format ONNX Runtime's CPU graph optimiser turns into
 * QLinearConv: every Conv reads its activation through QuantizeLinear → DequantizeLinear (uint8,
 * asymmetric, range calibrated over the calibration images, percentile-clipped), its weights through
 * DequantizeLinear from int8 symmetric per-output-channel values (axis 0), its bias through
 * DequantizeLinear from int32 at input scale × weight scale, and its output (after a ReLU/ReLU6 Clip,
 * which the range absorbs) goes through another uint8 pair. Everything else (Add, pooling, the
 * preprocessing offset) stays float between DequantizeLinear and QuantizeLinear.
 *
 * `calibrationBatches` are flat float32 batches of whole images in the graph's input layout; use
 * images of the dataset the embeddings are for.
 */
export async function quantizeBackboneInt8(
  fp32Model: Uint8Array,
  calibrationBatches: CalibrationBatches,
  options: QuantizeOptions = {},
): Promise<QuantizedModel> {
  const model = onnx.ModelProto.decode(fp32Model);
  if (!model.graph) throw new QuantizationError("the bytes hold no ONNX graph");
  const { itemSize, shape } = inputItemSize(model);
  if (calibrationBatches.length === 0 || calibrationBatches.every((b) => b.length === 0))
    throw new QuantizationError(
      "int8 quantisation needs calibration images (a few dozen of the dataset's own, decoded at the backbone's size); none were given",
    );
  for (const [i, batch] of calibrationBatches.entries())
    if (batch.length % itemSize !== 0)
      throw new QuantizationError(
        `calibration batch ${i} has ${batch.length} values, not a whole number of [${shape.join(", ")}] images (${itemSize} values each)`,
      );
  const loaded = await loadOnnxRuntime();
  if ("error" in loaded) throw new QuantizationError(`calibration runs on ONNX Runtime, but ${loaded.error}`);

  const sites = convSites(model);
  if (sites.length === 0) throw new QuantizationError("the graph has no Conv with constant weights to quantise");
  const tensors = [...new Set(sites.flatMap((s) => [s.input, s.output]))];
  const percentile = options.percentile ?? DEFAULT_CALIBRATION_PERCENTILE;
  if (!(percentile > 50 && percentile <= 100))
    throw new QuantizationError(`the calibration percentile must be above 50 and at most 100, got ${percentile}`);
  const { ranges, images } = await calibrate(
    loaded.ort,
    model,
    tensors,
    calibrationBatches,
    options.threads ?? 1,
    percentile,
  );

  const graph = model.graph;
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name!, t]));
  const added: TensorProto[] = [];
  const removed = new Set(sites.flatMap((s) => (s.clip ? [s.clip] : [])));
  // A removed Clip's output is now the Conv's.
  for (const site of sites) if (site.clip) site.conv.output = [site.output];

  // Activations: Q → DQ right after the producer; every reader but the Q switches to the DQ output.
  const params = new Map<string, { scale: number; zeroPoint: number }>();
  const qdq = new Map<string, NodeProto[]>();
  for (const name of tensors) {
    const p = activationParameters(ranges.get(name)!);
    params.set(name, p);
    const scale = `${name}/quant/scale`;
    const zeroPoint = `${name}/quant/zero_point`;
    added.push(initializer(scale, DataType.FLOAT, [], Float32Array.of(p.scale)));
    added.push(initializer(zeroPoint, DataType.UINT8, [], Uint8Array.of(p.zeroPoint)));
    qdq.set(name, [
      node("QuantizeLinear", [name, scale, zeroPoint], [`${name}/quant`], `${name}/QuantizeLinear`),
      node("DequantizeLinear", [`${name}/quant`, scale, zeroPoint], [`${name}/dequant`], `${name}/DequantizeLinear`),
    ]);
  }
  for (const n of graph.node ?? []) n.input = (n.input ?? []).map((i) => (qdq.has(i) ? `${i}/dequant` : i));

  // Weights and biases: constants, dequantised at the top of the graph (ORT folds them into QLinearConv).
  const weightNodes: NodeProto[] = [];
  for (const site of sites) {
    const [, weightName, biasName] = site.conv.input ?? [];
    const weight = inits.get(weightName)!;
    const shapeW = dims(weight);
    const w = floatsOf(weight);
    const channels = shapeW[0];
    const perChannel = w.length / channels;
    const wScale = new Float32Array(channels);
    const wq = new Int8Array(w.length);
    for (let c = 0; c < channels; c++) {
      let largest = 0;
      for (let i = c * perChannel; i < (c + 1) * perChannel; i++) largest = Math.max(largest, Math.abs(w[i]));
      // An all-zero channel still needs a positive scale.
      wScale[c] = largest > 0 ? largest / 127 : 1;
      for (let i = c * perChannel; i < (c + 1) * perChannel; i++)
        wq[i] = Math.max(-127, Math.min(127, Math.round(w[i] / wScale[c])));
    }
    const prefix = `${site.conv.name || weightName}/weight`;
    added.push(initializer(`${prefix}/quantized`, DataType.INT8, shapeW, wq));
    added.push(initializer(`${prefix}/scale`, DataType.FLOAT, [channels], wScale));
    added.push(initializer(`${prefix}/zero_point`, DataType.INT8, [channels], new Int8Array(channels)));
    weightNodes.push(
      node(
        "DequantizeLinear",
        [`${prefix}/quantized`, `${prefix}/scale`, `${prefix}/zero_point`],
        [`${prefix}/dequant`],
        `${prefix}/DequantizeLinear`,
        0,
      ),
    );
    const inputs = [`${site.input}/dequant`, `${prefix}/dequant`];
    if (biasName) {
      const bias = floatsOf(inits.get(biasName)!);
      const xScale = params.get(site.input)!.scale;
      const bScale = new Float32Array(channels);
      const bq = new Int32Array(channels);
      for (let c = 0; c < channels; c++) {
        bScale[c] = xScale * wScale[c];
        bq[c] = Math.round(bias[c] / bScale[c]);
      }
      const biasPrefix = `${site.conv.name || weightName}/bias`;
      added.push(initializer(`${biasPrefix}/quantized`, DataType.INT32, [channels], bq));
      added.push(initializer(`${biasPrefix}/scale`, DataType.FLOAT, [channels], bScale));
      added.push(initializer(`${biasPrefix}/zero_point`, DataType.INT32, [channels], new Int32Array(channels)));
      weightNodes.push(
        node(
          "DequantizeLinear",
          [`${biasPrefix}/quantized`, `${biasPrefix}/scale`, `${biasPrefix}/zero_point`],
          [`${biasPrefix}/dequant`],
          `${biasPrefix}/DequantizeLinear`,
          0,
        ),
      );
      inputs.push(`${biasPrefix}/dequant`);
    }
    site.conv.input = inputs;
  }

  // Node order stays topological: weight DQs first, the graph input's Q/DQ next, each other pair after its producer.
  const graphInputs = new Set((graph.input ?? []).map((i) => i.name!));
  const ordered: NodeProto[] = [...weightNodes];
  for (const name of tensors) if (graphInputs.has(name)) ordered.push(...qdq.get(name)!);
  for (const n of graph.node ?? []) {
    if (removed.has(n)) continue;
    ordered.push(n);
    for (const output of n.output ?? []) if (qdq.has(output)) ordered.push(...qdq.get(output)!);
  }
  graph.node = ordered;
  const read = new Set(ordered.flatMap((n) => n.input ?? []));
  graph.initializer = [...(graph.initializer ?? []), ...added].filter((t) => read.has(t.name!));
  model.producerVersion = `${model.producerVersion ?? ""}+int8-qdq-v${QUANTIZER_VERSION}`;
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    quantizedConvolutions: sites.length,
    quantizedActivations: tensors.length,
    calibrationImages: images,
  };
}

import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/** Opset 13: Clip takes min/max as inputs, Softmax works on any single axis, Pad takes pads as an input. */
export const ONNX_OPSET = 13;
/** IR version 7 is what opset 13 was released with; every onnxruntime since 1.6 reads it. */
const IR_VERSION = 7;

/** A plain number is an INT attribute; floats are wrapped so 1.0 is never written as an integer. */
export type AttributeValue = number | number[] | string | { f: number } | { floats: number[] };

interface PendingNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
  name: string;
}

/**
 * Initializers stay plain typed arrays until `encode`, so a later layer (BatchNormalization) can
 * still fold itself into the weights of the convolution before it.
 */
export interface Initializer {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

/**
 * Accumulates nodes and initializers with unique names, then writes one ModelProto. Names are
 * generated from a hint plus a counter: layer names repeat when a model is composed from parts.
 */
export class GraphBuilder {
  readonly nodes: PendingNode[] = [];
  readonly initializers = new Map<string, Initializer>();
  readonly #used = new Set<string>();

  unique(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_./:-]/g, "_") || "t";
    let name = base;
    for (let i = 1; this.#used.has(name); i++) name = `${base}_${i}`;
    this.#used.add(name);
    return name;
  }

  reserve(name: string): void {
    this.#used.add(name);
  }

  constant(hint: string, dims: number[], data: Float32Array | number[]): Initializer {
    const init: Initializer = {
      name: this.unique(hint),
      dims,
      data: data instanceof Float32Array ? data : Float32Array.from(data),
    };
    this.initializers.set(init.name, init);
    return init;
  }

  int64(hint: string, values: number[]): string {
    const init: Initializer = {
      name: this.unique(hint),
      dims: [values.length],
      data: BigInt64Array.from(values.map((v) => BigInt(v))),
    };
    this.initializers.set(init.name, init);
    return init.name;
  }

  node(
    opType: string,
    inputs: string[],
    hint: string,
    attributes: Record<string, AttributeValue> = {},
    output?: string,
  ): PendingNode {
    const out = output ?? this.unique(hint);
    const node: PendingNode = { opType, inputs, outputs: [out], attributes, name: this.unique(`${hint}/${opType}`) };
    this.nodes.push(node);
    return node;
  }

  /** Adds a node and returns the name of its single output. */
  op(opType: string, inputs: string[], hint: string, attributes: Record<string, AttributeValue> = {}): string {
    return this.node(opType, inputs, hint, attributes).outputs[0];
  }

  encode(graph: {
    name: string;
    inputs: { name: string; shape: (number | string)[] }[];
    outputs: { name: string; shape: (number | string)[] }[];
    docString?: string;
    metadata?: Record<string, string>;
  }): Uint8Array {
    // Drop initializers no node reads any more (BatchNormalization folded into a convolution leaves its own).
    const read = new Set(this.nodes.flatMap((n) => n.inputs));
    const valueInfo = (v: { name: string; shape: (number | string)[] }) =>
      onnx.ValueInfoProto.create({
        name: v.name,
        type: {
          tensorType: {
            elemType: onnx.TensorProto.DataType.FLOAT,
            shape: { dim: v.shape.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
          },
        },
      });
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: "headstart-ml-core",
      producerVersion: "1",
      docString: graph.docString ?? "",
      opsetImport: [{ domain: "", version: ONNX_OPSET }],
      metadataProps: Object.entries(graph.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: graph.name,
        node: this.nodes.map((n) =>
          onnx.NodeProto.create({
            name: n.name,
            opType: n.opType,
            input: n.inputs,
            output: n.outputs,
            attribute: Object.entries(n.attributes).map(([name, value]) => attribute(name, value)),
          }),
        ),
        initializer: [...this.initializers.values()]
          .filter((init) => read.has(init.name))
          .map((init) =>
            onnx.TensorProto.create({
              name: init.name,
              dims: init.dims,
              dataType:
                init.data instanceof BigInt64Array ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT,
              rawData: littleEndianBytes(init.data),
            }),
          ),
        input: graph.inputs.map(valueInfo),
        output: graph.outputs.map(valueInfo),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function attribute(name: string, value: AttributeValue) {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === "string") return { name, type: AttributeType.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === "number") return { name, type: AttributeType.INT, i: value };
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if ("f" in value) return { name, type: AttributeType.FLOAT, f: value.f };
  return { name, type: AttributeType.FLOATS, floats: value.floats };
}

// ONNX raw_data is little endian; so is every platform Node runs on, but say so rather than assume.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  const out = new DataView(new ArrayBuffer(data.byteLength));
  if (data instanceof Float32Array) data.forEach((v, i) => out.setFloat32(i * 4, v, true));
  else data.forEach((v, i) => out.setBigInt64(i * 8, v, true));
  return new Uint8Array(out.buffer);
}

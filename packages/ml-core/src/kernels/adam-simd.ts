/**
 * Adam's element-wise update as a WebAssembly SIMD loop (four float32 lanes at a time). In plain JS
 * the update costs a double-precision square root and division per element, about 1 ms per step for
 * the head's 82k weights on this machine, as much as the step's matrix products on ONNX Runtime; the
 * SIMD loop, copies in and out included, takes a fraction of that.
 *
 * The module is a few hundred bytes written out here in the WebAssembly binary format (no toolchain,
 * nothing downloaded). It exports `adam(w, g, m, v, bytes, beta1, 1 - beta1, beta2, 1 - beta2, step,
 * floor)` over four float32 arrays at byte offsets w, g, m, v of its imported memory, `bytes` long
 * (a multiple of 16), in place:
 *   m = m·beta1 + g·(1 - beta1);  v = v·beta2 + g²·(1 - beta2);  w = w - step·m / (√v + floor)
 * which is adamUpdate's rule (optimizer.ts) in float32 arithmetic.
 */

const SIMD = 0xfd;
const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  void: 0x40,
} as const;
// SIMD instructions after the 0xfd prefix, as unsigned LEB128.
const v128Load = [SIMD, 0x00, 0x04, 0x00]; // align 2^4, offset 0
const v128Store = [SIMD, 0x0b, 0x04, 0x00];
const f32x4Splat = [SIMD, 0x13];
const f32x4Sqrt = [SIMD, 0xe3, 0x01];
const f32x4Add = [SIMD, 0xe4, 0x01];
const f32x4Sub = [SIMD, 0xe5, 0x01];
const f32x4Mul = [SIMD, 0xe6, 0x01];
const f32x4Div = [SIMD, 0xe7, 0x01];

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

const get = (index: number) => [op.localGet, index];
const set = (index: number) => [op.localSet, index];
const tee = (index: number) => [op.localTee, index];

// Parameters 0-10: w, g, m, v, bytes (i32); beta1, oneMinusBeta1, beta2, oneMinusBeta2, step, floor (f32).
// Locals: 11 the byte index; 12-17 the six scalars splatted; 18 g, 19 new m, 20 new v.
const [W, G, M, V, BYTES] = [0, 1, 2, 3, 4];
const I = 11;
const [B1, OB1, B2, OB2, STEP, FLOOR] = [12, 13, 14, 15, 16, 17];
const [GV, MV, VV] = [18, 19, 20];
const at = (base: number) => [...get(base), ...get(I), op.i32Add];

const body = [
  // locals: 1 × i32, 9 × v128
  0x02,
  0x01,
  I32,
  0x09,
  V128,
  ...[B1, OB1, B2, OB2, STEP, FLOOR].flatMap((local, k) => [...get(5 + k), ...f32x4Splat, ...set(local)]),
  op.block,
  op.void,
  op.loop,
  op.void,
  ...get(I),
  ...get(BYTES),
  op.i32GeU,
  op.brIf,
  1,
  ...at(G),
  ...v128Load,
  ...set(GV),
  // m = m·beta1 + g·(1 - beta1)
  ...at(M),
  ...at(M),
  ...v128Load,
  ...get(B1),
  ...f32x4Mul,
  ...get(GV),
  ...get(OB1),
  ...f32x4Mul,
  ...f32x4Add,
  ...tee(MV),
  ...v128Store,
  // v = v·beta2 + g·g·(1 - beta2)
  ...at(V),
  ...at(V),
  ...v128Load,
  ...get(B2),
  ...f32x4Mul,
  ...get(GV),
  ...get(GV),
  ...f32x4Mul,
  ...get(OB2),
  ...f32x4Mul,
  ...f32x4Add,
  ...tee(VV),
  ...v128Store,
  // w = w - step·m / (√v + floor)
  ...at(W),
  ...at(W),
  ...v128Load,
  ...get(STEP),
  ...get(MV),
  ...f32x4Mul,
  ...get(VV),
  ...f32x4Sqrt,
  ...get(FLOOR),
  ...f32x4Add,
  ...f32x4Div,
  ...f32x4Sub,
  ...v128Store,
  ...get(I),
  op.i32Const,
  16,
  op.i32Add,
  ...set(I),
  op.br,
  0,
  op.end,
  op.end,
  op.end,
];

function unsigned(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

const name = (text: string) => [...unsigned(text.length), ...new TextEncoder().encode(text)];
const section = (id: number, content: number[]) => [id, ...unsigned(content.length), ...content];

const MODULE_BYTES = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...section(1, [0x01, 0x60, 11, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, 0x00]),
  ...section(2, [0x01, ...name("env"), ...name("memory"), 0x02, 0x00, 0x01]),
  ...section(3, [0x01, 0x00]),
  ...section(7, [0x01, ...name("adam"), 0x00, 0x00]),
  ...section(10, [0x01, ...unsigned(body.length), ...body]),
]);

type AdamExport = (
  w: number,
  g: number,
  m: number,
  v: number,
  bytes: number,
  beta1: number,
  oneMinusBeta1: number,
  beta2: number,
  oneMinusBeta2: number,
  step: number,
  floor: number,
) => void;

const PAGE_BYTES = 65536;

/** The slice of the WebAssembly JS API used here (Node has it; this package's TS libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/** One instance per thread, its memory grown to the largest update seen. */
class SimdAdam {
  readonly #memory: WasmMemory;
  readonly #adam: AdamExport;

  constructor(api: WasmApi) {
    this.#memory = new api.Memory({ initial: 1 });
    const instance = new api.Instance(new api.Module(MODULE_BYTES), { env: { memory: this.#memory } });
    this.#adam = instance.exports.adam as AdamExport;
  }

  update(
    w: Float32Array,
    g: Float32Array,
    m: Float32Array,
    v: Float32Array,
    step: number,
    beta1: number,
    beta2: number,
    floor: number,
  ): void {
    const bytes = Math.ceil(w.length / 4) * 16;
    const needed = bytes * 4;
    if (this.#memory.buffer.byteLength < needed)
      this.#memory.grow(Math.ceil((needed - this.#memory.buffer.byteLength) / PAGE_BYTES));
    const heap = new Float32Array(this.#memory.buffer);
    const lanes = bytes / 4;
    const [wAt, gAt, mAt, vAt] = [0, lanes, 2 * lanes, 3 * lanes];
    heap.set(w, wAt);
    heap.set(g, gAt);
    heap.set(m, mAt);
    heap.set(v, vAt);
    // Padding lanes past the end hold stale values; they are computed and never copied back.
    this.#adam(wAt * 4, gAt * 4, mAt * 4, vAt * 4, bytes, beta1, 1 - beta1, beta2, 1 - beta2, step, floor);
    w.set(heap.subarray(wAt, wAt + w.length));
    m.set(heap.subarray(mAt, mAt + m.length));
    v.set(heap.subarray(vAt, vAt + v.length));
  }
}

let instance: SimdAdam | null | undefined;

/**
 * The SIMD Adam kernel for this thread, or null where WebAssembly SIMD is unavailable (the caller
 * then keeps its JS loop). HEADSTART_ADAM_SIMD=0 turns it off, for comparison.
 */
export function simdAdam(): SimdAdam | null {
  if (instance !== undefined) return instance;
  instance = null;
  if (process.env.HEADSTART_ADAM_SIMD === "0" || !wasm) return instance;
  try {
    // Compiling validates the module: a runtime without SIMD rejects it here.
    instance = new SimdAdam(wasm);
  } catch {
    instance = null;
  }
  return instance;
}

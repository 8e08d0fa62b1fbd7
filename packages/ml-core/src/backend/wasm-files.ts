import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/**
 * Directory holding tfjs-backend-wasm's .wasm binaries, as a file-system path with a trailing
 * separator. The backend's default is to fetch them relative to a script URL, which has no meaning in
 * Node and would need network; Emscripten in Node reads a plain path with fs instead.
 */
export function wasmBinaryDirectory(): string {
  const binary = require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm");
  return path.dirname(binary) + path.sep;
}

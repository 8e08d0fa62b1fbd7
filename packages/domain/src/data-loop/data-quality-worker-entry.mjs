// Worker entry in plain JS: Node 20 resolves a worker's main module before any --import loader hooks
// apply, so the TypeScript worker is imported only after tsx is registered here (the pattern of
// predict/predict-worker-entry.mjs). Registering again when the parent already runs under tsx is harmless.
import { register } from "tsx/esm/api";

register();
await import("./data-quality-worker.ts");

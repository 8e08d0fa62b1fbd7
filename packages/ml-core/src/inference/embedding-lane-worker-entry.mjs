// Worker entry in plain JS: Node 20 resolves a worker's main module before any --import loader hooks
// apply, so the TypeScript worker is imported only after tsx is registered here (the same pattern as
// the autopilot's recommend-worker-entry.mjs). Registering again when the parent runs under tsx is harmless.
import { register } from "tsx/esm/api";

register();
await import("./embedding-lane-worker.ts");

// Worker entry in plain JS: Node 20 resolves a worker's main module before any --import loader
// hooks apply, so the TypeScript worker is loaded after registering tsx here.
import { register } from "tsx/esm/api";

register();
await import("./embed-worker.ts");

// An embedding lane: a thread with ONNX Runtime sessions of its own (one intra-op thread each) that
// turns decoded pixels and augmentation transforms into feature vectors, exactly as featurize does on
// its own thread (embedding-input.ts, runInSlices). No tfjs is loaded here.

import { parentPort } from "node:worker_threads";
import type { InferenceSession } from "onnxruntime-node";
import { loadOnnxRuntime, runInSlices, sessionOptions } from "../onnx/runtime.ts";
import { assembleEmbeddingInput } from "./embedding-input.ts";
import type { FromLane, LaneJob } from "./embedding-lane-protocol.ts";

const port = parentPort!;
/** Graphs held, most recently used last: the backbone and, while fine-tuning, its cut. */
const SESSIONS_HELD = 2;
const sessions = new Map<string, Promise<InferenceSession>>();

async function sessionFor(graph: LaneJob["graph"]): Promise<InferenceSession | null> {
  let session = sessions.get(graph.hash);
  if (!session) {
    if (!graph.bytes) return null;
    const loaded = await loadOnnxRuntime();
    if ("error" in loaded) throw new Error(loaded.error);
    session = loaded.ort.InferenceSession.create(graph.bytes, sessionOptions({ threads: 1 }));
    session.catch(() => sessions.delete(graph.hash));
  }
  sessions.delete(graph.hash);
  sessions.set(graph.hash, session);
  for (const [hash, old] of sessions) {
    if (sessions.size <= SESSIONS_HELD) break;
    sessions.delete(hash);
    old.then(
      (s) => s.release(),
      () => undefined,
    );
  }
  return session;
}

async function embed(job: LaneJob): Promise<FromLane> {
  const session = await sessionFor(job.graph);
  if (!session) return { type: "graph-missing", id: job.id };
  const loaded = await loadOnnxRuntime();
  if ("error" in loaded) throw new Error(loaded.error);
  const input = assembleEmbeddingInput(job.images, job.items);
  const values = await runInSlices(loaded.ort, session, input, job.items.length, job.inputShape, job.outputSize);
  // A buffer of its own, so it moves to the caller instead of being copied.
  return {
    type: "done",
    id: job.id,
    values: values.byteOffset === 0 && values.byteLength === values.buffer.byteLength ? values : values.slice(),
  };
}

// One job at a time, in arrival order: the session's run holds this thread anyway.
let queue = Promise.resolve();
port.on("message", (job: LaneJob) => {
  queue = queue.then(async () => {
    let reply: FromLane;
    try {
      reply = await embed(job);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      reply = { type: "failed", id: job.id, name: e.name, message: e.message };
    }
    port.postMessage(reply, reply.type === "done" ? [reply.values.buffer as ArrayBuffer] : []);
  });
});

// Embedding lanes: helper threads that embed whole batches for featurize, each with its own ONNX
// Runtime session on one intra-op thread. ONNX Runtime's `run` holds the calling JS thread, so on one
// thread the decoding hand-off, augmentation and input assembly of a batch cannot overlap the model:
// the reference run's 3,000 embeddings at 224 px came to ≈120 img/s on two cores, against 288 img/s for
// two single-threaded sessions side by side. With lanes, featurize keeps one batch on its own thread
// (one intra-op thread) and hands the next ones to the lanes, so each core assembles and embeds its own.

import { Worker } from "node:worker_threads";
import type { EmbeddingInputImage, EmbeddingInputItem } from "./embedding-input.ts";
import type { FromLane, LaneJob } from "./embedding-lane-protocol.ts";
import type { OnnxGraph } from "./engine.ts";

/** A lane thread that failed to start or died this many times is not started again. */
const MAX_LANE_STARTS = 3;

export class EmbeddingLaneError extends Error {
  override name = "EmbeddingLaneError";
}

interface Lane {
  worker: Worker | null;
  starts: number;
  /** Graph hashes sent to the current thread with their bytes. */
  sent: Set<string>;
  pending: Map<number, { resolve(reply: FromLane): void; reject(error: Error): void }>;
}

export interface EmbeddingBatch {
  graph: OnnxGraph;
  /** Per item, without the batch dimension. */
  inputShape: readonly number[];
  outputSize: number;
  images: readonly EmbeddingInputImage[];
  items: readonly EmbeddingInputItem[];
}

/**
 * `count` lanes, each started on first use and unref'd (an idle lane never keeps a process alive). A
 * lane that stops is started again on its next batch, at most MAX_LANE_STARTS times in all.
 */
export class EmbeddingLanes {
  private readonly lanes: Lane[];
  private nextId = 1;
  private closed = false;

  constructor(
    count: number,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`lane count must be an integer >= 0, got ${count}`);
    this.lanes = Array.from({ length: count }, () => ({
      worker: null,
      starts: 0,
      sent: new Set(),
      pending: new Map(),
    }));
  }

  /** Lanes that can take a batch (not closed, not given up on). */
  get size(): number {
    if (this.closed) return 0;
    return this.lanes.filter((lane) => lane.worker !== null || lane.starts < MAX_LANE_STARTS).length;
  }

  /** Embeds one batch on lane `index` (0 ≤ index < count); the vectors come back in item order, flat. */
  async embed(index: number, batch: EmbeddingBatch): Promise<Float32Array> {
    const lane = this.lanes[index];
    if (!lane) throw new RangeError(`no embedding lane ${index}; there are ${this.lanes.length}`);
    let reply = await this.send(lane, batch, !lane.sent.has(batch.graph.hash));
    // The lane let the graph go (it holds two) or restarted since: send it with its bytes.
    if (reply.type === "graph-missing") reply = await this.send(lane, batch, true);
    if (reply.type === "done") return reply.values;
    if (reply.type === "failed") throw new EmbeddingLaneError(`embedding lane ${index + 1}: ${reply.message}`);
    throw new EmbeddingLaneError(`embedding lane ${index + 1} does not hold the graph even after it was sent`);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.lanes.map((lane) => lane.worker?.terminate()));
  }

  private send(lane: Lane, batch: EmbeddingBatch, withBytes: boolean): Promise<FromLane> {
    const worker = this.workerOf(lane);
    const id = this.nextId++;
    const job: LaneJob = {
      type: "embed",
      id,
      graph: withBytes ? { hash: batch.graph.hash, bytes: batch.graph.bytes } : { hash: batch.graph.hash },
      inputShape: [...batch.inputShape],
      outputSize: batch.outputSize,
      images: batch.images.map(({ data, width, height }) => ({ data, width, height })),
      items: [...batch.items],
    };
    return new Promise<FromLane>((resolve, reject) => {
      lane.pending.set(id, { resolve, reject });
      // Referenced while it owes a reply, so a process waiting only on this batch does not exit under it.
      worker.ref();
      // Copied, not transferred: featurize keeps the decoded images for the next batch.
      worker.postMessage(job);
      if (withBytes) lane.sent.add(batch.graph.hash);
    });
  }

  private workerOf(lane: Lane): Worker {
    if (this.closed) throw new EmbeddingLaneError("the embedding lanes are closed");
    if (lane.worker) return lane.worker;
    if (lane.starts >= MAX_LANE_STARTS)
      throw new EmbeddingLaneError(`an embedding lane stopped ${MAX_LANE_STARTS} times; it is not started again`);
    lane.starts += 1;
    lane.sent = new Set();
    const worker = new Worker(new URL("./embedding-lane-worker-entry.mjs", import.meta.url));
    worker.unref();
    let lastError: Error | null = null;
    worker.on("message", (reply: FromLane) => {
      const waiter = lane.pending.get(reply.id);
      lane.pending.delete(reply.id);
      if (lane.pending.size === 0) worker.unref();
      waiter?.resolve(reply);
    });
    worker.on("error", (error) => {
      lastError = error;
    });
    worker.on("exit", (code) => {
      if (lane.worker === worker) lane.worker = null;
      const why = `an embedding lane thread stopped (exit code ${code}${lastError ? `: ${lastError.message}` : ""})`;
      if (!this.closed) this.log(why);
      for (const waiter of lane.pending.values()) waiter.reject(new EmbeddingLaneError(why));
      lane.pending.clear();
    });
    lane.worker = worker;
    return worker;
  }
}

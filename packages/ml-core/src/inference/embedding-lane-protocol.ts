// Messages between featurize's thread and an embedding lane (embedding-lanes.ts, embedding-lane-worker.ts).

import type { EmbeddingInputImage, EmbeddingInputItem } from "./embedding-input.ts";

export interface LaneJob {
  type: "embed";
  id: number;
  /** The graph's hash, and its bytes the first time this lane is sent it (or after it let it go). */
  graph: { hash: string; bytes?: Uint8Array };
  inputShape: number[];
  outputSize: number;
  images: EmbeddingInputImage[];
  items: EmbeddingInputItem[];
}

export type FromLane =
  | { type: "done"; id: number; values: Float32Array }
  /** The lane does not hold this graph (never sent, or dropped): send it again with its bytes. */
  | { type: "graph-missing"; id: number }
  | { type: "failed"; id: number; name: string; message: string };

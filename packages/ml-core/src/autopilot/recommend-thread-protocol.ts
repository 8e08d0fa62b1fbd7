// Messages between recommendInThread (the caller's thread) and recommend-worker.ts. Structured-
// cloneable; image bytes travel as transferred ArrayBuffers, asked for one image at a time so only
// the images the probes sample are ever read.

import type { ClassMode } from "../train/class-mode.ts";
import type { Recommendation } from "./recommend.ts";

export interface RecommendJob {
  labels: string[];
  classMode: ClassMode;
  nativeSize: number;
  /** Per image: its label indices and split (the bytes are asked for by index). */
  images: { labels: number[]; split: "train" | "val"; sha256: string }[];
  /** MobileNetV2 input size the cut embeddings are taken at. */
  probeSize: number;
  maxProbeImages?: number;
  seed?: number;
}

export type ToRecommendWorker =
  | { type: "job"; job: RecommendJob }
  | { type: "bytes"; id: number; bytes: Uint8Array }
  | { type: "bytes-failed"; id: number; message: string }
  | { type: "abort" };

export type FromRecommendWorker =
  | { type: "read"; id: number; index: number }
  | { type: "progress"; stage: "pixels" | "embed" | "probe"; done: number; total: number }
  | { type: "done"; recommendation: Recommendation }
  | { type: "failed"; name: string; message: string };

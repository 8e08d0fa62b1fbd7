// Runs a data-quality job (data-quality-worker.ts) on a fresh worker thread and resolves with its
// answer. One thread per job: these jobs are rare (a freeze, opening a map) and each takes seconds,
// so a pool would only hold memory between them.
import { Worker } from "node:worker_threads";
import type { NearDuplicateGroup, OutlierScore, Projection2D } from "@headstart/ml-core";

interface Vectors {
  /** n × dims, row-major. */
  vectors: Float32Array;
  dims: number;
}

export type DataQualityJob =
  | (Vectors & {
      kind: "near-duplicates";
      splits: string[];
      threshold?: number;
      /** Class index per row, for outliers (null: skip them). */
      labels: number[] | null;
      classCount: number;
    })
  | (Vectors & { kind: "projection" });

export type DataQualityResult =
  | { kind: "near-duplicates"; threshold: number; groups: NearDuplicateGroup[]; outliers: OutlierScore[] }
  | { kind: "projection"; projection: Projection2D };

export function runDataQualityJob<K extends DataQualityJob["kind"]>(
  job: Extract<DataQualityJob, { kind: K }>,
): Promise<Extract<DataQualityResult, { kind: K }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./data-quality-worker-entry.mjs", import.meta.url), { workerData: job });
    worker.once("message", (message: { ok: true; result: DataQualityResult } | { ok: false; message: string }) => {
      if (message.ok) resolve(message.result as Extract<DataQualityResult, { kind: K }>);
      else reject(new Error(`The data-quality worker failed: ${message.message}`));
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (code !== 0) reject(new Error(`The data-quality worker exited with code ${code}`));
    });
  });
}

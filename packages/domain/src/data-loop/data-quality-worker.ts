// One data-quality job on a worker thread (off-thread.ts starts it): near-duplicate search, outliers
// and the 2-D map take seconds for 10,000 embeddings, which must not stall the API's event loop.
import { parentPort, workerData } from "node:worker_threads";
import { findNearDuplicates, findOutliers, projectEmbeddings } from "@headstart/ml-core";
import type { DataQualityJob, DataQualityResult } from "./off-thread.ts";

function run(job: DataQualityJob): DataQualityResult {
  const dim = job.dims;
  const vectors = Array.from({ length: job.vectors.length / dim }, (_, i) =>
    job.vectors.subarray(i * dim, (i + 1) * dim),
  );
  switch (job.kind) {
    case "near-duplicates": {
      const report = findNearDuplicates(vectors, { splits: job.splits, threshold: job.threshold });
      const outliers =
        job.labels && job.classCount >= 2 && vectors.length > job.classCount
          ? findOutliers(vectors, job.labels, job.classCount).filter((o) => o.outlier)
          : [];
      return { kind: "near-duplicates", threshold: report.threshold, groups: report.groups, outliers };
    }
    case "projection": {
      const projection = projectEmbeddings(vectors);
      return { kind: "projection", projection };
    }
  }
}

try {
  parentPort!.postMessage({ ok: true, result: run(workerData as DataQualityJob) });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}

// A finished run's prediction rows, written inside finishRun's transaction so they become visible
// together with SUCCEEDED (a single model's run and an AUTO run's ensemble both end here).
import type { DbTx } from "@headstart/runs";
import type { PredictionRow } from "./evaluation.ts";

/**
 * Replaces the run's predictions with `rows`. A previous attempt may have got this far before dying:
 * replace, never add. The version is frozen but its images' rows are not: one deleted meanwhile simply
 * gets no prediction.
 */
export async function replacePredictions(tx: DbTx, runId: string, rows: PredictionRow[]): Promise<void> {
  await tx.prediction.deleteMany({ where: { runId } });
  const live = new Set<string>();
  for (let start = 0; start < rows.length; start += 5000) {
    const ids = rows.slice(start, start + 5000).map((r) => r.imageId);
    for (const image of await tx.image.findMany({ where: { id: { in: ids } }, select: { id: true } }))
      live.add(image.id);
  }
  const stored = rows.filter((row) => live.has(row.imageId));
  for (let start = 0; start < stored.length; start += 1000) {
    await tx.prediction.createMany({ data: stored.slice(start, start + 1000) });
  }
}

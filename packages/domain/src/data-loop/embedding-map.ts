// The embedding map of a run or of a dataset version: every image of the version placed in 2-D by the
// first two principal components of its cached embedding (computed on a worker thread: about a second
// for 10,000 × 1,280), with its given label, split, and (a run's map) whether the run got it wrong or
// flagged its label.
// A lasso on either map acts through review decisions of one run (reviewRunId: the run itself, or the
// version's latest finished run), so a bulk move, exclusion or relabel from a map leaves the same audit
// trail as one from the review page: who, when, what it replaced, undoable as a batch.
// Parallel arrays rather than one object per point keep 10,000 points a small, fast answer.
import { parseDatasetSnapshot } from "@headstart/runs";
import type { Caller } from "../accounts/caller.ts";
import { requireVersionRole } from "../datasets/dataset-access.ts";
import { requireRunRole } from "../runs/run-access.ts";
import { cachedEmbeddings } from "./cached-embeddings.ts";
import { runDataQualityJob } from "./off-thread.ts";

export interface EmbeddingMap {
  /** The run whose mistakes and flags are marked; null for a version's own map. */
  runId: string | null;
  /**
   * The run whose review decisions record a lasso action on this map (reviewPredictions): the run of
   * a run's map; for a version's own map, the version's latest SUCCEEDED run. Null when there is none:
   * the map can then be looked at but not acted on.
   */
  reviewRunId: string | null;
  versionId: string;
  space: string | null;
  /** Class names; labelIndex points into them (-1: no single label). */
  labels: string[];
  /** Images of the version (the map holds those with a cached embedding). */
  imageCount: number;
  imageIds: string[];
  x: number[];
  y: number[];
  labelIndex: number[];
  splits: string[];
  /** The run's prediction disagrees with the given label. */
  mistakes: boolean[];
  /** The run flagged the label as a suspected issue. */
  suspected: boolean[];
  /** reviewRunId has a prediction for the image, so a review decision can be recorded on it. */
  reviewable: boolean[];
  explainedVariance: number[];
}

const memo = new Map<string, Promise<EmbeddingMap>>();
const MEMO_LIMIT = 20;

/** Per image the review run has a prediction for: was it a mistake, and did the run flag its label. */
type RunMarks = Map<string, { correct: boolean; labelIssueFlagged: boolean }>;

/** Needs VIEWER. */
export async function runEmbeddingMap(ctx: Caller, runId: string): Promise<EmbeddingMap> {
  const run = await requireRunRole(ctx, runId, "VIEWER");
  return versionMap(ctx, run.versionId, run.id, run.id);
}

/**
 * A dataset version's own map, before (or without) any run: the same projection over the version's
 * cached embeddings, with no mistakes or flags to mark; a lasso on it is recorded as review decisions
 * of the version's latest finished run. Needs VIEWER.
 */
export async function versionEmbeddingMap(ctx: Caller, versionId: string): Promise<EmbeddingMap> {
  const version = await requireVersionRole(ctx, versionId, "VIEWER");
  const latest = await ctx.prisma.run.findFirst({
    where: { versionId: version.id, status: "SUCCEEDED" },
    orderBy: [{ finishedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true },
  });
  return versionMap(ctx, version.id, null, latest?.id ?? null);
}

async function versionMap(
  ctx: Caller,
  versionId: string,
  runId: string | null,
  reviewRunId: string | null,
): Promise<EmbeddingMap> {
  const version = await ctx.prisma.datasetVersion.findUniqueOrThrow({ where: { id: versionId } });
  const snapshot = parseDatasetSnapshot(version.snapshot);
  const cached = await cachedEmbeddings(
    ctx.prisma,
    snapshot.images.map((image) => image.sha256),
  );
  const key = `${runId ?? `version:${versionId}:${reviewRunId}`}:${cached.space}:${cached.found.length}`;
  const known = memo.get(key);
  if (known) return known;
  const pending = (async (): Promise<EmbeddingMap> => {
    const rows = cached.found.map((i) => snapshot.images[i]!);
    const byImage: RunMarks =
      reviewRunId === null
        ? new Map()
        : new Map(
            (
              await ctx.prisma.prediction.findMany({
                where: { runId: reviewRunId },
                select: { imageId: true, correct: true, labelIssueFlagged: true },
              })
            ).map((p) => [p.imageId, p]),
          );
    // A version's own map marks nothing: its review run is only where decisions are recorded.
    const marked = runId !== null;
    const labelIndex = new Map(snapshot.labels.map((label, i) => [label, i]));
    const empty = {
      runId,
      reviewRunId,
      versionId,
      space: cached.space,
      labels: snapshot.labels,
      imageCount: snapshot.images.length,
      explainedVariance: [0, 0],
    };
    if (rows.length < 2) {
      return {
        ...empty,
        imageIds: [],
        x: [],
        y: [],
        labelIndex: [],
        splits: [],
        mistakes: [],
        suspected: [],
        reviewable: [],
      };
    }
    const { projection } = await runDataQualityJob({ kind: "projection", vectors: cached.vectors, dims: cached.dims });
    const coordinates = projection.coordinates;
    return {
      ...empty,
      explainedVariance: [...projection.explainedVariance],
      imageIds: rows.map((image) => image.id),
      x: rows.map((_, i) => coordinates[2 * i]!),
      y: rows.map((_, i) => coordinates[2 * i + 1]!),
      labelIndex: rows.map((image) => (image.labels.length === 1 ? (labelIndex.get(image.labels[0]!) ?? -1) : -1)),
      splits: rows.map((image) => image.split),
      mistakes: rows.map((image) => marked && byImage.get(image.id)?.correct === false),
      suspected: rows.map((image) => marked && byImage.get(image.id)?.labelIssueFlagged === true),
      reviewable: rows.map((image) => byImage.has(image.id)),
    };
  })();
  memo.set(key, pending);
  pending.catch(() => memo.delete(key));
  if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  return pending;
}

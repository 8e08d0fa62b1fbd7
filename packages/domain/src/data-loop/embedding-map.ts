// The embedding map of a run or of a dataset version: every image of the version placed in 2-D by the
// first two principal components of its cached embedding (computed on a worker thread: about a second
// for 10,000 × 1,280), with its given label, split, and (a run's map) whether the run got it wrong or
// flagged its label.
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
  explainedVariance: number[];
}

const memo = new Map<string, Promise<EmbeddingMap>>();
const MEMO_LIMIT = 20;

/** Per image of a version: was it a mistake of the run, and did the run flag its label. */
type RunMarks = Map<string, { correct: boolean; labelIssueFlagged: boolean }>;

/** Needs VIEWER. */
export async function runEmbeddingMap(ctx: Caller, runId: string): Promise<EmbeddingMap> {
  const run = await requireRunRole(ctx, runId, "VIEWER");
  return versionMap(ctx, run.versionId, run.id, async () => {
    const predictions = await ctx.prisma.prediction.findMany({
      where: { runId: run.id },
      select: { imageId: true, correct: true, labelIssueFlagged: true },
    });
    return new Map(predictions.map((p) => [p.imageId, p]));
  });
}

/**
 * A dataset version's own map, before (or without) any run: the same projection over the version's
 * cached embeddings, with no mistakes or flags to mark. Needs VIEWER.
 */
export async function versionEmbeddingMap(ctx: Caller, versionId: string): Promise<EmbeddingMap> {
  const version = await requireVersionRole(ctx, versionId, "VIEWER");
  return versionMap(ctx, version.id, null, async () => new Map());
}

async function versionMap(
  ctx: Caller,
  versionId: string,
  runId: string | null,
  marks: () => Promise<RunMarks>,
): Promise<EmbeddingMap> {
  const version = await ctx.prisma.datasetVersion.findUniqueOrThrow({ where: { id: versionId } });
  const snapshot = parseDatasetSnapshot(version.snapshot);
  const cached = await cachedEmbeddings(
    ctx.prisma,
    snapshot.images.map((image) => image.sha256),
  );
  const key = `${runId ?? `version:${versionId}`}:${cached.space}:${cached.found.length}`;
  const known = memo.get(key);
  if (known) return known;
  const pending = (async (): Promise<EmbeddingMap> => {
    const rows = cached.found.map((i) => snapshot.images[i]!);
    const byImage = await marks();
    const labelIndex = new Map(snapshot.labels.map((label, i) => [label, i]));
    const empty = {
      runId,
      versionId,
      space: cached.space,
      labels: snapshot.labels,
      imageCount: snapshot.images.length,
      explainedVariance: [0, 0],
    };
    if (rows.length < 2) {
      return { ...empty, imageIds: [], x: [], y: [], labelIndex: [], splits: [], mistakes: [], suspected: [] };
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
      mistakes: rows.map((image) => byImage.get(image.id)?.correct === false),
      suspected: rows.map((image) => byImage.get(image.id)?.labelIssueFlagged === true),
    };
  })();
  memo.set(key, pending);
  pending.catch(() => memo.delete(key));
  if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  return pending;
}

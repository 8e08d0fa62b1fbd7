// Classifying images with a finished run's model, in the API process or the
// CLI. The model comes from the caller's bounded cache; bytes come from an upload or from
// images already stored in the team's datasets.
import type { PrismaClient, Run, Split } from "@headstart/db";
import { type Prediction, PredictionInputError } from "@headstart/ml-core";
import type { BlobStore } from "@headstart/storage";
import { badUserInput, conflict, notFound } from "../errors/error-helpers.ts";
import { isUuid } from "../errors/ids.ts";
import { thresholdOf } from "../runs/run-evaluation.ts";
import type { ModelCache } from "./model-cache.ts";
import type { PredictHost } from "./predict-host.ts";
import { type ModelBundle, readServedBundle } from "./served-model.ts";

export const MAX_PREDICT_IMAGES = 64;

/**
 * What predicting needs: the database, the blob store, a model cache and where models run (the
 * API's worker pool, or the CLI's own thread). The cache holds each model's files and unloads it
 * from the host when it evicts it.
 */
export interface PredictDeps {
  prisma: PrismaClient;
  runs: { blobs: BlobStore; models: ModelCache<ModelBundle>; predictHost: PredictHost };
}

export interface LabelProbability {
  label: string;
  probability: number;
}

export interface ImagePrediction {
  label: string;
  confidence: number;
  /** Confidence under the run's threshold: a person should decide. */
  withheld: boolean;
  threshold: number;
  probabilities: LabelProbability[];
  /** Multilabel runs: every label at or over the threshold. */
  labels: string[];
}

function shape(prediction: Prediction, manifestLabels: string[], threshold: number): ImagePrediction {
  return {
    label: prediction.label,
    confidence: prediction.confidence,
    withheld: prediction.withheld,
    threshold,
    probabilities: prediction.probabilities.map((probability, i) => ({ label: manifestLabels[i]!, probability })),
    labels: prediction.labels ?? [prediction.label],
  };
}

/**
 * Classifies encoded images with the run's full model. Throws CONFLICT when
 * the run has no model yet and BAD_USER_INPUT naming the image that is not a
 * readable picture.
 */
export async function predictWithRun(
  ctx: PredictDeps,
  run: Run,
  images: readonly Uint8Array[],
  names: readonly string[] = [],
): Promise<ImagePrediction[]> {
  if (images.length === 0) throw badUserInput("Send at least one image to classify.", "images");
  if (images.length > MAX_PREDICT_IMAGES) {
    throw badUserInput(
      `Send at most ${MAX_PREDICT_IMAGES} images per request (got ${images.length}); split them over several requests.`,
      "images",
    );
  }
  const artifact = await ctx.prisma.modelArtifact.findUnique({
    where: { runId_kind: { runId: run.id, kind: "FULL" } },
  });
  if (!artifact) {
    throw conflict(`Run ${run.id} is ${run.status} and has no model yet; predict once it has SUCCEEDED.`, "runId");
  }
  const threshold = thresholdOf(run.config);
  return ctx.runs.models.use(
    artifact.blobKey,
    artifact.byteSize,
    () => readServedBundle(ctx.runs.blobs, artifact.blobKey),
    async (bundle) => {
      try {
        const predictions = await ctx.runs.predictHost.predict(bundle, images, threshold);
        return predictions.map((p) => shape(p, bundle.manifest.labels, threshold));
      } catch (error) {
        if (error instanceof PredictionInputError) {
          const name = names[error.index] ? ` ("${names[error.index]}")` : "";
          throw badUserInput(
            `Image ${error.index + 1}${name} cannot be classified: ${error.message.replace(/^image \d+: /, "")}`,
            "images",
          );
        }
        throw error;
      }
    },
  );
}

/** Images of the run's team, by id; any id that is not one is NOT_FOUND, as for a foreign image. */
export async function predictStoredImages(
  ctx: PredictDeps,
  run: Run,
  imageIds: readonly string[],
): Promise<{ imageId: string; prediction: ImagePrediction }[]> {
  const ids = imageIds.map((id) => {
    if (!isUuid(id)) throw notFound("image", id);
    return id.toLowerCase();
  });
  if (ids.length > MAX_PREDICT_IMAGES) {
    throw badUserInput(`Ask for at most ${MAX_PREDICT_IMAGES} images per request (got ${ids.length}).`, "imageIds");
  }
  const rows = await ctx.prisma.image.findMany({
    where: { id: { in: ids }, dataset: { teamId: run.teamId } },
    select: { id: true, blobKey: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  for (const id of ids) if (!byId.has(id)) throw notFound("image", id);
  const bytes: Uint8Array[] = [];
  for (const id of ids) bytes.push(await ctx.runs.blobs.get(byId.get(id)!.blobKey));
  const predictions = await predictWithRun(ctx, run, bytes, ids);
  return ids.map((imageId, i) => ({ imageId, prediction: predictions[i]! }));
}

/**
 * Batch predict over the current images of the run's dataset in one split
 * (excluded images left out), a page at a time in upload order.
 */
export async function predictDatasetSplit(
  ctx: PredictDeps,
  run: Run,
  split: Split,
  page: { offset: number; limit: number },
): Promise<{ items: { imageId: string; givenLabels: string[]; prediction: ImagePrediction }[]; totalCount: number }> {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PREDICT_IMAGES) {
    throw badUserInput(`Ask for 1 to ${MAX_PREDICT_IMAGES} images per page (got ${page.limit}).`, "limit");
  }
  if (!Number.isInteger(page.offset) || page.offset < 0) throw badUserInput("offset must be 0 or more.", "offset");
  const where = { datasetId: run.datasetId, split, excluded: false };
  const [rows, totalCount] = await Promise.all([
    ctx.prisma.image.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: page.offset,
      take: page.limit,
      select: { id: true, blobKey: true, labels: { select: { label: { select: { name: true, position: true } } } } },
    }),
    ctx.prisma.image.count({ where }),
  ]);
  if (rows.length === 0) return { items: [], totalCount };
  const bytes: Uint8Array[] = [];
  for (const row of rows) bytes.push(await ctx.runs.blobs.get(row.blobKey));
  const predictions = await predictWithRun(
    ctx,
    run,
    bytes,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row, i) => ({
      imageId: row.id,
      givenLabels: [...row.labels].sort((a, b) => a.label.position - b.label.position).map((l) => l.label.name),
      prediction: predictions[i]!,
    })),
    totalCount,
  };
}

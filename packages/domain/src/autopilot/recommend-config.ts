// recommendRunConfig(versionId): measure a frozen version (images per class, image size, k-fold
// linear probes of frozen MobileNetV2 features at four cuts against the raw pixels) and pick the
// training strategy per the seed's Table 3-1, with one plain sentence per choice. The measurement
// is tfjs work of tens of seconds, so it runs on a worker thread (ml-core's recommendInThread), never
// on the caller's event loop; its answer is stored per version (a version never changes), and
// concurrent asks for one version share one measurement.

import {
  type ClassMode,
  RECOMMENDER_VERSION,
  REFERENCE_PRESET,
  type RecipeConfig,
  type RecipePreset,
  type Recommendation,
  recommendInThread,
} from "@headstart/ml-core";
import {
  medianImageSide,
  parseDatasetSnapshot,
  parseRunConfig,
  readStoredRecommendation,
  storeRecommendation,
} from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import type { Caller } from "../accounts/caller.ts";
import { requireVersionRole } from "../datasets/dataset-access.ts";
import { badUserInput } from "../errors/error-helpers.ts";

export interface ConfigRecommendation {
  versionId: string;
  strategy: Recommendation["strategy"];
  /** The recommended settings as a createRun config (strategy MANUAL; no seed: each run draws its own). */
  config: Record<string, unknown>;
  reasons: Recommendation["reasons"];
  measurements: Recommendation["measurements"];
  /** Seconds the measurement took when it was made. */
  seconds: number;
  measuredAt: Date;
  /** The reference recipe, one click away in the new-run form. */
  referencePreset: { id: string; title: string; description: string; config: Record<string, unknown> };
}

/** A dataset snapshot's task as ml-core's class mode. */
export const TASK_MODES: Record<string, ClassMode> = {
  BINARY: "binary",
  MULTICLASS: "multiclass",
  MULTILABEL: "multilabel",
};

/** A recipe as a createRun config, checked by the same parser createRun uses. */
export function runConfigInputOf(recipe: RecipeConfig): Record<string, unknown> {
  const config: Record<string, unknown> = { ...recipe, strategy: "MANUAL" };
  if (recipe.backbone !== "mobilenet_v2") delete config.featureLayer;
  else config.featureLayer = recipe.featureLayer ?? "out_relu";
  parseRunConfig(config);
  return config;
}

function presetInput(preset: RecipePreset) {
  return {
    id: preset.id,
    title: preset.title,
    description: preset.description,
    config: runConfigInputOf(preset.config),
  };
}

const inFlight = new Map<string, Promise<{ result: Recommendation; seconds: number; createdAt: Date }>>();
/**
 * Measurements of different versions run one after another in a process: each is a worker thread
 * with its own tfjs and MobileNetV2 (hundreds of MB) busy for tens of seconds, and two at once on a
 * small machine only make both slower.
 */
let measuring: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const next = measuring.then(work, work);
  measuring = next.catch(() => undefined);
  return next;
}

async function measureVersion(
  prisma: Caller["prisma"],
  blobs: BlobStore,
  versionId: string,
): Promise<{ result: Recommendation; seconds: number; createdAt: Date }> {
  const row = await prisma.datasetVersion.findUniqueOrThrow({
    where: { id: versionId },
    select: { number: true, snapshot: true },
  });
  const snapshot = parseDatasetSnapshot(row.snapshot);
  const labelIndex = new Map(snapshot.labels.map((label, i) => [label, i]));
  const usable = snapshot.images.filter((image) => image.split !== "TEST");
  const counts = snapshot.labels.map((label) => usable.filter((i) => i.labels.includes(label)).length);
  if (snapshot.labels.length < 2 || counts.some((n) => n < 2)) {
    throw badUserInput(
      `Version ${row.number} needs at least two train or validation images of every label to be measured (per label: ${snapshot.labels.map((l, i) => `${l} ${counts[i]}`).join(", ")}). Add images, freeze a new version and ask again.`,
      "versionId",
    );
  }
  const nativeSize = await medianImageSide(
    prisma,
    usable.map((image) => image.id),
  );
  const t0 = performance.now();
  let result: Recommendation;
  try {
    result = await recommendInThread({
      labels: snapshot.labels,
      classMode: TASK_MODES[snapshot.task]!,
      nativeSize,
      images: usable.map((image) => ({
        sha256: image.sha256,
        split: image.split === "TRAIN" ? "train" : "val",
        labels: image.labels.map((label) => labelIndex.get(label)!),
        read: () => blobs.get(image.blobKey),
      })),
    });
  } catch (error) {
    // ml-core's input errors (too few images for the folds) say what the data lacks.
    if (error instanceof Error && error.name === "TrainingInputError") {
      throw badUserInput(`Version ${row.number} cannot be measured: ${error.message}.`, "versionId");
    }
    throw error;
  }
  const seconds = (performance.now() - t0) / 1000;
  await storeRecommendation(prisma, versionId, result, seconds);
  return (await readStoredRecommendation(prisma, versionId, RECOMMENDER_VERSION)) as {
    result: Recommendation;
    seconds: number;
    createdAt: Date;
  };
}

/** Needs VIEWER in the version's team. The first ask for a version measures it (tens of seconds); later asks read the stored answer. */
export async function recommendRunConfigForVersion(
  ctx: Caller,
  blobs: BlobStore,
  versionId: string,
): Promise<ConfigRecommendation> {
  const version = await requireVersionRole(ctx, versionId, "VIEWER");
  let stored = (await readStoredRecommendation(ctx.prisma, version.id, RECOMMENDER_VERSION)) as {
    result: Recommendation;
    seconds: number;
    createdAt: Date;
  } | null;
  if (!stored) {
    let pending = inFlight.get(version.id);
    if (!pending) {
      pending = oneAtATime(() => measureVersion(ctx.prisma, blobs, version.id)).finally(() =>
        inFlight.delete(version.id),
      );
      inFlight.set(version.id, pending);
    }
    stored = await pending;
  }
  const { result } = stored;
  return {
    versionId: version.id,
    strategy: result.strategy,
    config: runConfigInputOf(result.config),
    reasons: result.reasons,
    measurements: result.measurements,
    seconds: stored.seconds,
    measuredAt: stored.createdAt,
    referencePreset: presetInput(REFERENCE_PRESET),
  };
}

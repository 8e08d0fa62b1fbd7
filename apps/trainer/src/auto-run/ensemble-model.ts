// An AUTO run's ensemble: its retrain and the winner's extra seeds (one recipe, trained in full with
// different seeds), with its partner's runs (the other family's best trial), kept together as ONE
// model whose output is the mean of their probabilities, each family weighted by its share
// (ml-core's ensembleModelFiles: a flat tfjs layers model ending in an Average layer). Averaging a
// few independently trained CNNs cancels part of each one's own errors, which picking the best seed
// by a 100-image validation split cannot: that choice mostly fits the split's noise.
//
// The members' validation and test probabilities are already known (the retrain's from its own
// evaluation, each seed's from its stored predictions), and the ensemble's output is their mean, so
// its figures are computed from them without running the images again. When it is kept, the AUTO run
// stores it as its FULL model (with model.onnx when it converts; an ensemble has no single head) and
// its own predictions, figures and training-image label-issue rows, and keeps its retrain's curves.
// Merging the members and converting the result to ONNX runs on the run's compute worker
// (compute/ensemble-job.ts): this thread holds the lease and heartbeats, and only moves bytes.

import { averageProbabilities, MODEL_FILE, type ModelManifest, WEIGHTS_FILE } from "@headstart/ml-core";
import { finishRun, readModelBundle, type SnapshotImage, storeModelBundle } from "@headstart/runs";
import { discardCheckpoint } from "../checkpoints.ts";
import { ONNX_MODEL_FILE } from "../compute/attempt.ts";
import { type AttemptResult, transferablesOf } from "../compute/protocol.ts";
import { retryTransient } from "../db-retry.ts";
import { evaluateSplit, type PredictionRow, predictionRows, type Scored, type SplitMetrics } from "../evaluation.ts";
import type { ExecutorDeps } from "../execute-run.ts";
import type { RunDataset } from "../run-dataset.ts";
import type { RunSession } from "../run-session.ts";
import { replacePredictions } from "../store-predictions.ts";

/** One member: the AUTO run's own retrain (runId null) or a child run of the winner with another seed. */
export interface EnsembleMember {
  runId: string | null;
  label: string;
  /** The winner's runs (the retrain among them) or the partner's (auto-search.ts partnerOf); absent = winner. */
  family?: EnsembleFamily;
  /** Its share of the mean (familyWeights), set by evaluateEnsemble; absent = equal shares (older summaries). */
  weight?: number;
}

export type EnsembleFamily = "winner" | "partner";

/**
 * Shares of the mean the winner's runs may take when the partner's runs are averaged with them, the
 * first the default: the one with the lowest out-of-fold validation loss is kept. On the development
 * draws the best split moved with how well each family did: T-shirt vs shirt, a kernel head on every
 * labelled image (0.8745) with CNN seeds at 0.847 scored 0.8675 at half and 0.8735 at 0.7, while
 * with seeds at 0.8585 half was best (0.8785); ten classes, half 0.8765 and 3/4 0.8755. The
 * validation loss of those splits ranked them as the test did (0.264 at half, 0.254 at 3/4).
 */
export const WINNER_SHARES = [0.5, 0.75, 0.25] as const;

/**
 * Member weights from their families: the winner's runs share `winnerShare` of the mean evenly, the
 * partner's the rest ([winner, winner, partner] at half → [1/4, 1/4, 1/2]), so one member (a kernel
 * head on every labelled image) is not outvoted by five CNN seeds. One family alone: equal weights.
 */
export function familyWeights(families: readonly (EnsembleFamily | undefined)[], winnerShare = 0.5): number[] {
  const winners = families.filter((family) => family !== "partner").length;
  const partners = families.length - winners;
  if (winners === 0 || partners === 0) return families.map(() => 1 / families.length);
  return families.map((family) => (family === "partner" ? (1 - winnerShare) / partners : winnerShare / winners));
}

/** The ensemble's validation and test probabilities and figures, from its members' own. */
export interface EnsembleEvaluation {
  members: EnsembleMember[];
  val: Scored[];
  test: Scored[];
  valMetrics: SplitMetrics | null;
  testMetrics: SplitMetrics | null;
  valAccuracy: number | null;
  /** Mean cross-entropy of the averaged probabilities on validation (no label smoothing). */
  valLoss: number | null;
  /** The winner's runs' share of the mean (WINNER_SHARES); null with one family only. */
  winnerShare: number | null;
}

type SplitRows = Map<string, ArrayLike<number>>;

function rowsBySplit(rows: readonly Pick<PredictionRow, "imageId" | "split" | "probabilities">[]) {
  const val: SplitRows = new Map();
  const test: SplitRows = new Map();
  for (const row of rows) {
    if (row.split === "VAL") val.set(row.imageId, row.probabilities);
    else if (row.split === "TEST") test.set(row.imageId, row.probabilities);
  }
  return { val, test };
}

/** Mean cross-entropy of single-label probabilities (binary rows are [1 − p, p]). */
function crossEntropy(scored: readonly Scored[], labels: readonly string[]): number | null {
  if (scored.length === 0) return null;
  const index = new Map(labels.map((label, i) => [label, i]));
  let sum = 0;
  for (const { image, probabilities } of scored) {
    const truth = index.get(image.labels[0] ?? "");
    if (truth === undefined) return null;
    sum -= Math.log(Math.max(probabilities[truth]!, 1e-7));
  }
  return sum / scored.length;
}

/**
 * The ensemble's figures from its members' probabilities: the retrain's (from its evaluation rows)
 * and each seed run's stored predictions. Images a member has no prediction for (deleted meanwhile)
 * are left out of every member alike. Null when fewer than two members or no validation split.
 */
export async function evaluateEnsemble(
  deps: Pick<ExecutorDeps, "db">,
  dataset: Pick<RunDataset, "images" | "test" | "labels" | "classMode">,
  threshold: number,
  retrainRows: readonly PredictionRow[],
  members: readonly EnsembleMember[],
): Promise<EnsembleEvaluation | null> {
  if (members.length < 2) return null;
  const perMember = await Promise.all(
    members.map(async (member) =>
      member.runId === null
        ? rowsBySplit(retrainRows)
        : rowsBySplit(
            await deps.db.prediction.findMany({
              where: { runId: member.runId, split: { in: ["VAL", "TEST"] } },
              select: { imageId: true, split: true, probabilities: true },
            }),
          ),
    ),
  );
  const families = members.map((member) => member.family ?? "winner");
  const scoredOf = (images: readonly SnapshotImage[], weights: number[]): Scored[] => {
    const present = images.filter((image) => perMember.every((rows) => rows.test.has(image.id)));
    if (present.length === 0) return [];
    const sets = perMember.map((rows) => present.map((image) => rows.test.get(image.id)!));
    const averaged = averageProbabilities(sets, weights);
    return present.map((image, i) => ({ image, probabilities: Array.from(averaged[i]!) }));
  };
  // A validation image is scored by the members that held it out: the retrain (trained on TRAIN
  // alone, or on every labelled image with leave-one-out validation rows) always, a cross-fitted seed
  // only on its own fold (it trained on the other folds, so its VAL rows are that fold's). Each
  // family's members that held it out are averaged, and the families mixed at their shares, so the
  // figure is an honest out-of-fold estimate of the stored mix, never of members that saw the image.
  const retrainVal = perMember[members.findIndex((member) => member.runId === null)]?.val;
  const outOfFold = (images: readonly SnapshotImage[], weights: number[]): Scored[] => {
    const shares = new Map<string, number>();
    families.forEach((family, m) => shares.set(family, (shares.get(family) ?? 0) + weights[m]!));
    const scored: Scored[] = [];
    for (const image of images) {
      if (retrainVal && !retrainVal.has(image.id)) continue;
      const parts: { set: ArrayLike<number>[]; weight: number }[] = [];
      for (const [family, share] of shares) {
        const held = perMember.flatMap((rows, m) => {
          const row = families[m] === family ? rows.val.get(image.id) : undefined;
          return row ? [{ row, weight: weights[m]! }] : [];
        });
        if (held.length === 0) continue;
        const mean = averageProbabilities(
          held.map((h) => [h.row]),
          held.map((h) => h.weight),
        );
        parts.push({ set: [mean[0]!], weight: share });
      }
      if (parts.length === 0) continue;
      const mixed = averageProbabilities(
        parts.map((p) => p.set),
        parts.map((p) => p.weight),
      );
      scored.push({ image, probabilities: Array.from(mixed[0]!) });
    }
    return scored;
  };
  const valImages = dataset.images.filter((image) => image.split === "VAL");
  const twoFamilies = new Set(families).size > 1;
  const lossOf = (scored: Scored[]) =>
    dataset.classMode === "multilabel" ? null : crossEntropy(scored, dataset.labels);
  // The winner's share with the lowest out-of-fold validation loss (the first on ties, and without a loss).
  let chosen: { share: number | null; weights: number[]; val: Scored[]; loss: number | null } | null = null;
  for (const share of twoFamilies ? WINNER_SHARES : [null]) {
    const weights = familyWeights(families, share ?? 0.5);
    const val = outOfFold(valImages, weights);
    const loss = lossOf(val);
    if (!chosen || (loss !== null && chosen.loss !== null && loss < chosen.loss))
      chosen = { share, weights, val, loss };
  }
  const { val, weights } = chosen!;
  if (val.length === 0) return null;
  const test = scoredOf(dataset.test, weights);
  const valMetrics = evaluateSplit(val, dataset.labels, dataset.classMode, threshold);
  const testMetrics = evaluateSplit(test, dataset.labels, dataset.classMode, threshold);
  return {
    members: members.map((member, m) => ({ ...member, family: families[m], weight: weights[m]! })),
    val,
    test,
    valMetrics,
    testMetrics,
    valAccuracy: valMetrics?.report?.accuracy ?? null,
    valLoss: chosen!.loss,
    winnerShare: chosen!.share,
  };
}

/**
 * Ends the AUTO run SUCCEEDED with the ensemble as its model: the members' full models merged into
 * one (model.json + weights.bin, model.onnx when it converts), the ensemble's predictions on the
 * validation and test images, the retrain's training-image rows (label issues are judged on frozen
 * features, not on this model), and the retrain's figures with the ensemble's in place of its own.
 */
export async function storeEnsembleModel(
  deps: Pick<ExecutorDeps, "db" | "blobs" | "log" | "worker">,
  session: Pick<RunSession, "lease" | "beginSettling">,
  ensemble: EnsembleEvaluation,
  retrain: { result: AttemptResult; config: { threshold: number } },
  seconds: Record<string, number>,
): Promise<void> {
  const { db, blobs, log, worker } = deps;
  const { lease } = session;
  const { result } = retrain;
  // Only the tfjs files the merge reads (not each member's model.onnx) cross to the worker. Those read
  // from blobs here move there; the retrain's own are copied, as its result still holds them.
  const transfer: ArrayBuffer[] = [];
  const memberFiles = await Promise.all(
    ensemble.members.map(async (member) => {
      const tfjsFiles = (files: Record<string, Uint8Array>) => ({
        [MODEL_FILE]: files[MODEL_FILE]!,
        [WEIGHTS_FILE]: files[WEIGHTS_FILE]!,
      });
      if (member.runId === null) return tfjsFiles(result.models.full);
      const artifact = await db.modelArtifact.findUnique({
        where: { runId_kind: { runId: member.runId, kind: "FULL" } },
      });
      if (!artifact)
        throw new Error(`run ${member.runId} has no full model to join AUTO run ${lease.runId}'s ensemble`);
      const files = tfjsFiles(await readModelBundle(blobs, artifact.blobKey));
      transfer.push(...transferablesOf(Object.values(files)));
      return files;
    }),
  );
  const summary: Record<string, number> = {};
  if (ensemble.valMetrics?.report) {
    summary.valAccuracy = ensemble.valMetrics.report.accuracy;
    summary.valMacroF1 = ensemble.valMetrics.report.macroF1;
  }
  if (ensemble.testMetrics?.report) summary.testAccuracy = ensemble.testMetrics.report.accuracy;
  if (ensemble.valLoss !== null) summary.valLoss = ensemble.valLoss;
  const manifest: ModelManifest = { ...result.manifest, metrics: summary };

  // Merged, loaded, converted to ONNX and exported on the run's worker (idle now: the retrain and the
  // seed runs are over), with the same graph and description as a single model's.
  const weights = ensemble.members.map((member) => member.weight ?? 1);
  const { files, onnx } = await worker.ensemble(
    { runId: lease.runId, members: memberFiles, weights, manifest },
    transfer,
  );
  if ("skipped" in onnx) log(`run ${lease.runId}: no ${ONNX_MODEL_FILE} for the ensemble: ${onnx.skipped}`);
  const full = await storeModelBundle(blobs, files);

  const labels = result.manifest.labels;
  const { classMode } = result.manifest;
  const rows: PredictionRow[] = [
    ...predictionRows(lease.runId, ensemble.val, labels, classMode, retrain.config.threshold),
    ...predictionRows(lease.runId, ensemble.test, labels, classMode, retrain.config.threshold),
    ...result.rows.filter((row) => row.split === "TRAIN").map((row) => ({ ...row, runId: lease.runId })),
  ];
  const metrics = {
    ...result.metrics,
    ...summary,
    recommendedThreshold: ensemble.valMetrics?.thresholds?.recommended ?? null,
    val: ensemble.valMetrics,
    test: ensemble.testMetrics,
    ensemble: {
      members: ensemble.members.map((m) => ({ runId: m.runId, label: m.label, weight: m.weight ?? null })),
      note: "The model is the (weighted) mean of its members' probabilities; bestEpoch and the curves are the retrain's.",
    },
    seconds: { ...seconds },
    trainerAttempt: lease.attempt,
  };
  session.beginSettling();
  await retryTransient(
    () =>
      finishRun(db, lease, { status: "SUCCEEDED", metrics }, async (tx) => {
        await replacePredictions(tx, lease.runId, rows);
        // An ensemble has no single head on one backbone's features: only the full model is stored.
        await tx.modelArtifact.deleteMany({ where: { runId: lease.runId, kind: "HEAD" } });
        const data = {
          blobKey: full.blobKey,
          byteSize: full.byteSize,
          manifest: { ...manifest, kind: "full", onnx, ensembleMembers: ensemble.members.length },
        };
        await tx.modelArtifact.upsert({
          where: { runId_kind: { runId: lease.runId, kind: "FULL" } },
          create: { runId: lease.runId, kind: "FULL", ...data },
          update: data,
        });
      }),
    { what: `run ${lease.runId}: recording SUCCEEDED with its ensemble`, log, deadlineMs: 60_000 },
  );
  await discardCheckpoint(db, blobs, lease.runId).catch((error: Error) =>
    log(`run ${lease.runId}: could not remove its last checkpoint (${error.message})`),
  );
}

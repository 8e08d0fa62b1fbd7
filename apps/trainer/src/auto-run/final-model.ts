// The AUTO run's final model, chosen after its retrain. The retrain starts from zero with more epochs
// than the winning trial, and on small validation splits it can end below that trial; when the retrain
// ends early (its recipe's epoch ceiling, early stopping, or a pace faster than the trial's), the budget
// left trains the same settings with other seeds (and, when the recipe allows, more epochs), as child
// runs of their own; when the winner is the scratch CNN or the gradient head, the best trial of the
// other of those two (its partner, auto-search.ts partnerOf) trains in full too, alternating with the
// winner's seeds so each family keeps about half the members. The retrain and those runs together
// are an ensemble (ensemble-model.ts: one model averaging their probabilities). The AUTO run then
// keeps, by validation, the ensemble unless one of the retrain, the winning trial or a seed validated
// better by more than the split's noise (ensembleMargin): its own result as trained, the
// ensemble stored as its model, or a copy of the chosen child's model, figures, curves and predictions
// (model blobs are content-addressed and counted by the rows that name them, so the parent and the
// child share them safely).

import { finishRun, headKindOf, parseRunConfig, type RunConfig } from "@headstart/runs";
import { discardCheckpoint } from "../checkpoints.ts";
import type { AttemptResult } from "../compute/protocol.ts";
import { retryTransient } from "../db-retry.ts";
import type { PredictionRow } from "../evaluation.ts";
import type { ExecutorDeps } from "../execute-run.ts";
import type { RunDataset } from "../run-dataset.ts";
import type { RunSession } from "../run-session.ts";
import { replacePredictions } from "../store-predictions.ts";
import { type AutoSummary, ensembleFamily, leaveOneOutFits, trainChildRun } from "./auto-search.ts";
import {
  type EnsembleEvaluation,
  type EnsembleFamily,
  type EnsembleMember,
  evaluateEnsemble,
  storeEnsembleModel,
} from "./ensemble-model.ts";
import { runConfigOfRecipe } from "./recipe-config.ts";

/**
 * At most this many extra seeds of the winner. They join the retrain in the ensemble, whose gain
 * flattens past a handful of members; the budget usually ends the seeds sooner.
 */
export const MAX_EXTRA_SEEDS = 5;
/** Seeds of the extra runs: the AUTO run's own seed plus multiples of this (a prime, so they do not repeat soon). */
const SEED_STRIDE = 7919;
const MAX_SEED = 2 ** 31 - 1;
/** A seed run starts only when the time left holds its expected seconds with this much to spare. */
const SEED_TIME_MARGIN = 1.15;
/**
 * Wall time of two seeds trained at once on two workers, against one alone: each has its own core, but
 * they share the main thread, Postgres and memory bandwidth. Replaced by the measured time after the
 * first pair.
 */
const PAIR_SLOWDOWN = 1.25;
/** Seconds kept back after the last seed run for storing the final model. */
const SAVE_RESERVE_SECONDS = 5;
/**
 * Seconds a seed needs after its last epoch (evaluation, predictions, its model files). Its training
 * ends by then (stopTrainingAt): a seed slower than planned (two at a time under load: ten classes,
 * two 34-epoch seeds still training when the budget ran out after 263 s) stops with its best epoch so
 * far and still joins the ensemble, instead of being cut off with nothing to show for its time.
 */
const SEED_WRAP_UP_SECONDS = 15;
/**
 * Validation folds of the cross-fitted seeds: seed k trains on TRAIN plus the validation images
 * outside fold (k − 1) mod this, and validates on that fold alone. Each seed thus learns from two
 * thirds of the validation split too (ten classes at 100 + 50 per class: 1,333 images instead of
 * 1,000), while every validation image is still scored, in the ensemble's figure, by the retrain and
 * the seeds that held it out.
 */
export const SEED_VALIDATION_FOLDS = 3;

/**
 * Extra runs of a config worth training beside one already trained: a kernel head is solved in closed
 * form, so a seed changes nothing. Held-out validation: its runs differ only by their validation fold,
 * one per fold, more would repeat a member. Leave-one-out validation: the run already fitted every
 * labelled image, so there is nothing left to vary.
 */
export function distinctExtraRuns(
  config: Pick<RunConfig, "headKind"> & Partial<Pick<RunConfig, "leaveOneOutValidation">>,
): number {
  if (headKindOf(config) !== "kernel") return MAX_EXTRA_SEEDS;
  return config.leaveOneOutValidation ? 0 : Math.min(SEED_VALIDATION_FOLDS, MAX_EXTRA_SEEDS);
}

/** One model the AUTO run could keep. */
export interface FinalCandidate {
  source: "retrain" | "trial" | "seed" | "ensemble";
  /** The child run that holds it; null for the AUTO run's own retrain. */
  runId: string | null;
  /** Its name in the trial table (the retrain's is "retrain"). */
  label: string;
  valAccuracy: number | null;
  valLoss: number | null;
  /** The settings it trained with (an ensemble's: its members', the retrain's recipe). */
  config: RunConfig;
  /** An ensemble's members: the retrain and the winner's seed runs, averaged as one model. */
  members?: EnsembleMember[];
}

/** Run.autoSummary.final: the model the AUTO run kept and why. */
export interface FinalChoice {
  source: FinalCandidate["source"];
  runId: string | null;
  label: string;
  valAccuracy: number | null;
  /** Settings the kept model trained with (what a diagnosis of the AUTO run reads). */
  config: RunConfig;
  /** Every model that was compared, by validation accuracy. */
  compared: { label: string; runId: string | null; valAccuracy: number | null }[];
  /** One sentence: which model the run keeps and why. */
  note: string;
  /** An ensemble's members (the retrain has runId null). */
  members?: EnsembleMember[];
}

const accuracyText = (value: number | null) => (value === null ? "n/a" : value.toFixed(3));

/**
 * The candidate to keep: highest validation accuracy, then lowest validation loss, then the earliest
 * in the list (the retrain first, so an exact tie keeps the run's own model and copies nothing). When
 * the retrain has no validation figure (no validation split) nothing can be compared: it is kept.
 */
export function pickFinalModel(candidates: readonly FinalCandidate[]): { kept: FinalCandidate; note: string } {
  if (candidates.length === 0) throw new Error("pickFinalModel needs at least one candidate");
  const [first] = candidates;
  if (first.valAccuracy === null) {
    return { kept: first, note: `Kept the ${first.label}: without a validation split no other model can be compared.` };
  }
  let kept = first;
  for (const candidate of candidates.slice(1)) {
    if (candidate.valAccuracy === null) continue;
    const better =
      candidate.valAccuracy > kept.valAccuracy! ||
      (candidate.valAccuracy === kept.valAccuracy &&
        (candidate.valLoss ?? Number.POSITIVE_INFINITY) < (kept.valLoss ?? Number.POSITIVE_INFINITY));
    if (better) kept = candidate;
  }
  const others = candidates
    .filter((c) => c !== kept)
    .map((c) => `${c.label} ${accuracyText(c.valAccuracy)}`)
    .join(", ");
  const where =
    kept.runId === null ? "the AUTO run's own model" : `copied from run ${kept.runId} as the AUTO run's model`;
  return {
    kept,
    note: `Kept the ${kept.label} (${where}): validation accuracy ${accuracyText(kept.valAccuracy)}, the best by validation${others ? ` (others: ${others})` : ""}.`,
  };
}

/**
 * Head epochs of an extra run of the winner. The retrain's epochs were sized from the winning trial's
 * pace, which under a changing load can be far off; when the retrain turned out faster and the recipe
 * allows more epochs (a one-cycle schedule gains most in its long low-rate tail), the extra run gets
 * what the retrain's own pace fits into `usableSeconds`, up to the recipe's ceiling; when less time is
 * left than the retrain took, a shorter one (down to shortestSeedEpochs). Fine-tuning runs (two
 * phases sized together) keep the retrain's epochs.
 */
export function extraRunEpochs(
  retrain: Pick<RunConfig, "backbone" | "epochs" | "fineTuneBlocks">,
  recipeEpochs: number,
  retrainSeconds: number,
  usableSeconds: number,
): number {
  if (retrain.backbone !== "scratch" && retrain.fineTuneBlocks > 0) return retrain.epochs;
  // The retrain's whole wall time per epoch (its fixed costs included), so the estimate errs long.
  const perEpoch = retrainSeconds / Math.max(1, retrain.epochs);
  const fits = Math.floor(usableSeconds / Math.max(perEpoch, 1e-3));
  return Math.max(shortestSeedEpochs(retrain), Math.min(recipeEpochs, fits));
}

/**
 * The fewest epochs of an extra seed, as a share of the retrain's. A one-cycle run compressed to
 * 70% of the epochs still ends in its low-rate tail and validates close to the full one (ten classes,
 * 28 and 40 epochs: 0.83-0.84), and as one more member of the ensemble it adds more than the budget
 * it would otherwise leave unused (ten classes: 247 s left, a full cross-fitted seed needs ~255).
 */
export const MIN_SEED_EPOCH_SHARE = 0.7;

export function shortestSeedEpochs(retrain: Pick<RunConfig, "backbone" | "epochs" | "fineTuneBlocks">): number {
  if (retrain.backbone !== "scratch" && retrain.fineTuneBlocks > 0) return retrain.epochs;
  return Math.max(1, Math.ceil(retrain.epochs * MIN_SEED_EPOCH_SHARE));
}

/**
 * How many times the retrain's training images a cross-fitted seed trains on: TRAIN plus all but one
 * of the SEED_VALIDATION_FOLDS folds of VAL. Its time per epoch grows by as much.
 */
export function crossFitGrowth(images: readonly { split: string }[]): number {
  return growthWithValidation(images, (SEED_VALIDATION_FOLDS - 1) / SEED_VALIDATION_FOLDS);
}

/**
 * How many times the retrain's training images a run with leave-one-out validation fits: TRAIN and
 * all of VAL.
 */
export function leaveOneOutGrowth(images: readonly { split: string }[]): number {
  return growthWithValidation(images, 1);
}

/** (TRAIN + `share` of VAL) / TRAIN; 1 without training images. */
function growthWithValidation(images: readonly { split: string }[], share: number): number {
  const train = images.filter((image) => image.split === "TRAIN").length;
  const val = images.filter((image) => image.split === "VAL").length;
  return train === 0 ? 1 : 1 + (val * share) / train;
}

/**
 * How many times longer than its priced run an extra run takes on `growth` times the images: a dense
 * head's (or CNN's) epochs grow with the images, a kernel head's solves with their cube (ten classes,
 * 1,000 → 1,333 images: seeds of 35-45 s, and the last, started on the linear estimate, ran out of
 * budget).
 */
export function crossFitSlowdown(config: Partial<Pick<RunConfig, "headKind">>, growth: number): number {
  return headKindOf(config) === "kernel" ? growth ** 3 : growth;
}

/** The seed of the k-th extra run (k ≥ 1) of a run seeded `seed`. */
export function extraSeed(seed: number, k: number): number {
  return (seed + k * SEED_STRIDE) % MAX_SEED;
}

/**
 * After the AUTO run's retrain: trains the winner with other seeds while the budget allows, picks the
 * final model by validation and records the choice (summary.final, and a sentence appended to the
 * winner's reason, which the UI and CLI show). Returns the kept candidate; the caller stores the
 * retrain's own model when it is kept, else adoptChildModel copies the child's.
 */
export async function chooseFinalModel(
  deps: ExecutorDeps,
  session: RunSession,
  retrain: { config: RunConfig; valAccuracy: number | null; valLoss: number | null },
  /** The retrain's evaluation rows and the dataset, to judge the ensemble; without them no ensemble. */
  evaluation?: { rows: AttemptResult["rows"]; dataset: RunDataset },
): Promise<{ kept: FinalCandidate; ensemble: EnsembleEvaluation | null }> {
  const { db, log } = deps;
  const { lease } = session;
  const whileHeld = { log, shouldStop: () => session.reason !== null };
  const run = await retryTransient(
    () => db.run.findUniqueOrThrow({ where: { id: lease.runId }, select: { autoSummary: true, name: true } }),
    { what: `run ${lease.runId}: reading the search summary`, ...whileHeld },
  );
  const summary = run.autoSummary as AutoSummary | null;
  const own: FinalCandidate = { source: "retrain", runId: null, label: "retrain", ...retrain };
  if (!summary?.winner) return { kept: own, ensemble: null };
  const save = () =>
    retryTransient(
      () =>
        db.run.updateMany({
          where: { id: lease.runId, status: "RUNNING", workerId: lease.workerId, attempt: lease.attempt },
          data: { autoSummary: summary as object },
        }),
      { what: `run ${lease.runId}: writing the search summary`, ...whileHeld },
    );
  const winner = summary.winner;
  // The winning trial's settings are its recipe at its rung's epochs; its run row holds them exactly.
  const trialRun = await retryTransient(
    () => db.run.findUniqueOrThrow({ where: { id: winner.runId }, select: { config: true } }),
    { what: `run ${lease.runId}: reading the winning trial's config`, ...whileHeld },
  );
  const candidates: FinalCandidate[] = [
    own,
    {
      source: "trial",
      runId: winner.runId,
      label: `winning trial ${winner.trialId}`,
      valAccuracy: winner.valAccuracy,
      valLoss: Number.isFinite(winner.valLoss) ? winner.valLoss : null,
      config: parseRunConfig(trialRun.config),
    },
  ];

  // Seeds only help where validation can tell models apart; without it the retrain is kept as is.
  const deadline = summary.startedAt + summary.budgetSeconds * 1000;
  const retrainSeconds = summary.retrainStartedAt ? (Date.now() - summary.retrainStartedAt) / 1000 : null;
  const seedRung = Math.max(0, ...summary.trials.map((t) => t.rung)) + 1;
  const seedRows: { row: AutoSummary["trials"][number]; candidate: FinalCandidate; family: EnsembleFamily }[] = [];
  // Seeds that join an ensemble (those without MobileNet, see below) also learn from part of the
  // validation split; the others are compared one by one with the retrain, so they validate on all of it.
  const valImages = evaluation ? evaluation.dataset.images.filter((image) => image.split === "VAL").length : 0;
  const crossFits =
    evaluation !== undefined && ensembleFamily(retrain.config) !== null && valImages >= SEED_VALIDATION_FOLDS;
  // The other family's best trial joins the ensemble (auto-search.ts partnerOf); only when seeds do.
  const partner = crossFits ? (summary.partner ?? null) : null;
  // A kernel partner fits every labelled image once, validating by leave-one-out (leaveOneOutFits).
  const partnerBase =
    partner && evaluation
      ? runConfigOfRecipe(partner.config, {
          parent: retrain.config,
          leaveOneOutValidation: leaveOneOutFits(partner.config, evaluation.dataset),
        })
      : null;
  /** The run config of an extra run: the winner's retrain, or the partner's recipe in full. */
  const baseOf = (source: EnsembleFamily): RunConfig =>
    source === "winner" || !partnerBase ? retrain.config : partnerBase;
  const trainSeed = async (k: number, epochs: number, seedDeps: ExecutorDeps, source: EnsembleFamily = "winner") => {
    // Partner runs take seeds and folds after the winner's, so no two extra runs share either.
    const index = source === "winner" ? k : MAX_EXTRA_SEEDS + k;
    const base = baseOf(source);
    const config: RunConfig = {
      ...base,
      epochs,
      seed: extraSeed(retrain.config.seed, index),
      validationFold:
        crossFits && !base.leaveOneOutValidation
          ? { index: (index - 1) % SEED_VALIDATION_FOLDS, count: SEED_VALIDATION_FOLDS }
          : null,
    };
    const trialId = source === "winner" ? `${winner.trialId}~seed${k}` : `${partner!.trialId}~seed${k}`;
    // The budget's end or the AUTO run's stop ends the seed run; an unfinished one is not compared.
    const stop = new AbortController();
    const onStop = () => stop.abort();
    session.signal.addEventListener("abort", onStop, { once: true });
    const timer = setTimeout(onStop, Math.max(0, deadline - Date.now()));
    try {
      const child = await trainChildRun(
        { deps: seedDeps, session, summary, save },
        {
          trialId,
          rung: seedRung,
          epochs: config.epochs,
          name: `${run.name ?? "AUTO"} · ${trialId} · ${config.epochs} epochs`,
          config,
          stopTrainingAt: deadline - (SAVE_RESERVE_SECONDS + SEED_WRAP_UP_SECONDS) * 1000,
        },
        stop.signal,
      );
      const seedRow = child.figures
        ? {
            row: child.row,
            family: source,
            candidate: {
              source: "seed" as const,
              runId: child.row.runId,
              label: seedLabel(k, source === "partner" ? partner!.trialId : "the winner", config),
              valAccuracy: child.figures.valAccuracy,
              valLoss: Number.isFinite(child.figures.valLoss) ? child.figures.valLoss : null,
              config,
            },
          }
        : null;
      return { seedRow, aborted: stop.signal.aborted };
    } finally {
      clearTimeout(timer);
      session.signal.removeEventListener("abort", onStop);
    }
  };

  // (A summary written before startedAt existed has no deadline to size seeds by: none are trained.)
  if (retrain.valAccuracy !== null && retrainSeconds !== null && Number.isFinite(deadline)) {
    // A cross-fitted seed trains on more images than the retrain did, and takes longer by as much
    // (crossFitSlowdown).
    const growth = crossFits ? crossFitGrowth(evaluation.dataset.images) : 1;
    const seedSeconds = retrainSeconds * crossFitSlowdown(retrain.config, growth);
    // The ensemble's seeds train two at a time where the machine has a core for a second worker (tfjs
    // on WASM trains on one thread): twice the members in the same budget. Only for the ensemble:
    // single seeds compared one by one gain less from numbers than from time each.
    const spare = crossFits && deps.spare ? await deps.spare() : null;
    let pairSeconds = seedSeconds * PAIR_SLOWDOWN;
    // A seed may train shorter than the retrain did (extraRunEpochs); it starts when its shortest fits.
    const shortestShare = shortestSeedEpochs(retrain.config) / Math.max(1, retrain.config.epochs);
    // The partner's runs are sized from its trial's measured pace; the same shortest share applies.
    const partnerShortest = partner ? Math.max(1, Math.ceil(partner.config.epochs * MIN_SEED_EPOCH_SHARE)) : 0;
    const partnerGrowth = partnerBase
      ? crossFitSlowdown(
          partnerBase,
          partnerBase.leaveOneOutValidation && evaluation ? leaveOneOutGrowth(evaluation.dataset.images) : growth,
        )
      : growth;
    const partnerEpochsIn = (seconds: number) =>
      partner
        ? Math.min(
            partner.config.epochs,
            Math.floor((seconds / partnerGrowth - partner.fixedSeconds) / Math.max(partner.headEpochSeconds, 1e-3)),
          )
        : 0;
    const winnerRuns = distinctExtraRuns(retrain.config);
    // The partner has no run yet: its first, and more while they differ (a kernel partner on every
    // labelled image has no other, distinctExtraRuns 0, so it is that one run).
    const partnerRuns = partnerBase ? Math.max(1, distinctExtraRuns(partnerBase)) : 0;
    let k = 1;
    let j = 1;
    try {
      for (;;) {
        session.throwIfStopped();
        const left = (deadline - Date.now()) / 1000 - SAVE_RESERVE_SECONDS;
        const usable = left / SEED_TIME_MARGIN;
        const winnerFits = k <= winnerRuns && usable >= seedSeconds * shortestShare;
        const partnerFits = partner !== null && j <= partnerRuns && partnerEpochsIn(usable) >= partnerShortest;
        const spareAlive = spare?.worker.alive === true;
        const onSpare = { ...deps, worker: spare?.worker ?? deps.worker, spare: undefined };
        let batch: Promise<{ seedRow: (typeof seedRows)[number] | null; aborted: boolean }>[];
        let winnerPair = false;
        let epochs = 0;
        const started = performance.now();
        // Both families, two workers: one run of each at once, so they stay as many in the ensemble.
        const mixedPairEpochs = partnerEpochsIn(usable / PAIR_SLOWDOWN);
        if (winnerFits && partnerFits && spareAlive && mixedPairEpochs >= partnerShortest) {
          epochs = extraRunEpochs(retrain.config, summary.winner.config.epochs, pairSeconds, usable);
          batch = [trainSeed(k, epochs, deps), trainSeed(j, mixedPairEpochs, onSpare, "partner")];
          k++;
          j++;
        } else if (partnerFits && !winnerFits && spareAlive && j < partnerRuns && mixedPairEpochs >= partnerShortest) {
          // The winner has no runs left (a kernel retrain on every labelled image has none): the
          // partner's runs pair up on the two workers instead.
          batch = [
            trainSeed(j, mixedPairEpochs, deps, "partner"),
            trainSeed(j + 1, mixedPairEpochs, onSpare, "partner"),
          ];
          j += 2;
        } else if (partnerFits && (!winnerFits || j - 1 < k)) {
          // One worker: the partner's turn while it has fewer members (the retrain counts as the winner's).
          batch = [trainSeed(j, partnerEpochsIn(usable), deps, "partner")];
          j++;
        } else if (winnerFits) {
          winnerPair = spareAlive && !partnerFits && k < winnerRuns && usable >= pairSeconds * shortestShare;
          epochs = extraRunEpochs(
            retrain.config,
            summary.winner.config.epochs,
            winnerPair ? pairSeconds : seedSeconds,
            usable,
          );
          batch = winnerPair
            ? [trainSeed(k, epochs, deps), trainSeed(k + 1, epochs, onSpare)]
            : [trainSeed(k, epochs, deps)];
          k += batch.length;
        } else break;
        const done = await Promise.all(batch);
        if (winnerPair) {
          // Scaled to the retrain's epochs, the length pairSeconds stands for.
          const measured = (((performance.now() - started) / 1000) * retrain.config.epochs) / Math.max(1, epochs);
          pairSeconds = Math.max(pairSeconds, measured);
        }
        for (const { seedRow } of done) if (seedRow) seedRows.push(seedRow);
        session.throwIfStopped();
        if (done.some((d) => d.aborted)) break;
      }
    } finally {
      await spare?.retire();
    }
  }
  // A cross-fitted seed's own figure is on its fold (a third of the split), not comparable with the
  // others': it counts only inside the ensemble.
  if (!crossFits) candidates.push(...seedRows.map((s) => s.candidate));

  // The retrain and the seeds trained the same recipe in full: together they are the ensemble. Only
  // for the from-scratch CNN and the oriented-gradient head: members on the pretrained MobileNet would
  // each carry their own copy of it (N times the model's size and prediction time, for seeds that
  // differ mostly in a small head).
  let ensemble: EnsembleEvaluation | null = null;
  if (evaluation && seedRows.length > 0 && ensembleFamily(retrain.config) !== null) {
    ensemble = await retryTransient(
      () =>
        evaluateEnsemble(deps, evaluation.dataset, retrain.config.threshold, evaluation.rows, [
          { runId: null, label: "retrain", family: "winner" },
          ...seedRows.map((s) => ({ runId: s.candidate.runId, label: s.candidate.label, family: s.family })),
        ]),
      { what: `run ${lease.runId}: reading its seed runs' predictions`, ...whileHeld },
    );
  }
  const ensembleCandidate: FinalCandidate | null =
    ensemble && ensemble.valAccuracy !== null
      ? {
          source: "ensemble",
          runId: null,
          label: ensembleLabel(
            seedRows.length,
            crossFits,
            seedRows.filter((s) => s.family === "partner").length,
            partner?.trialId,
            ensemble.winnerShare,
          ),
          valAccuracy: ensemble.valAccuracy,
          valLoss: ensemble.valLoss,
          config: retrain.config,
          members: ensemble.members,
        }
      : null;

  const single = pickFinalModel(candidates);
  const { kept, note } = choiceWithEnsemble(single, ensembleCandidate, valImages);
  for (const { row, candidate } of seedRows) {
    // An ensemble keeps every seed it averages.
    row.verdict = candidate === kept || kept.source === "ensemble" ? "kept" : "not kept";
  }
  const compared = ensembleCandidate ? [...candidates, ensembleCandidate] : candidates;
  summary.final = {
    source: kept.source,
    runId: kept.runId,
    label: kept.label,
    valAccuracy: kept.valAccuracy,
    config: kept.config,
    compared: compared.map((c) => ({ label: c.label, runId: c.runId, valAccuracy: c.valAccuracy })),
    note,
    ...(kept.members ? { members: kept.members } : {}),
  };
  winner.reason = `${winner.reason} ${note}`;
  await save();
  log(`run ${lease.runId}: ${note}`);
  return { kept, ensemble: kept.source === "ensemble" ? ensemble : null };
}

/**
 * An extra run's name in the trial table, from what it trained on: "seed 2 of the winner (40 epochs,
 * validation fold 2 of 3)", or "gradients-kernel-28px on every labelled image (leave-one-out
 * validation)" for a kernel head that fitted every labelled image.
 */
export function seedLabel(
  k: number,
  of: string,
  config: Pick<RunConfig, "epochs" | "validationFold" | "leaveOneOutValidation">,
): string {
  if (config.leaveOneOutValidation) return `${of} on every labelled image (leave-one-out validation)`;
  const fold = config.validationFold
    ? `, validation fold ${config.validationFold.index + 1} of ${config.validationFold.count}`
    : "";
  return `seed ${k} of ${of} (${config.epochs} epochs${fold})`;
}

/**
 * "ensemble of the retrain and 4 cross-fitted seeds (2 of them gradients-28px's, weighing 25%)": the
 * partner's share of the mean (1 − the winner's share) when the families were weighted.
 */
export function ensembleLabel(
  seeds: number,
  crossFits: boolean,
  partnerSeeds: number,
  partnerId?: string,
  winnerShare?: number | null,
): string {
  const weighing = winnerShare != null ? `, weighing ${Math.round((1 - winnerShare) * 100)}%` : "";
  const of = partnerSeeds > 0 && partnerId ? ` (${partnerSeeds} of them ${partnerId}'s${weighing})` : "";
  return `ensemble of the retrain and ${seeds}${crossFits ? " cross-fitted" : ""} seed${seeds === 1 ? "" : "s"}${of}`;
}

/**
 * Share of validation images two good models of one task are assumed to disagree on; the noise of a
 * paired accuracy difference on n images is about sqrt(this / n) (see ensembleMargin).
 */
const PAIRED_DISAGREEMENT = 0.1;

/**
 * How much better than the ensemble a single model must validate to be kept instead: one standard
 * error of a paired difference on `valImages` images (0.022 at 200, 0.014 at 500). Within it the
 * split cannot tell them apart, and the single model's figure is the best of several noisy ones (its
 * epoch and the model itself picked on this split), while the ensemble's is one figure of models that
 * reliably generalise better: pullover vs coat kept its retrain at 0.875 against the ensemble's 0.870,
 * one image, where on the development draw such an ensemble beat every single model by 2-3 points.
 */
export function ensembleMargin(valImages: number): number {
  return valImages > 0 ? Math.sqrt(PAIRED_DISAGREEMENT / valImages) : 0;
}

/**
 * The ensemble against the best single model by validation: the ensemble is kept unless a single
 * model validates better by more than ensembleMargin (no margin when the split's size is not given).
 */
export function choiceWithEnsemble(
  single: { kept: FinalCandidate; note: string },
  ensemble: FinalCandidate | null,
  valImages = 0,
): { kept: FinalCandidate; note: string } {
  if (!ensemble || ensemble.valAccuracy === null) return single;
  const best = single.kept;
  const margin = ensembleMargin(valImages);
  if (best.valAccuracy !== null && best.valAccuracy > ensemble.valAccuracy + margin) {
    return {
      kept: best,
      note: `${single.note} The ${ensemble.label} validated ${accuracyText(ensemble.valAccuracy)}, lower${margin > 0 ? ` by more than the split's noise (${accuracyText(margin)})` : ""}.`,
    };
  }
  return {
    kept: ensemble,
    note: `Kept the ${ensemble.label} as one model averaging their probabilities: validation accuracy ${accuracyText(ensemble.valAccuracy)}, against ${accuracyText(best.valAccuracy)} for the best single model (${best.label}).`,
  };
}

/**
 * After the AUTO run's retrain: trains more seeds, chooses the final model and, when it is not the
 * retrain itself, ends the run SUCCEEDED with it (a child's model adopted, or the ensemble stored).
 * Returns true when the run was ended here; false leaves storing the retrain's own model to the caller.
 */
export async function finishAutoRun(
  deps: ExecutorDeps,
  session: RunSession,
  retrain: { config: RunConfig; result: AttemptResult; dataset: RunDataset },
  seconds: Record<string, number>,
): Promise<boolean> {
  const { config, result, dataset } = retrain;
  const figure = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
  const { kept, ensemble } = await chooseFinalModel(
    deps,
    session,
    { config, valAccuracy: figure(result.metrics.valAccuracy), valLoss: figure(result.metrics.valLoss) },
    { rows: result.rows, dataset },
  );
  session.throwIfStopped();
  if (kept.source === "ensemble" && ensemble) {
    await storeEnsembleModel(deps, session, ensemble, { result, config }, seconds);
    return true;
  }
  if (kept.runId !== null) {
    await adoptChildModel(deps, session, kept.runId, seconds);
    return true;
  }
  return false;
}

/**
 * Ends the AUTO run SUCCEEDED with the child run's model as its own: the child's full and head
 * models (same blobs), its figures (with the AUTO run's own timings and where the model came from),
 * its epoch curves and its predictions replace whatever the retrain wrote, in one transaction.
 */
export async function adoptChildModel(
  deps: Pick<ExecutorDeps, "db" | "blobs" | "log">,
  session: Pick<RunSession, "lease" | "beginSettling">,
  childRunId: string,
  seconds: Record<string, number>,
): Promise<void> {
  const { db, blobs, log } = deps;
  const { lease } = session;
  const [child, epochs, artifacts, predictions] = await Promise.all([
    db.run.findUniqueOrThrow({ where: { id: childRunId }, select: { metrics: true, status: true } }),
    db.epochMetric.findMany({ where: { runId: childRunId }, orderBy: { epoch: "asc" } }),
    db.modelArtifact.findMany({ where: { runId: childRunId, kind: { in: ["FULL", "HEAD"] } } }),
    db.prediction.findMany({ where: { runId: childRunId } }),
  ]);
  if (child.status !== "SUCCEEDED" || artifacts.length !== 2) {
    throw new Error(`run ${childRunId} has no finished model to keep as AUTO run ${lease.runId}'s model`);
  }
  const childMetrics = (child.metrics ?? {}) as Record<string, unknown>;
  const metrics = {
    ...childMetrics,
    // The AUTO run's own stage timings stay flat under `seconds`; the kept run's are beside them.
    seconds: { ...seconds },
    modelRunSeconds: childMetrics.seconds ?? null,
    trainerAttempt: lease.attempt,
    modelFromRunId: childRunId,
  };
  session.beginSettling();
  await retryTransient(
    () =>
      finishRun(db, lease, { status: "SUCCEEDED", metrics }, async (tx) => {
        // The same writer as the run's own predictions, so the copied numbers are stored exactly alike.
        await replacePredictions(
          tx,
          lease.runId,
          predictions.map(({ id: _id, createdAt: _at, ...row }) => ({ ...row, runId: lease.runId }) as PredictionRow),
        );
        await tx.epochMetric.deleteMany({ where: { runId: lease.runId } });
        await tx.epochMetric.createMany({
          data: epochs.map(({ id: _id, createdAt: _at, ...row }) => ({ ...row, runId: lease.runId })),
        });
        for (const artifact of artifacts) {
          const data = {
            blobKey: artifact.blobKey,
            byteSize: artifact.byteSize,
            manifest: artifact.manifest as object,
          };
          await tx.modelArtifact.upsert({
            where: { runId_kind: { runId: lease.runId, kind: artifact.kind } },
            create: { runId: lease.runId, kind: artifact.kind, ...data },
            update: data,
          });
        }
      }),
    { what: `run ${lease.runId}: recording SUCCEEDED with run ${childRunId}'s model`, log, deadlineMs: 60_000 },
  );
  await discardCheckpoint(db, blobs, lease.runId).catch((error: Error) =>
    log(`run ${lease.runId}: could not remove its last checkpoint (${error.message})`),
  );
}

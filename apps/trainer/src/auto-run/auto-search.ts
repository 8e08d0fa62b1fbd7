// An AUTO run's search, on the trainer that holds the AUTO run. It measures the version (ml-core's
// recommendRunConfig on a worker thread, or the answer the API already stored), turns the
// recommendation's candidates into trials, and runs successive halving over them: every rung of
// every trial is a real run (parentRunId = the AUTO run) trained by the ordinary executor on this
// attempt's compute worker, so it has its own epochs, live curves, evaluation and model. The AUTO run
// then retrains the winner as its own training (the caller continues with the returned config); after
// that, final-model.ts spends what is left of the budget on more seeds of the winner and keeps the best
// model by validation, so the AUTO run ends as a normal run with that model, its figures and review.
//
// The budget is wall-clock for everything: measuring, the search, the retrain (whose epochs are sized
// from the winner's measured pace) and the extra seeds. Cancelling the AUTO run cancels the child
// run that is training.

import {
  fittedRungPace,
  isAbortError,
  RECOMMENDER_VERSION,
  type RecipeConfig,
  type Recommendation,
  recipeId,
  recommendInThread,
  type SearchEvent,
  successiveHalving,
  TrainingAbortedError,
  trialsFromRecommendation,
} from "@headstart/ml-core";
import {
  AUTO_MAX_EPOCHS,
  cancelUnfinishedTrials,
  headKindOf,
  medianImageSide,
  type RunConfig,
  readStoredRecommendation,
  requestCancel,
  startTrialRun,
  storeRecommendation,
} from "@headstart/runs";
import { retryTransient } from "../db-retry.ts";
import { type ExecutorDeps, executeRun } from "../execute-run.ts";
import type { RunDataset } from "../run-dataset.ts";
import type { RunSession } from "../run-session.ts";
import type { FinalChoice } from "./final-model.ts";
import { runConfigOfRecipe } from "./recipe-config.ts";

/** Share of the budget left after measuring that the search may use; the rest retrains the winner. */
export const SEARCH_SHARE = 0.6;

/** One rung of one trial: a run of its own. */
export interface TrialRow {
  trialId: string;
  runId: string;
  rung: number;
  epochs: number;
  status: "running" | "finished" | "failed" | "out-of-budget" | "cancelled";
  valAccuracy: number | null;
  valLoss: number | null;
  seconds: number | null;
  /**
   * Set once the rung is judged: promoted to the next rung, dropped, or the winner; for a run of the
   * winner with another seed (trained with the budget the retrain left), kept or not as the final model.
   */
  verdict: "promoted" | "dropped" | "winner" | "out-of-budget" | "kept" | "not kept" | null;
  /** Why it was dropped, when it was. */
  note: string | null;
}

/** Run.autoSummary of an AUTO run: written as the search goes, so the trial table grows live. */
export interface AutoSummary {
  /** Where the search is; once the run SUCCEEDED its own figures are the retrained winner's. */
  phase: "measuring" | "searching" | "retraining";
  budgetSeconds: number;
  /** Seconds spent measuring the version (0 when the stored recommendation was used). */
  measureSeconds: number;
  searchSeconds: number | null;
  budgetExhausted: boolean;
  recommendation: { strategy: string; reasons: { field: string; sentence: string }[] } | null;
  trials: TrialRow[];
  winner: {
    trialId: string;
    runId: string;
    config: RecipeConfig;
    valAccuracy: number;
    valLoss: number;
    epochs: number;
    reason: string;
  } | null;
  /**
   * The best trial of the other family without a pretrained backbone (the gradient head when the
   * winner is the scratch CNN, the CNN when it is the gradient head), with its measured pace. Full runs
   * of it join the winner's seeds in the ensemble, alternating with them (final-model.ts); null when
   * the winner is on MobileNet or no such trial finished.
   */
  partner?: PartnerRecipe | null;
  /** The winner's retrain as this run's own training. */
  retrain: { epochs: number; fineTuneEpochs: number; plannedSeconds: number; config: RunConfig } | null;
  /** Date.now() when this attempt's search began: the budget's deadline is this plus budgetSeconds. */
  startedAt: number;
  /** Date.now() when the retrain began, so what is left after it can be sized in retrains. */
  retrainStartedAt: number | null;
  /**
   * Set once the retrain trained: which model the AUTO run keeps (its own retrain, the winning trial's
   * run or a run of the winner with another seed, whichever validated best) and why (final-model.ts).
   */
  final?: FinalChoice;
}

/** AutoSummary.partner. */
export interface PartnerRecipe {
  trialId: string;
  config: RecipeConfig;
  /** Its trial's measured seconds per head epoch and fixed seconds (see TrialRunFigures). */
  headEpochSeconds: number;
  fixedSeconds: number;
}

export interface AutoSearchContext {
  deps: ExecutorDeps;
  session: RunSession;
  /** The AUTO run's parsed config (strategy AUTO, auto set). */
  config: RunConfig;
  runName: string | null;
  dataset: RunDataset;
}

export interface TrialRunFigures {
  valAccuracy: number;
  valLoss: number;
  /** Mean seconds of one head epoch, and of one fine-tuning epoch (the head's when none ran). */
  headEpochSeconds: number;
  fineTuneEpochSeconds: number;
  /** Seconds of the trial that do not grow with its epochs: loading, embedding, evaluation, export. */
  fixedSeconds: number;
  /** Epochs the run recorded, over all its phases. */
  epochsTrained: number;
}

/** Runs the search and returns the config the AUTO run retrains as its own training. */
export async function searchAutoRun(ctx: AutoSearchContext): Promise<RunConfig> {
  const { deps, session, config } = ctx;
  const { db, log } = deps;
  const { lease } = session;
  const auto = config.auto;
  if (!auto) throw new Error(`run ${lease.runId} has strategy AUTO but no auto settings`);
  const started = performance.now();
  const deadline = started + auto.budgetSeconds * 1000;
  const secondsLeft = () => (deadline - performance.now()) / 1000;
  const whileHeld = { log, shouldStop: () => session.reason !== null };

  const summary: AutoSummary = {
    phase: "measuring",
    budgetSeconds: auto.budgetSeconds,
    measureSeconds: 0,
    searchSeconds: null,
    budgetExhausted: false,
    recommendation: null,
    trials: [],
    winner: null,
    retrain: null,
    startedAt: Date.now(),
    retrainStartedAt: null,
  };
  const save = () =>
    retryTransient(
      () =>
        db.run.updateMany({
          where: { id: lease.runId, status: "RUNNING", workerId: lease.workerId, attempt: lease.attempt },
          data: { autoSummary: summary as object },
        }),
      { what: `run ${lease.runId}: writing the search summary`, ...whileHeld },
    );

  // A previous attempt's trials are not resumed: the search starts over, so end any still open.
  for (const { runId } of await cancelUnfinishedTrials(db, lease.runId)) {
    log(`run ${lease.runId}: cancelled trial ${runId} left over from an earlier attempt`);
  }
  await save();

  const recommendation = await measure(ctx);
  summary.measureSeconds = (performance.now() - started) / 1000;
  summary.recommendation = { strategy: recommendation.strategy, reasons: recommendation.reasons };
  summary.phase = "searching";
  await save();
  session.throwIfStopped();

  const searchBudget = Math.floor(secondsLeft() * SEARCH_SHARE);
  if (searchBudget < 5) {
    throw new Error(
      `measuring the dataset took ${summary.measureSeconds.toFixed(0)} s of the ${auto.budgetSeconds}-s budget, leaving too little to search; raise auto.budgetSeconds`,
    );
  }
  const trials = trialsFromRecommendation(recommendation, auto.maxTrials);
  const figures = new Map<string, TrialRunFigures>();

  const result = await successiveHalving<RecipeConfig>({
    trials,
    budgetSeconds: searchBudget,
    minEpochs: auto.minEpochs,
    maxEpochs: AUTO_MAX_EPOCHS,
    eta: auto.eta,
    signal: session.signal,
    trainTrial: async (recipe, epochs, { trialId, rung, signal }) => {
      const trialConfig = runConfigOfRecipe(recipe, { parent: config, epochs });
      const child = await trainChildRun(
        { deps, session, summary, save },
        {
          trialId,
          rung,
          epochs,
          name: `${ctx.runName ?? "AUTO"} · ${trialId} · ${epochs} epochs`,
          config: trialConfig,
        },
        signal,
      );
      if (child.figures) {
        figures.set(`${trialId}#${rung}`, child.figures);
        // The fixed part lets the search size the next rung from the epochs' cost alone. A kernel
        // head is solved in closed form: another rung would repeat it, so the search may stop there.
        const { valAccuracy, valLoss, fixedSeconds } = child.figures;
        return { valAccuracy, valLoss, fixedSeconds, settled: headKindOf(trialConfig) === "kernel" };
      }
      if (signal.aborted) throw new TrainingAbortedError();
      // Failed or cancelled on its own: the trial ranks last instead of ending the whole search.
      return { valAccuracy: 0, valLoss: Number.POSITIVE_INFINITY };
    },
    onEvent: (event: SearchEvent<RecipeConfig>) => recordSearchEvent(summary.trials, event),
  }).catch((error: unknown) => {
    if (isAbortError(error)) session.throwIfStopped();
    throw error;
  });

  const best = result.winner.rungs.at(-1)!;
  const winnerRow = rowOf(summary.trials, result.winner.id, best.rung)!;
  if (winnerRow.status !== "finished") {
    throw new Error(`no trial of the search trained successfully (${summary.trials.length} trial runs failed)`);
  }
  crownWinner(winnerRow);
  summary.searchSeconds = result.elapsedSeconds;
  summary.budgetExhausted = result.budgetExhausted;
  summary.winner = {
    trialId: result.winner.id,
    runId: winnerRow.runId,
    config: result.winner.config,
    valAccuracy: best.metrics.valAccuracy,
    valLoss: best.metrics.valLoss,
    epochs: best.epochs,
    reason: result.reason,
  };
  let recipe = result.winner.config;
  let winnerPace = calibratedPace(
    figures.get(`${result.winner.id}#${best.rung}`)!,
    fittedRungPace(result.winner.rungs),
    recipe.backbone !== "scratch" && recipe.fineTuneBlocks > 0,
  );

  // The search compares recipes after a few epochs, where a CNN learning from scratch is far from its
  // best and a head on frozen features close to its own (Fashion-MNIST pullover vs coat: the scratch
  // recipe 0.505 after 3 epochs, dropped; the frozen head won with 0.790 and ended at 0.825, while the
  // scratch recipe trained in full validates 0.87-0.9). So when the search's winner is another
  // strategy than the one the measurements recommended, the recommended recipe also trains in full
  // (as a child run), and it becomes the winner if it then validates better than the winner did.
  const recommended = trials[0];
  if (recommended && recommended.id !== result.winner.id && strategyOf(recommended.config) !== strategyOf(recipe)) {
    const first = summary.trials.find((row) => row.trialId === recommended.id && row.status === "finished");
    const perEpoch = first?.seconds ? first.seconds / Math.max(1, first.epochs) : null;
    // At most half of what is left, so the winner's retrain still fits after it.
    const epochs = perEpoch ? Math.min(recommended.config.epochs, Math.floor((secondsLeft() * 0.45) / perEpoch)) : 0;
    if (epochs > best.epochs) {
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), Math.max(0, secondsLeft() * 0.6 * 1000));
      const onStop = () => stop.abort();
      session.signal.addEventListener("abort", onStop, { once: true });
      try {
        const child = await trainChildRun(
          { deps, session, summary, save },
          {
            trialId: recommended.id,
            rung: best.rung + 1,
            epochs,
            name: `${ctx.runName ?? "AUTO"} · ${recommended.id} · ${epochs} epochs (recommended, in full)`,
            config: runConfigOfRecipe(recommended.config, { parent: config, epochs }),
          },
          stop.signal,
        );
        session.throwIfStopped();
        if (child.figures && child.figures.valAccuracy > best.metrics.valAccuracy) {
          const previous = summary.winner;
          child.row.verdict = "winner";
          winnerRow.verdict = "promoted";
          summary.winner = {
            trialId: recommended.id,
            runId: child.row.runId,
            config: recommended.config,
            valAccuracy: child.figures.valAccuracy,
            valLoss: child.figures.valLoss,
            epochs,
            reason:
              `${recommended.id}, the recommended recipe, trained in full (${epochs} epochs) validated ${child.figures.valAccuracy.toFixed(3)}, ` +
              `above the search's winner ${previous.trialId} (${previous.valAccuracy.toFixed(3)} after ${previous.epochs} epochs), which the search's few epochs had favoured.`,
          };
          recipe = recommended.config;
          winnerPace = calibratedPace(child.figures, null, recipe.backbone !== "scratch" && recipe.fineTuneBlocks > 0);
        } else if (child.figures) {
          child.row.verdict = "not kept";
          child.row.note = `trained in full it validated ${child.figures.valAccuracy.toFixed(3)}, not above the winner's ${best.metrics.valAccuracy.toFixed(3)}`;
        }
        await save();
      } finally {
        clearTimeout(timer);
        session.signal.removeEventListener("abort", onStop);
      }
    }
  }

  summary.partner = partnerOf(recipe, trials, summary.trials, figures);

  // The retrain gets the recipe's epoch ceiling, cut to what the winner's measured epoch pace says
  // fits in the time left after its fixed costs (a tenth held back for it running slower than the trial).
  const fineTunes = recipe.backbone !== "scratch" && recipe.fineTuneBlocks > 0;
  const pace = winnerPace;
  const { headEpochs, fineTuneEpochs } = retrainEpochs(recipe, pace, secondsLeft() * 0.9 - pace.fixedSeconds);
  const retrain = runConfigOfRecipe(
    { ...recipe, epochs: headEpochs, fineTuneEpochs: fineTunes ? fineTuneEpochs : recipe.fineTuneEpochs },
    { parent: config, leaveOneOutValidation: leaveOneOutFits(recipe, ctx.dataset) },
  );
  summary.retrain = {
    epochs: headEpochs,
    fineTuneEpochs,
    plannedSeconds: pace.fixedSeconds + pace.headEpochSeconds * headEpochs + pace.fineTuneEpochSeconds * fineTuneEpochs,
    config: retrain,
  };
  summary.phase = "retraining";
  summary.retrainStartedAt = Date.now();
  await save();
  log(
    `run ${lease.runId}: AUTO search over ${trials.length} trials took ${result.elapsedSeconds.toFixed(1)} s; ` +
      `${result.reason} Retraining ${recipeId(recipe)} for ${headEpochs}${fineTunes ? ` + ${fineTuneEpochs}` : ""} epochs.`,
  );
  return retrain;
}

/** The row of a trial's rung in the trial table, once its child run exists. */
function rowOf(rows: readonly TrialRow[], trialId: string, rung: number): TrialRow | undefined {
  return rows.find((row) => row.trialId === trialId && row.rung === rung);
}

/** Writes one event of the search into the trial table: the verdict of each rung as it is judged. */
export function recordSearchEvent(rows: readonly TrialRow[], event: SearchEvent<unknown>): void {
  if (event.type === "trial-dropped") {
    const row = rowOf(rows, event.trialId, event.rung);
    if (row) {
      row.verdict = "dropped";
      row.note = event.reason;
    }
  } else if (event.type === "rung-finished") {
    for (const id of event.kept) {
      const row = rowOf(rows, id, event.rung);
      if (row) row.verdict = "promoted";
    }
  } else if (event.type === "budget-exhausted" && event.trial) {
    const last = event.trial.rungs.at(-1);
    const row = rowOf(rows, event.trial.id, last ? last.rung + 1 : 0);
    if (row) row.verdict = "out-of-budget";
  }
}

/** The note of a winner that a rung had dropped (see crownWinner). */
export const SETTLED_WINNER_NOTE =
  "a closed-form fit: not trained again at later rungs, where more epochs could not change it, and best at the last rung's comparison";

/**
 * Marks the winning trial's last row. A settled trial (a closed-form fit) may win from a rung that
 * dropped it, since its figures hold at every rung; the note of that cut no longer says what happened
 * to it, so it is replaced.
 */
export function crownWinner(row: TrialRow): void {
  if (row.verdict === "dropped") row.note = SETTLED_WINNER_NOTE;
  row.verdict = "winner";
}

/**
 * Whether a recipe's final runs fit on the validation images too and validate by leave-one-out: a
 * kernel head's, when there are validation images. It learns from every labelled image while each
 * validation image is still scored by a fit that never saw it, and the selection and trials stay on
 * held-out validation. On the development draws the kernel on train + validation gained 1-2 points
 * of test accuracy over the one on train alone (T-shirt vs shirt 0.865 → 0.8745, ten classes 0.858 →
 * 0.8725), more than its cross-fitted runs on two thirds of the validation images (0.864-0.874).
 */
export function leaveOneOutFits(recipe: Pick<RecipeConfig, "headKind">, dataset: Pick<RunDataset, "images">): boolean {
  return recipe.headKind === "kernel" && dataset.images.some((image) => image.split === "VAL");
}

/**
 * The families whose members an ensemble can average cheaply (no pretrained backbone in each member),
 * or null for MobileNet. Takes a recipe or a run config.
 */
export function ensembleFamily(recipe: { backbone: string }): "scratch" | "gradients" | null {
  return recipe.backbone === "scratch" || recipe.backbone === "gradients" ? recipe.backbone : null;
}

/**
 * The winner's partner for the ensemble (AutoSummary.partner): of the trials in the other family
 * without a pretrained backbone at the winner's input size, the one whose longest finished rung
 * validated best. The two families err differently: on development draws of Fashion-MNIST's train
 * file (disjoint from the held-out tasks; 2,000 test images each), averaging 3 gradient heads with
 * 1-3 scratch CNNs at equal weight scored 0.9215 / 0.8515 / 0.9745 / 0.8465 (pullover vs coat,
 * T-shirt vs shirt, sandal vs sneaker, ten classes) against 0.893 / 0.851 / 0.965 / 0.8315 for the
 * gradient heads and 0.912 / 0.842 / 0.9555 / 0.8305 for the CNNs alone.
 */
export function partnerOf(
  winner: RecipeConfig,
  trials: readonly { id: string; config: RecipeConfig }[],
  rows: readonly TrialRow[],
  figures: ReadonlyMap<string, TrialRunFigures>,
): PartnerRecipe | null {
  const own = ensembleFamily(winner);
  if (own === null) return null;
  let best: { trialId: string; config: RecipeConfig; row: TrialRow; figures: TrialRunFigures } | null = null;
  for (const trial of trials) {
    const family = ensembleFamily(trial.config);
    if (family === null || family === own || trial.config.inputSize !== winner.inputSize) continue;
    for (const row of rows) {
      const measured = figures.get(`${row.trialId}#${row.rung}`);
      if (row.trialId !== trial.id || row.status !== "finished" || row.valAccuracy === null || !measured) continue;
      const better =
        best === null ||
        (best.trialId === trial.id
          ? row.epochs > best.row.epochs
          : row.valAccuracy > best.row.valAccuracy! ||
            (row.valAccuracy === best.row.valAccuracy && row.epochs > best.row.epochs));
      if (better) best = { trialId: trial.id, config: trial.config, row, figures: measured };
    }
  }
  if (!best) return null;
  return {
    trialId: best.trialId,
    config: best.config,
    headEpochSeconds: best.figures.headEpochSeconds,
    fixedSeconds: best.figures.fixedSeconds,
  };
}

/** A recipe's strategy in Table 3-1's terms: a CNN from scratch, a head on fixed oriented-gradient features, a head on frozen MobileNet features, or fine-tuning. */
export function strategyOf(
  recipe: Pick<RecipeConfig, "backbone" | "fineTuneBlocks">,
): "scratch" | "gradients" | "frozen" | "fine-tune" {
  const family = ensembleFamily(recipe);
  if (family !== null) return family;
  return recipe.fineTuneBlocks > 0 ? "fine-tune" : "frozen";
}

/** What a child run of the AUTO run (a search trial, or the winner with another seed) needs from its parent. */
export interface ChildRunParent {
  deps: ExecutorDeps;
  session: RunSession;
  /** The parent's summary: the child's row is added to its trials and kept up to date. */
  summary: AutoSummary;
  save: () => Promise<unknown>;
}

export interface ChildRunSpec {
  trialId: string;
  rung: number;
  epochs: number;
  name: string;
  config: RunConfig;
  /** A wall-clock end for the child's training (ms since the epoch): it then stops and keeps its model. */
  stopTrainingAt?: number;
}

/**
 * Trains one child run of the AUTO run (parentRunId = the AUTO run) on this attempt's compute worker,
 * as its own real run, with a row in the parent's trial table. `signal` (the budget's end, or the
 * parent's own stop) stops the child, which then records CANCELLED, never "handed back": a child is
 * never trained outside its parent. Returns its figures when it SUCCEEDED, else null (row.status says why).
 */
export async function trainChildRun(
  parent: ChildRunParent,
  spec: ChildRunSpec,
  signal: AbortSignal,
): Promise<{ row: TrialRow; figures: TrialRunFigures | null }> {
  const { deps, session, summary, save } = parent;
  const { db, log } = deps;
  const { lease } = session;
  const entered = performance.now();
  const childLease = await retryTransient(
    () => startTrialRun(db, { parent: lease, name: spec.name, config: spec.config }),
    {
      what: `run ${lease.runId}: starting child run ${spec.trialId}`,
      log,
      shouldStop: () => session.reason !== null,
    },
  );
  const row: TrialRow = {
    trialId: spec.trialId,
    runId: childLease.runId,
    rung: spec.rung,
    epochs: spec.epochs,
    status: "running",
    valAccuracy: null,
    valLoss: null,
    seconds: null,
    verdict: null,
    note: null,
  };
  summary.trials.push(row);
  await save();
  const t0 = performance.now();
  let childSession: RunSession | null = null;
  const stopChild = () => {
    childSession?.abort("cancelled");
    void requestCancel(db, childLease.runId).catch(() => undefined);
  };
  signal.addEventListener("abort", stopChild, { once: true });
  let outcome: Awaited<ReturnType<typeof executeRun>>;
  try {
    outcome = await executeRun(
      deps,
      childLease,
      (s) => {
        childSession = s;
        if (signal.aborted) s.abort("cancelled");
      },
      { stopTrainingAt: spec.stopTrainingAt },
    );
  } finally {
    signal.removeEventListener("abort", stopChild);
  }
  row.seconds = (performance.now() - t0) / 1000;
  if (outcome === "SUCCEEDED") {
    const wallSeconds = (performance.now() - entered) / 1000;
    const figures = await trialFigures(deps, childLease.runId, spec.config, wallSeconds);
    row.status = "finished";
    row.valAccuracy = figures.valAccuracy;
    row.valLoss = figures.valLoss;
    // Said in the trial table: a run that reached its wall-clock end trained fewer epochs than listed.
    if (spec.stopTrainingAt !== undefined && figures.epochsTrained < spec.epochs)
      row.note = `stopped at the budget's end after ${figures.epochsTrained} of ${spec.epochs} epochs`;
    await save();
    return { row, figures };
  }
  if (signal.aborted) {
    row.status = session.signal.aborted ? "cancelled" : "out-of-budget";
    if (!session.signal.aborted) {
      await db.run
        .update({
          where: { id: childLease.runId },
          data: { error: "Stopped: the AUTO run's time budget ran out before this run finished." },
        })
        .catch(() => undefined);
    }
  } else {
    row.status = outcome === "CANCELLED" ? "cancelled" : "failed";
    row.note = `the run ended ${outcome}`;
  }
  await save();
  return { row, figures: null };
}

/** The version's stored recommendation, else measured now on a worker thread (and stored for the API). */
async function measure(ctx: AutoSearchContext): Promise<Recommendation> {
  const { deps, session, dataset } = ctx;
  const { db, blobs } = deps;
  const versionId = await db.run
    .findUniqueOrThrow({ where: { id: session.lease.runId }, select: { versionId: true } })
    .then((r) => r.versionId);
  const stored = await readStoredRecommendation(db, versionId, RECOMMENDER_VERSION);
  if (stored) return stored.result as Recommendation;
  const labelIndex = new Map(dataset.labels.map((label, i) => [label, i]));
  const images = dataset.images.map((image) => ({
    sha256: image.sha256,
    split: image.split === "TRAIN" ? ("train" as const) : ("val" as const),
    labels: image.labels.map((label) => labelIndex.get(label)!),
    read: () => blobs.get(image.blobKey),
  }));
  const nativeSize = await medianImageSide(
    db,
    dataset.images.map((image) => image.id),
  );
  const t0 = performance.now();
  const recommendation = await recommendInThread({
    labels: dataset.labels,
    classMode: dataset.classMode,
    nativeSize,
    images,
    signal: session.signal,
    onProgress: (stage, done, total) => {
      if (stage === "embed") session.progress({ stage: "embedding", pass: "images", done, total });
    },
  }).catch((error: unknown) => {
    if (isAbortError(error)) session.throwIfStopped();
    throw error;
  });
  await storeRecommendation(db, versionId, recommendation, (performance.now() - t0) / 1000);
  return recommendation;
}

/**
 * The winner's pace for sizing the retrain: its epoch timings, scaled up when the wall seconds of its
 * last two rungs (fittedRungPace) say an epoch costs more than they show, with the fixed part then
 * taken from that fit. A rung's "epoch" of a fine-tuning trial is one head and one fine-tuning epoch.
 * Never scaled down: a retrain that ends early leaves its time to the extra seeds (final-model.ts).
 */
export function calibratedPace(
  pace: TrialRunFigures,
  fitted: { perEpoch: number; fixed: number } | null,
  fineTunes: boolean,
): TrialRunFigures {
  const measured = pace.headEpochSeconds + (fineTunes ? pace.fineTuneEpochSeconds : 0);
  if (!fitted || !(measured > 0) || fitted.perEpoch <= measured) return pace;
  const scale = fitted.perEpoch / measured;
  return {
    ...pace,
    headEpochSeconds: pace.headEpochSeconds * scale,
    fineTuneEpochSeconds: pace.fineTuneEpochSeconds * scale,
    fixedSeconds: Math.min(pace.fixedSeconds, fitted.fixed),
  };
}

/**
 * Head and fine-tuning epochs for the retrain: the recipe's, cut to what `usableSeconds` holds at the
 * trial's measured epoch pace (a fine-tuning recipe gives at most half of it to the head), at least 1 each.
 */
export function retrainEpochs(
  recipe: Pick<RecipeConfig, "backbone" | "epochs" | "fineTuneBlocks" | "fineTuneEpochs">,
  pace: Pick<TrialRunFigures, "headEpochSeconds" | "fineTuneEpochSeconds">,
  usableSeconds: number,
): { headEpochs: number; fineTuneEpochs: number } {
  const usable = Math.max(0, usableSeconds);
  const fits = (seconds: number, each: number) => Math.max(1, Math.floor(seconds / Math.max(each, 1e-3)));
  const fineTunes = recipe.backbone !== "scratch" && recipe.fineTuneBlocks > 0;
  if (!fineTunes)
    return { headEpochs: Math.min(recipe.epochs, fits(usable, pace.headEpochSeconds)), fineTuneEpochs: 0 };
  const headEpochs = Math.min(recipe.epochs, fits(usable / 2, pace.headEpochSeconds));
  const rest = usable - headEpochs * pace.headEpochSeconds;
  return { headEpochs, fineTuneEpochs: Math.min(recipe.fineTuneEpochs, fits(rest, pace.fineTuneEpochSeconds)) };
}

/**
 * A finished trial's figures. Its epochs' own seconds (EpochMetric) are the per-epoch cost; the rest of
 * its wall time is fixed. A trial that stopped early ran fewer epochs than asked: the fixed part is then
 * what is left after the asked-for epochs at the measured pace, so the search never under-prices a rung.
 */
async function trialFigures(
  deps: ExecutorDeps,
  runId: string,
  trialConfig: RunConfig,
  wallSeconds: number,
): Promise<TrialRunFigures> {
  const [run, epochRows] = await Promise.all([
    deps.db.run.findUniqueOrThrow({ where: { id: runId }, select: { metrics: true } }),
    deps.db.epochMetric.findMany({ where: { runId }, select: { phase: true, seconds: true } }),
  ]);
  const metrics = (run.metrics ?? {}) as { valAccuracy?: number; valLoss?: number };
  const mean = (rows: { seconds: number }[]) =>
    rows.length > 0 ? rows.reduce((sum, row) => sum + row.seconds, 0) / rows.length : null;
  const head = epochRows.filter((row) => row.phase !== "fine-tune");
  const fine = epochRows.filter((row) => row.phase === "fine-tune");
  const headEpochSeconds = mean(head) ?? mean(epochRows) ?? 0;
  const fineTuneEpochSeconds = mean(fine) ?? headEpochSeconds;
  const askedFine =
    trialConfig.fineTuneBlocks > 0 && trialConfig.backbone !== "scratch" ? trialConfig.fineTuneEpochs : 0;
  // A kernel head's one solve is its only epoch, whatever epochs its rung lists.
  const askedHead = headKindOf(trialConfig) === "kernel" ? 1 : trialConfig.epochs;
  const epochsCost = headEpochSeconds * askedHead + fineTuneEpochSeconds * askedFine;
  return {
    valAccuracy: metrics.valAccuracy ?? 0,
    valLoss: metrics.valLoss ?? Number.POSITIVE_INFINITY,
    headEpochSeconds,
    fineTuneEpochSeconds,
    fixedSeconds: Math.max(0, wallSeconds - epochsCost),
    epochsTrained: epochRows.length,
  };
}

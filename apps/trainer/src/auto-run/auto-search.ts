// An AUTO run's search, on the trainer that holds the AUTO run. It measures the version (ml-core's
// recommendRunConfig on a worker thread, or the answer the API already stored), turns the
// recommendation's candidates into trials, and runs successive halving over them: every rung of
// every trial is a real run (parentRunId = the AUTO run) trained by the ordinary executor on this
// attempt's compute worker, so it has its own epochs, live curves, evaluation and model. The AUTO run
// then retrains the winner as its own training (the caller continues with the returned config), so
// the AUTO run ends as a normal run with the winner's model, figures and review.
//
// The budget is wall-clock for everything: measuring, the search, and the retrain (whose epochs are
// sized from the winner's measured pace). Cancelling the AUTO run cancels the trial that is training.

import {
  isAbortError,
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
  cancelUnfinishedTrials,
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
  /** Set once the rung is judged: promoted to the next rung, dropped, or the winner. */
  verdict: "promoted" | "dropped" | "winner" | "out-of-budget" | null;
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
  /** The winner's retrain as this run's own training. */
  retrain: { epochs: number; fineTuneEpochs: number; plannedSeconds: number; config: RunConfig } | null;
  /**
   * Set once the retrain trained: its validation accuracy against the winning trial's. The retrain
   * starts from zero, so it can end below the trial; the winning trial's run keeps its own model.
   */
  retrainOutcome?: { valAccuracy: number | null; winnerValAccuracy: number; belowWinner: boolean; note: string };
}

/**
 * After the retrain: records in the AUTO run's summary how its validation accuracy compares with the
 * winning trial's, and when it is lower says so in the winner's reason (the sentence the UI shows), so
 * the user knows the trial's run (kept, with its model) validated better than the AUTO run itself.
 */
export async function recordRetrainOutcome(
  deps: ExecutorDeps,
  session: RunSession,
  retrainValAccuracy: number | null,
): Promise<void> {
  const { db, log } = deps;
  const { lease } = session;
  const run = await db.run.findUniqueOrThrow({ where: { id: lease.runId }, select: { autoSummary: true } });
  const summary = run.autoSummary as AutoSummary | null;
  if (!summary?.winner) return;
  const winner = summary.winner;
  const belowWinner = retrainValAccuracy !== null && retrainValAccuracy < winner.valAccuracy;
  const note =
    retrainValAccuracy === null
      ? "The retrain had no validation split to compare with the winning trial."
      : belowWinner
        ? `The retrain reached validation accuracy ${retrainValAccuracy.toFixed(3)}, below the winning trial's ${winner.valAccuracy.toFixed(3)}; trial run ${winner.runId} keeps the better model.`
        : `The retrain reached validation accuracy ${retrainValAccuracy.toFixed(3)} (winning trial: ${winner.valAccuracy.toFixed(3)}).`;
  summary.retrainOutcome = {
    valAccuracy: retrainValAccuracy,
    winnerValAccuracy: winner.valAccuracy,
    belowWinner,
    note,
  };
  if (belowWinner) winner.reason = `${winner.reason} ${note}`;
  await retryTransient(
    () =>
      db.run.updateMany({
        where: { id: lease.runId, status: "RUNNING", workerId: lease.workerId, attempt: lease.attempt },
        data: { autoSummary: summary as object },
      }),
    { what: `run ${lease.runId}: writing the retrain's outcome`, log, shouldStop: () => session.reason !== null },
  );
  if (belowWinner) log(`run ${lease.runId}: ${note}`);
}

export interface AutoSearchContext {
  deps: ExecutorDeps;
  session: RunSession;
  /** The AUTO run's parsed config (strategy AUTO, auto set). */
  config: RunConfig;
  runName: string | null;
  dataset: RunDataset;
}

interface TrialRunFigures {
  valAccuracy: number;
  valLoss: number;
  /** Mean seconds of one head epoch, and of one fine-tuning epoch (the head's when none ran). */
  headEpochSeconds: number;
  fineTuneEpochSeconds: number;
  /** Seconds of the trial that do not grow with its epochs: loading, embedding, evaluation, export. */
  fixedSeconds: number;
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
  const rowOf = (trialId: string, rung: number) =>
    summary.trials.find((row) => row.trialId === trialId && row.rung === rung);

  const result = await successiveHalving<RecipeConfig>({
    trials,
    budgetSeconds: searchBudget,
    minEpochs: auto.minEpochs,
    eta: auto.eta,
    signal: session.signal,
    trainTrial: async (recipe, epochs, { trialId, rung, signal }) => {
      const entered = performance.now();
      const trialConfig = runConfigOfRecipe(recipe, { parent: config, epochs });
      const trialLease = await retryTransient(
        () =>
          startTrialRun(db, {
            parent: lease,
            name: `${ctx.runName ?? "AUTO"} · ${trialId} · ${epochs} epochs`,
            config: trialConfig,
          }),
        { what: `run ${lease.runId}: starting trial ${trialId}`, ...whileHeld },
      );
      const row: TrialRow = {
        trialId,
        runId: trialLease.runId,
        rung,
        epochs,
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
      // The budget's end or the AUTO run's cancel/shutdown stops the trial's own attempt, which then
      // records CANCELLED (never "handed back": a trial is never trained outside its search).
      let childSession: RunSession | null = null;
      const stopTrial = () => {
        childSession?.abort("cancelled");
        void requestCancel(db, trialLease.runId).catch(() => undefined);
      };
      signal.addEventListener("abort", stopTrial, { once: true });
      let outcome: Awaited<ReturnType<typeof executeRun>>;
      try {
        outcome = await executeRun(deps, trialLease, (s) => {
          childSession = s;
          if (signal.aborted) s.abort("cancelled");
        });
      } finally {
        signal.removeEventListener("abort", stopTrial);
      }
      row.seconds = (performance.now() - t0) / 1000;
      if (outcome === "SUCCEEDED") {
        const wallSeconds = (performance.now() - entered) / 1000;
        const measured = await trialFigures(deps, trialLease.runId, trialConfig, wallSeconds);
        figures.set(`${trialId}#${rung}`, measured);
        row.status = "finished";
        row.valAccuracy = measured.valAccuracy;
        row.valLoss = measured.valLoss;
        await save();
        // The fixed part lets the search size the next rung from the epochs' cost alone.
        return { valAccuracy: measured.valAccuracy, valLoss: measured.valLoss, fixedSeconds: measured.fixedSeconds };
      }
      if (signal.aborted) {
        row.status = session.signal.aborted ? "cancelled" : "out-of-budget";
        if (!session.signal.aborted) {
          await db.run
            .update({
              where: { id: trialLease.runId },
              data: { error: "Stopped: the AUTO run's time budget ran out before this trial finished." },
            })
            .catch(() => undefined);
        }
        await save();
        throw new TrainingAbortedError();
      }
      // Failed or cancelled on its own: the trial ranks last instead of ending the whole search.
      row.status = outcome === "CANCELLED" ? "cancelled" : "failed";
      row.note = `the trial run ended ${outcome}`;
      await save();
      return { valAccuracy: 0, valLoss: Number.POSITIVE_INFINITY };
    },
    onEvent: (event: SearchEvent<RecipeConfig>) => {
      if (event.type === "trial-dropped") {
        const row = rowOf(event.trialId, event.rung);
        if (row) {
          row.verdict = "dropped";
          row.note = event.reason;
        }
      } else if (event.type === "rung-finished") {
        for (const id of event.kept) {
          const row = rowOf(id, event.rung);
          if (row) row.verdict = "promoted";
        }
      } else if (event.type === "budget-exhausted" && event.trial) {
        const last = event.trial.rungs.at(-1);
        const row = rowOf(event.trial.id, last ? last.rung + 1 : 0);
        if (row) row.verdict = "out-of-budget";
      }
    },
  }).catch((error: unknown) => {
    if (isAbortError(error)) session.throwIfStopped();
    throw error;
  });

  const best = result.winner.rungs.at(-1)!;
  const winnerRow = rowOf(result.winner.id, best.rung)!;
  if (winnerRow.status !== "finished") {
    throw new Error(`no trial of the search trained successfully (${summary.trials.length} trial runs failed)`);
  }
  winnerRow.verdict = "winner";
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

  // The retrain gets the recipe's epoch ceiling, cut to what the winner's measured epoch pace says
  // fits in the time left after its fixed costs (a tenth held back for it running slower than the trial).
  const pace = figures.get(`${result.winner.id}#${best.rung}`)!;
  const recipe = result.winner.config;
  const fineTunes = recipe.backbone !== "scratch" && recipe.fineTuneBlocks > 0;
  const { headEpochs, fineTuneEpochs } = retrainEpochs(recipe, pace, secondsLeft() * 0.9 - pace.fixedSeconds);
  const retrain = runConfigOfRecipe(
    { ...recipe, epochs: headEpochs, fineTuneEpochs: fineTunes ? fineTuneEpochs : recipe.fineTuneEpochs },
    { parent: config },
  );
  summary.retrain = {
    epochs: headEpochs,
    fineTuneEpochs,
    plannedSeconds: pace.fixedSeconds + pace.headEpochSeconds * headEpochs + pace.fineTuneEpochSeconds * fineTuneEpochs,
    config: retrain,
  };
  summary.phase = "retraining";
  await save();
  log(
    `run ${lease.runId}: AUTO search over ${trials.length} trials took ${result.elapsedSeconds.toFixed(1)} s; ` +
      `${result.reason} Retraining ${recipeId(recipe)} for ${headEpochs}${fineTunes ? ` + ${fineTuneEpochs}` : ""} epochs.`,
  );
  return retrain;
}

/** The version's stored recommendation, else measured now on a worker thread (and stored for the API). */
async function measure(ctx: AutoSearchContext): Promise<Recommendation> {
  const { deps, session, dataset } = ctx;
  const { db, blobs } = deps;
  const versionId = await db.run
    .findUniqueOrThrow({ where: { id: session.lease.runId }, select: { versionId: true } })
    .then((r) => r.versionId);
  const stored = await readStoredRecommendation(db, versionId);
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
  const epochsCost = headEpochSeconds * trialConfig.epochs + fineTuneEpochSeconds * askedFine;
  return {
    valAccuracy: metrics.valAccuracy ?? 0,
    valLoss: metrics.valLoss ?? Number.POSITIVE_INFINITY,
    headEpochSeconds,
    fineTuneEpochSeconds,
    fixedSeconds: Math.max(0, wallSeconds - epochsCost),
  };
}

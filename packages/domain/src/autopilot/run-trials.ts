// The trials of an AUTO run and its search summary, as the trainer records them (Run.autoSummary,
// written as the search goes so the trial table grows live).

import type { Run } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";

export interface AutoTrialRow {
  trialId: string;
  runId: string;
  rung: number;
  epochs: number;
  status: string;
  valAccuracy: number | null;
  valLoss: number | null;
  seconds: number | null;
  verdict: string | null;
  note: string | null;
}

export interface AutoRunSummary {
  /** measuring, searching, retraining while RUNNING; done once the run SUCCEEDED; else the run's status. */
  phase: string;
  budgetSeconds: number;
  measureSeconds: number;
  searchSeconds: number | null;
  budgetExhausted: boolean;
  strategy: string | null;
  reasons: { field: string; sentence: string }[];
  trials: AutoTrialRow[];
  winnerTrialId: string | null;
  winnerRunId: string | null;
  winnerValAccuracy: number | null;
  /** Why the winner won, in a sentence (null until the search ended). */
  reason: string | null;
  retrainEpochs: number | null;
  retrainFineTuneEpochs: number | null;
  /** The settings the AUTO run retrained the winner with, as a createRun config. */
  retrainConfig: Record<string, unknown> | null;
}

interface StoredSummary {
  phase?: string;
  budgetSeconds?: number;
  measureSeconds?: number;
  searchSeconds?: number | null;
  budgetExhausted?: boolean;
  recommendation?: { strategy: string; reasons: { field: string; sentence: string }[] } | null;
  trials?: AutoTrialRow[];
  winner?: { trialId: string; runId: string; valAccuracy: number; reason: string } | null;
  retrain?: { epochs: number; fineTuneEpochs: number; config: Record<string, unknown> } | null;
}

/** An AUTO run's summary, or null for a MANUAL run (or an AUTO run no trainer has started). */
export function autoSummaryOf(run: Pick<Run, "status" | "autoSummary">): AutoRunSummary | null {
  const s = run.autoSummary as StoredSummary | null;
  if (!s) return null;
  const phase =
    run.status === "RUNNING"
      ? (s.phase ?? "measuring")
      : run.status === "SUCCEEDED"
        ? "done"
        : run.status.toLowerCase();
  let retrainConfig: Record<string, unknown> | null = null;
  if (s.retrain?.config) {
    const { seed: _seed, auto: _auto, ...rest } = s.retrain.config;
    retrainConfig = rest;
  }
  return {
    phase,
    budgetSeconds: s.budgetSeconds ?? 0,
    measureSeconds: s.measureSeconds ?? 0,
    searchSeconds: s.searchSeconds ?? null,
    budgetExhausted: s.budgetExhausted ?? false,
    strategy: s.recommendation?.strategy ?? null,
    reasons: s.recommendation?.reasons ?? [],
    trials: (s.trials ?? []).map((t) => ({ ...t, valLoss: Number.isFinite(t.valLoss) ? t.valLoss : null })),
    winnerTrialId: s.winner?.trialId ?? null,
    winnerRunId: s.winner?.runId ?? null,
    winnerValAccuracy: s.winner?.valAccuracy ?? null,
    reason: s.winner?.reason ?? null,
    retrainEpochs: s.retrain?.epochs ?? null,
    retrainFineTuneEpochs: s.retrain?.fineTuneEpochs ?? null,
    retrainConfig,
  };
}

/** The trial runs of a run, oldest first ([] for a MANUAL run). Access is the parent's: check it first. */
export function trialRunsOf(prisma: Caller["prisma"], runId: string): Promise<Run[]> {
  return prisma.run.findMany({ where: { parentRunId: runId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

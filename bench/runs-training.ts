// Reference-shaped runs on the two-class sample from createRun to SUCCEEDED,
// as a client sees them (a graphql-ws subscriber's clock), through a real
// trainer process: first with a cold embedding cache, then a second run with
// a different head on the same data and backbone, which must find every
// embedding (plain and augmented) in the shared Postgres cache.
import { type BenchTeam, connectWs, createRun, nowMs, type UploadedSample, watchRun } from "./lib/runs-client.ts";
import type { RunsStack, TrainerHandle } from "./lib/runs-stack.ts";

export type Report = (key: string, value: unknown, note?: string) => void;

/** Long enough for a 224 px run with augmentation on two busy cores; a hung run must still end the bench. */
const RUN_TIMEOUT_MS = 90 * 60_000;

export interface TimedRun {
  runId: string;
  /** createRun sent → SUCCEEDED received by the subscriber. */
  wallSeconds: number;
  /** createRun sent → RUNNING received (queue pick-up). */
  queueSeconds: number;
  /** RUNNING → first training batch received: dataset load, backbone, embedding pass. */
  untilTrainingSeconds: number;
  /** First training batch → SUCCEEDED: head epochs, evaluation, label issues, model save. */
  afterEmbeddingSeconds: number;
  epochsReceived: number[];
  valAccuracy: number;
  valCount: number;
  /** Embedding lookups the trainer made and how many the shared cache answered (its run metrics). */
  embeddingLookups: number;
  embeddingCacheHits: number;
  /** The trainer's own stage timings, seconds. */
  trainerSeconds: Record<string, number>;
}

async function timedRun(
  stack: RunsStack,
  team: BenchTeam,
  trainer: TrainerHandle,
  versionId: string,
  name: string,
  config: Record<string, unknown>,
): Promise<TimedRun> {
  const ws = await connectWs(stack.api, team.token);
  try {
    const started = nowMs();
    const runId = await createRun(team, versionId, name, config);
    let runningAt: number | null = null;
    let firstTrainingAt: number | null = null;
    let finalStatus: string | null = null;
    let finishedAt = 0;
    const epochsReceived: number[] = [];
    const watch = watchRun(ws, runId, (update, at) => {
      if (update.status === "RUNNING") runningAt ??= at;
      if (update.kind === "PROGRESS" && update.progress?.stage === "TRAINING") firstTrainingAt ??= at;
      if (update.kind === "EPOCH" && update.epoch) epochsReceived.push(update.epoch.epoch);
      if (update.status && ["SUCCEEDED", "FAILED", "CANCELLED"].includes(update.status)) {
        finalStatus = update.status;
        finishedAt = at;
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Run "${name}" did not finish within ${RUN_TIMEOUT_MS / 60_000} min.`)),
        RUN_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([watch.finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
    if (finalStatus !== "SUCCEEDED" || runningAt === null || firstTrainingAt === null) {
      throw new Error(
        `Run "${name}" ended ${finalStatus ?? "without a final status"}. Trainer output:\n${trainer.output().slice(-4000)}`,
      );
    }

    const data = await team.gql.data(`query ($id: ID!) { run(id: $id) { status evaluation { accuracy count } } }`, {
      id: runId,
    });
    const { rows } = await stack.sql.query<{
      metrics: { embeddingCache?: { hits: number; lookups: number }; seconds?: Record<string, number> };
    }>('SELECT metrics FROM "Run" WHERE id = $1', [runId]);
    const metrics = rows[0]?.metrics ?? {};
    const round = (s: number) => Math.round(s * 100) / 100;
    return {
      runId,
      wallSeconds: round((finishedAt - started) / 1000),
      queueSeconds: round((runningAt - started) / 1000),
      untilTrainingSeconds: round((firstTrainingAt - runningAt) / 1000),
      afterEmbeddingSeconds: round((finishedAt - firstTrainingAt) / 1000),
      epochsReceived,
      valAccuracy: data.run.evaluation.accuracy,
      valCount: data.run.evaluation.count,
      embeddingLookups: metrics.embeddingCache?.lookups ?? Number.NaN,
      embeddingCacheHits: metrics.embeddingCache?.hits ?? Number.NaN,
      trainerSeconds: Object.fromEntries(Object.entries(metrics.seconds ?? {}).map(([stage, s]) => [stage, round(s)])),
    };
  } finally {
    await ws.dispose();
  }
}

export interface TrainingFigures {
  cold: TimedRun;
  warm: TimedRun;
  /** The config both runs share apart from the head. */
  baseConfig: Record<string, unknown>;
}

export async function benchRunTraining(
  stack: RunsStack,
  team: BenchTeam,
  sample: UploadedSample,
  trainer: TrainerHandle,
  inputSize: number,
  report: Report,
): Promise<TrainingFigures> {
  // The reference shape: batch 64, Adam 1e-3, head 64 + dropout 0.5, default augmentation, all from
  // createRun's defaults; only the input size and a fixed seed (so both runs embed identical variants) are set.
  const baseConfig = { backbone: "mobilenet_v2", inputSize, epochs: 10, seed: 11 };
  const shape = `${sample.trainCount} train + ${sample.valCount} val at ${inputSize} px, 10 epochs, augmentation on`;

  const cold = await timedRun(stack, team, trainer, sample.versionId, "bench cold cache", baseConfig);
  const coldComputed = cold.embeddingLookups - cold.embeddingCacheHits;
  report(
    `runs_cold_cache_run_${inputSize}px_wall_seconds`,
    cold.wallSeconds,
    `${shape}; createRun -> SUCCEEDED seen by a subscriber`,
  );
  report(`runs_cold_cache_run_${inputSize}px_val_accuracy`, cold.valAccuracy, `on ${cold.valCount} val images`);
  report(
    `runs_cold_cache_run_${inputSize}px_detail`,
    cold,
    `${coldComputed} embeddings computed, ${cold.embeddingCacheHits} from cache`,
  );

  const warmConfig = { ...baseConfig, headUnits: 128, dropout: 0.3 };
  // Where a run's train stage went (decode, augmentation, embedding, epochs, waits on the main thread), from the trainer's log.
  const printTrainStage = (runId: string) => {
    for (const line of trainer
      .output()
      .split("\n")
      .filter((l) => l.includes(runId) && l.includes("train stage")))
      console.log(`trainer: ${line.trim()}`);
  };
  printTrainStage(cold.runId);
  // BENCH_WARM_RUNS=N repeats the warm run (each a new run of the same config) to show its spread on a
  // shared machine; the first is the reported figure.
  const warmRuns = Math.max(1, Number(process.env.BENCH_WARM_RUNS ?? 1) || 1);
  const warms: TimedRun[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const run = await timedRun(stack, team, trainer, sample.versionId, "bench warm cache", warmConfig);
    printTrainStage(run.runId);
    warms.push(run);
  }
  const warm = warms[0]!;
  const warmComputed = warm.embeddingLookups - warm.embeddingCacheHits;
  report(
    `runs_warm_cache_run_${inputSize}px_wall_seconds`,
    warm.wallSeconds,
    `same data and backbone, head 128 units + dropout 0.3`,
  );
  report(`runs_warm_cache_run_${inputSize}px_val_accuracy`, warm.valAccuracy, `on ${warm.valCount} val images`);
  report(
    `runs_warm_cache_run_${inputSize}px_embeddings_computed`,
    warmComputed,
    `${warm.embeddingCacheHits}/${warm.embeddingLookups} lookups answered by the shared cache` +
      (warmComputed === 0 ? ": the embedding pass was skipped" : ": NOT a full skip"),
  );
  report(`runs_warm_cache_run_${inputSize}px_detail`, warm);
  if (warms.length > 1) {
    report(
      `runs_warm_cache_run_${inputSize}px_wall_seconds_each`,
      warms.map((run) => run.wallSeconds),
      `BENCH_WARM_RUNS=${warms.length}; val accuracy ${[...new Set(warms.map((run) => run.valAccuracy))].join(", ")}`,
    );
  }
  return { cold, warm, baseConfig };
}

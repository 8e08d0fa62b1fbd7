import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Backbone,
  backboneSpec,
  type ClassMode,
  classificationReport,
  cutBackbone,
  decodeImage,
  type EmbeddingStore,
  embedAtCuts,
  ensembleModelFiles,
  exportModel,
  fittedRungPace,
  imagesToBatch,
  importModel,
  type LabelledImage,
  loadBackbone,
  MemoryEmbeddingStore,
  MOBILENET_CUTS,
  type MobileNetCut,
  type ModelManifest,
  pixelBaseline,
  predictVectors,
  REFERENCE_PRESET,
  type RecipeConfig,
  type Recommendation,
  recipeId,
  recommendRunConfig,
  successiveHalving,
  trainClassifier,
  trainConfigOf,
  trialsFromRecommendation,
} from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";
import { type HeldoutTask, loadHeldoutTask } from "./lib/heldout-tasks.ts";

export const HELDOUT_TASKS = [
  "ten-class-100",
  "pullover-vs-coat-250",
  "tshirt-vs-shirt-250",
  "sandal-vs-sneaker-250",
] as const;
/**
 * Development draws of the same kinds (make-heldout-tasks.ts, 2,000 test images each): recipes are
 * compared and tuned on these, never on the tasks above. Named in HEADSTART_AUTOPILOT_TASKS only.
 */
export const DEVELOPMENT_TASKS = [
  "ten-class-dev",
  "pullover-vs-coat-dev",
  "tshirt-vs-shirt-dev",
  "sandal-vs-sneaker-dev",
] as const;
/** Fashion-MNIST's native side. */
const NATIVE_SIZE = 28;
const MOBILENET_SIZE = 96;
const SEED = 1;
/** An AUTO run's defaults (packages/runs' DEFAULT_AUTO_CONFIG) and the trainer's search share (auto-search.ts). */
const AUTO = { budgetSeconds: 600, maxTrials: 4, minEpochs: 3, eta: 3, searchShare: 0.6 } as const;
const PARTS = ["reference", "recommended", "auto"] as const;

type Report = (key: string, value: unknown, note?: string) => void;

const accuracy = (probabilities: Float32Array[], images: readonly LabelledImage[], labels: string[]) =>
  classificationReport(
    probabilities,
    images.map((i) => i.labels[0]),
    labels,
  ).accuracy;

/** Full-model probabilities (pixels in) for images decoded at `size`. */
async function predictPixels(
  model: tf.LayersModel,
  images: readonly LabelledImage[],
  size: number,
  classMode: ClassMode,
) {
  const out: Float32Array[] = [];
  for (let start = 0; start < images.length; start += 64) {
    const batch = images.slice(start, start + 64);
    const decoded = await Promise.all(batch.map(async (i) => decodeImage(await i.read(), { size })));
    const probs = tf.tidy(() => model.predict(imagesToBatch(decoded)) as tf.Tensor);
    const values = (await probs.data()) as Float32Array;
    probs.dispose();
    const units = values.length / batch.length;
    for (let i = 0; i < batch.length; i++) {
      out.push(
        classMode === "binary" ? Float32Array.of(1 - values[i], values[i]) : values.slice(i * units, (i + 1) * units),
      );
    }
  }
  return out;
}

interface RunFigures {
  valAccuracy: number;
  /** The last epoch's validation loss, as the trainer's Run.metrics.valLoss. */
  valLoss: number;
  testAccuracy: number;
  wallSeconds: number;
  /** Seconds of training epochs (the rest is loading, embedding and evaluation). */
  trainSeconds: number;
  epochsRun: number;
  bestEpoch: number;
  /**
   * With RunOptions.keep: the trained model, to score on the test split once chosen (or to join an
   * ensemble: its full model, its validation images and probabilities), then dispose.
   */
  kept?: {
    testAccuracy: () => Promise<number>;
    dispose: () => void;
    model: tf.LayersModel;
    inputSize: number;
    validation: { images: readonly LabelledImage[]; probabilities: Float32Array[] };
  };
}

/** Test embeddings at every cut, computed on first use (only frozen recipes are scored through them). */
type TestFeatures = () => Promise<Map<MobileNetCut, Float32Array[]>>;

interface RunOptions {
  /** false for search trials: only validation figures pick a winner, so the test split is not read. */
  scoreTest?: boolean;
  /** Keep the trained model: the figures come with `kept`, to score the test split later (or never) and dispose. */
  keep?: boolean;
  /** Training seed (default SEED). */
  seed?: number;
  /** Embedding cache; the trainer keeps one across runs of a version, so AUTO's trials share one. */
  store?: EmbeddingStore;
  signal?: AbortSignal;
}

/**
 * Trains one recipe on the task and scores it on the test split. Frozen recipes are scored through
 * their head on test embeddings at the recipe's cut (computed once per task); anything that changes
 * the backbone is scored through the full model.
 */
export async function runRecipe(
  task: HeldoutTask,
  recipe: RecipeConfig,
  mobilenet: Backbone,
  testFeatures: TestFeatures,
  options: RunOptions = {},
): Promise<RunFigures> {
  const started = performance.now();
  const seed = options.seed ?? SEED;
  const config = trainConfigOf(recipe, seed);
  let backbone: Backbone;
  let owned = false;
  if (recipe.backbone === "scratch" || recipe.backbone === "gradients") {
    backbone = await loadBackbone(backboneSpec(recipe.backbone, { inputSize: recipe.inputSize }), { seed });
    owned = true;
  } else if (recipe.fineTuneBlocks > 0) {
    // Fine-tuning changes the backbone's weights in place: a fresh copy per run.
    backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: recipe.inputSize }));
    owned = true;
  } else {
    backbone = cutBackbone(mobilenet, recipe.featureLayer ?? "out_relu");
  }
  const result = await trainClassifier({
    images: task.images,
    labels: task.labels,
    classMode: task.classMode,
    backbone,
    config,
    store: options.store ?? new MemoryEmbeddingStore(),
    signal: options.signal,
  }).catch((error: unknown) => {
    if (owned) backbone.dispose();
    throw error;
  });
  const dispose = () => {
    result.dispose();
    if (owned) backbone.dispose();
  };
  const frozen = recipe.backbone === "mobilenet_v2" && recipe.fineTuneBlocks === 0;
  const testAccuracy = async () => {
    const probabilities = frozen
      ? await predictVectors(
          result.head,
          task.classMode,
          (await testFeatures()).get(recipe.featureLayer ?? "out_relu")!,
        )
      : await predictPixels(result.model, task.test, recipe.inputSize, task.classMode);
    return accuracy(probabilities, task.test, task.labels);
  };
  try {
    const valAccuracy = accuracy(result.validation.probabilities, result.validation.images, task.labels);
    const scoreTest = (options.scoreTest ?? true) && !options.keep;
    return {
      valAccuracy,
      valLoss: result.history.at(-1)?.valLoss ?? Number.POSITIVE_INFINITY,
      testAccuracy: scoreTest ? await testAccuracy() : Number.NaN,
      wallSeconds: (performance.now() - started) / 1000,
      trainSeconds: result.history.reduce((sum, h) => sum + h.seconds, 0),
      epochsRun: result.history.length,
      bestEpoch: result.bestEpoch,
      kept: options.keep
        ? {
            testAccuracy,
            dispose,
            model: result.model,
            inputSize: recipe.inputSize,
            validation: {
              images: result.validation.images,
              probabilities: result.validation.probabilities.map((p) => Float32Array.from(p)),
            },
          }
        : undefined,
    };
  } finally {
    if (!options.keep) dispose();
  }
}

interface AutoFigures {
  /** The kept model's figures (test scored for it alone). */
  run: RunFigures;
  winner: string;
  reason: string;
  trials: string;
  searchSeconds: number;
  retrainEpochs: number;
  retrainSeconds: number;
  /** Which model the run kept (retrain, winning trial or a seed) and the others' validation accuracy. */
  kept: string;
  wallSeconds: number;
}

/** The trainer's final-model.ts: at most this many extra seeds, started only with this much time to spare. */
const EXTRA_SEEDS = { max: 5, stride: 7919, margin: 1.15, saveReserveSeconds: 5 } as const;

/**
 * The trainer's ensemble-model.ts: the retrain and the seeds merged into one saved model (ml-core's
 * ensembleModelFiles), its validation figure from the members' mean probabilities (as the trainer
 * computes it from their stored predictions) and its test figure from the merged model itself.
 */
export async function ensembleOf(task: HeldoutTask, members: RunFigures[]) {
  const kept = members.map((m) => m.kept!);
  const first = kept[0];
  for (const member of kept) {
    if (member.validation.images.some((image, i) => image.sha256 !== first.validation.images[i]?.sha256)) {
      throw new Error("ensemble members were validated on different images");
    }
  }
  const classes = first.validation.probabilities[0].length;
  const mean = first.validation.probabilities.map((_, i) => {
    const row = new Float32Array(classes);
    for (const member of kept)
      for (let c = 0; c < classes; c++) row[c] += member.validation.probabilities[i][c] / kept.length;
    return row;
  });
  const valAccuracy = accuracy(mean, first.validation.images, task.labels);
  const manifest: ModelManifest = {
    format: "headstart-classifier",
    formatVersion: 1,
    kind: "full",
    labels: task.labels,
    classMode: task.classMode,
    inputSize: first.inputSize,
    // Only for exportModel: every member applies its own preprocessing inside the merged model.
    preprocessing: "inside each member",
    backbone: { id: "ensemble", version: "1", featureSize: 0 },
    threshold: 0.5,
    metrics: {},
  };
  const files = await Promise.all(kept.map((member) => exportModel(member.model, manifest)));
  const merged = ensembleModelFiles(files);
  const { model } = await importModel({ ...merged, "manifest.json": files[0]["manifest.json"] });
  try {
    const testAccuracy = accuracy(
      await predictPixels(model, task.test, first.inputSize, task.classMode),
      task.test,
      task.labels,
    );
    return { valAccuracy, testAccuracy };
  } finally {
    model.dispose();
  }
}

/**
 * An AUTO run as apps/trainer/src/auto-run/auto-search.ts and final-model.ts run it, without the
 * database: the budget covers measuring (the recommendation's own measured seconds are charged to
 * it), a successive-halving search over the recommendation's candidates with 60% of what is left
 * (every rung a full trainClassifier run that its signal can stop), the winner retrained with the
 * epochs its measured epoch pace fits into 90% of the rest after its fixed seconds, then, while the
 * budget holds another retrain, the winner with other seeds (and as many epochs as the retrain's own
 * pace fits, up to the recipe's). The ensemble of the retrain and the seeds (one merged model) is kept
 * unless the retrain, the winning trial or a seed validates strictly better. Only validation figures
 * choose; the test split is read once, for the kept model. It is a replay on one thread: the trainer
 * also cross-fits its ensemble's seeds on the validation folds and trains them two at a time on a
 * spare worker, which this does not; bench/autopilot-trainer.ts measures the product's own AUTO run.
 */
async function runAuto(
  task: HeldoutTask,
  recommendation: Recommendation,
  measureSeconds: number,
  mobilenet: Backbone,
  testFeatures: TestFeatures,
): Promise<AutoFigures> {
  const started = performance.now() - measureSeconds * 1000;
  const deadline = started + AUTO.budgetSeconds * 1000;
  const secondsLeft = () => (deadline - performance.now()) / 1000;
  const store = new MemoryEmbeddingStore();
  const paces = new Map<string, { perEpoch: number; fixedSeconds: number }>();
  const trained = new Map<string, RunFigures>();
  try {
    const search = await successiveHalving<RecipeConfig>({
      trials: trialsFromRecommendation(recommendation, AUTO.maxTrials),
      budgetSeconds: Math.floor(secondsLeft() * AUTO.searchShare),
      minEpochs: AUTO.minEpochs,
      eta: AUTO.eta,
      trainTrial: async (recipe, epochs, { trialId, rung, signal }) => {
        // A rung's budget is in epochs; a fine-tuning trial spends as many fine-tuning as head epochs.
        const trial = { ...recipe, epochs, fineTuneEpochs: recipe.fineTuneBlocks > 0 ? epochs : recipe.fineTuneEpochs };
        const figures = await runRecipe(task, trial, mobilenet, testFeatures, { store, signal, keep: true });
        // Only the latest rung of a trial can be the winner's model: the earlier one is let go.
        trained.get(`${trialId}#${rung - 1}`)?.kept?.dispose();
        trained.delete(`${trialId}#${rung - 1}`);
        trained.set(`${trialId}#${rung}`, figures);
        // The epochs' own seconds are the per-epoch cost; the rest (embedding, evaluation) is fixed. An
        // early-stopped trial is priced as if it had run every epoch asked, so no rung is under-priced.
        const perEpoch = figures.trainSeconds / Math.max(1, figures.epochsRun);
        const asked =
          trial.epochs + (recipe.backbone !== "scratch" && recipe.fineTuneBlocks > 0 ? trial.fineTuneEpochs : 0);
        const fixedSeconds = Math.max(0, figures.wallSeconds - perEpoch * asked);
        paces.set(`${trialId}#${rung}`, { perEpoch, fixedSeconds });
        // A kernel head is solved in closed form: another rung would repeat it (TrialMetrics.settled).
        return {
          valAccuracy: figures.valAccuracy,
          valLoss: figures.valLoss,
          fixedSeconds,
          settled: recipe.headKind === "kernel",
        };
      },
    });
    const best = search.winner.rungs.at(-1)!;
    const winnerKey = `${search.winner.id}#${best.rung}`;
    for (const [key, figures] of trained) {
      if (key === winnerKey) continue;
      figures.kept?.dispose();
      trained.delete(key);
    }
    const recipe = search.winner.config;
    const fineTunes = recipe.backbone !== "scratch" && recipe.fineTuneBlocks > 0;
    // As auto-search.ts's calibratedPace: the epoch timings, scaled up to what the last two rungs' wall
    // seconds show an epoch costs (a fine-tuning rung's epoch is one head and one fine-tuning epoch).
    const measured = paces.get(winnerKey)!;
    const fitted = fittedRungPace(search.winner.rungs);
    const rungEpoch = measured.perEpoch * (fineTunes ? 2 : 1);
    const pace =
      fitted && rungEpoch > 0 && fitted.perEpoch > rungEpoch
        ? {
            perEpoch: fitted.perEpoch / (fineTunes ? 2 : 1),
            fixedSeconds: Math.min(measured.fixedSeconds, fitted.fixed),
          }
        : measured;
    const fitting = Math.max(1, Math.floor((secondsLeft() * 0.9 - pace.fixedSeconds) / Math.max(pace.perEpoch, 1e-3)));
    const headEpochs = Math.min(recipe.epochs, fineTunes ? Math.max(1, Math.ceil(fitting / 2)) : fitting);
    const fineTuneEpochs = fineTunes ? Math.min(recipe.fineTuneEpochs, Math.max(1, fitting - headEpochs)) : 0;
    const retrain = {
      ...recipe,
      epochs: headEpochs,
      fineTuneEpochs: fineTunes ? fineTuneEpochs : recipe.fineTuneEpochs,
    };
    const retrained = await runRecipe(task, retrain, mobilenet, testFeatures, { store, keep: true });
    trained.set("retrain", retrained);
    const candidates: { label: string; figures: RunFigures }[] = [
      { label: "retrain", figures: retrained },
      { label: `winning trial ${search.winner.id}`, figures: trained.get(winnerKey)! },
    ];

    // Extra seeds of the winner while the budget holds another retrain (final-model.ts).
    const retrainSeconds = retrained.wallSeconds;
    for (let k = 1; k <= EXTRA_SEEDS.max; k++) {
      const left = secondsLeft() - EXTRA_SEEDS.saveReserveSeconds;
      if (left < retrainSeconds * EXTRA_SEEDS.margin) break;
      const perEpoch = retrainSeconds / Math.max(1, headEpochs);
      const epochs = fineTunes
        ? headEpochs
        : Math.max(headEpochs, Math.min(recipe.epochs, Math.floor(left / EXTRA_SEEDS.margin / perEpoch)));
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), Math.max(0, deadline - performance.now()));
      try {
        const figures = await runRecipe(task, { ...retrain, epochs }, mobilenet, testFeatures, {
          store,
          keep: true,
          signal: stop.signal,
          seed: (SEED + k * EXTRA_SEEDS.stride) % (2 ** 31 - 1),
        });
        trained.set(`seed${k}`, figures);
        candidates.push({ label: `seed ${k} (${epochs} ep)`, figures });
      } catch (error) {
        // Stopped at the budget's end: an unfinished run is not compared.
        if (!stop.signal.aborted) throw error;
        break;
      } finally {
        clearTimeout(timer);
      }
    }
    // Highest validation accuracy, then lowest validation loss, then the earliest (the retrain first).
    let keptCandidate = candidates[0];
    for (const c of candidates.slice(1)) {
      const k = keptCandidate.figures;
      if (
        c.figures.valAccuracy > k.valAccuracy ||
        (c.figures.valAccuracy === k.valAccuracy && c.figures.valLoss < k.valLoss)
      )
        keptCandidate = c;
    }
    // The retrain and the seeds as one averaged model, kept unless a single model validates strictly better.
    const members = [retrained, ...candidates.filter((c) => c.label.startsWith("seed")).map((c) => c.figures)];
    const ensemble = members.length >= 2 && recipe.backbone !== "mobilenet_v2" ? await ensembleOf(task, members) : null;
    let run: RunFigures;
    let keptLabel: string;
    if (ensemble && ensemble.valAccuracy >= keptCandidate.figures.valAccuracy) {
      run = { ...retrained, valAccuracy: ensemble.valAccuracy, testAccuracy: ensemble.testAccuracy };
      keptLabel = `the ensemble of ${members.length}`;
    } else {
      run = { ...keptCandidate.figures, testAccuracy: await keptCandidate.figures.kept!.testAccuracy() };
      keptLabel = keptCandidate.label;
    }
    const compared = [
      ...candidates.map((c) => `${c.label} ${c.figures.valAccuracy.toFixed(3)}`),
      ...(ensemble ? [`ensemble of ${members.length} ${ensemble.valAccuracy.toFixed(3)}`] : []),
    ];
    return {
      run,
      winner: recipeId(recipe),
      reason: search.reason,
      trials: search.trials
        .map(
          (t) =>
            `${t.id}: ${t.rungs.map((r) => `${r.epochs} ep ${r.metrics.valAccuracy.toFixed(3)}`).join(", ")} (${t.status})`,
        )
        .join("; "),
      searchSeconds: search.elapsedSeconds,
      retrainEpochs: headEpochs + fineTuneEpochs,
      retrainSeconds,
      kept: `kept ${keptLabel}; by validation: ${compared.join(", ")}`,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const figures of trained.values()) figures.kept?.dispose();
  }
}

export async function autopilotBenchmarks(report: Report): Promise<void> {
  const wanted = process.env.HEADSTART_AUTOPILOT_TASKS?.split(",")
    .map((t) => t.trim())
    .filter(Boolean) ?? [...HELDOUT_TASKS];
  const parts = new Set(
    process.env.HEADSTART_AUTOPILOT_PARTS?.split(",")
      .map((p) => p.trim())
      .filter(Boolean) ?? PARTS,
  );
  for (const part of parts) {
    if (!(PARTS as readonly string[]).includes(part))
      throw new Error(`HEADSTART_AUTOPILOT_PARTS: unknown part "${part}"; choose from ${PARTS.join(", ")}`);
  }
  const mobilenet = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: MOBILENET_SIZE }));
  try {
    for (const name of wanted) {
      const task = await loadHeldoutTask(name);
      const key = name.replaceAll("-", "_");
      const taskStarted = performance.now();
      report(`autopilot_${key}_load_average_1m`, loadavg()[0]);

      const baseline = await pixelBaseline({
        images: task.images,
        labels: task.labels,
        classMode: task.classMode,
        test: task.test,
        size: NATIVE_SIZE,
      });
      report(
        `autopilot_${key}_pixel_baseline_test_accuracy`,
        baseline.test!.accuracy,
        `val ${baseline.val!.accuracy.toFixed(3)}, ${baseline.seconds.toFixed(1)} s, L2 ${baseline.l2}`,
      );

      let features: Promise<Map<MobileNetCut, Float32Array[]>> | null = null;
      const testFeatures: TestFeatures = () => {
        features ??= (async () => {
          const started = performance.now();
          const embedded = await embedAtCuts(mobilenet, task.test, MOBILENET_CUTS);
          report(
            `autopilot_${key}_test_embed_img_per_s`,
            task.test.length / ((performance.now() - started) / 1000),
            `${task.test.length} test images at ${MOBILENET_SIZE} px, 4 cuts in one pass`,
          );
          return embedded;
        })();
        return features;
      };

      if (parts.has("reference")) {
        const reference = await runRecipe(task, REFERENCE_PRESET.config, mobilenet, testFeatures);
        report(
          `autopilot_${key}_reference_test_accuracy`,
          reference.testAccuracy,
          `${REFERENCE_PRESET.title} at ${MOBILENET_SIZE} px; val ${reference.valAccuracy.toFixed(3)}, ${reference.wallSeconds.toFixed(0)} s`,
        );
      }

      const embedStarted = performance.now();
      const recommendation = await recommendRunConfig({
        images: task.images,
        labels: task.labels,
        classMode: task.classMode,
        nativeSize: NATIVE_SIZE,
        embed: (images, cuts, signal) => embedAtCuts(mobilenet, images, cuts, { signal }),
      });
      const m = recommendation.measurements;
      const measureSeconds = (performance.now() - embedStarted) / 1000;
      report(`autopilot_${key}_recommend_seconds`, measureSeconds, `${m.probedImages} images probed, ${m.folds} folds`);
      report(`autopilot_${key}_probe`, {
        pixels: Number(m.pixelProbeAccuracy.toFixed(3)),
        ...(m.gradientProbeAccuracy === null ? {} : { gradients: Number(m.gradientProbeAccuracy.toFixed(3)) }),
        ...Object.fromEntries(Object.entries(m.cutProbeAccuracy).map(([c, a]) => [c, Number(a!.toFixed(3))])),
      });
      report(
        `autopilot_${key}_recommended_strategy`,
        recommendation.strategy,
        recommendation.reasons.find((r) => r.field === "strategy")!.sentence,
      );

      if (parts.has("recommended")) {
        const recommended = await runRecipe(task, recommendation.config, mobilenet, testFeatures);
        report(
          `autopilot_${key}_recommended_test_accuracy`,
          recommended.testAccuracy,
          `val ${recommended.valAccuracy.toFixed(3)}, ${recommended.epochsRun} epochs (best ${recommended.bestEpoch}), ${recommended.wallSeconds.toFixed(0)} s`,
        );
        report(
          `autopilot_${key}_recommended_minus_baseline`,
          recommended.testAccuracy - baseline.test!.accuracy,
          "issue 12: must be > 0 on every task",
        );
      }
      if (parts.has("auto")) {
        const load = loadavg()[0];
        const auto = await runAuto(task, recommendation, measureSeconds, mobilenet, testFeatures);
        report(
          `autopilot_${key}_auto_test_accuracy`,
          auto.run.testAccuracy,
          `val ${auto.run.valAccuracy.toFixed(3)}; winner ${auto.winner} retrained ${auto.retrainEpochs} epochs; ${auto.kept} (its best epoch ${auto.run.bestEpoch}); ${auto.wallSeconds.toFixed(0)} s of the ${AUTO.budgetSeconds}-s budget (measure ${measureSeconds.toFixed(0)} s, search ${auto.searchSeconds.toFixed(0)} s, retrain ${auto.retrainSeconds.toFixed(0)} s); load ${load.toFixed(1)} at its start, ${loadavg()[0].toFixed(1)} at its end`,
        );
        report(`autopilot_${key}_auto_trials`, auto.trials, auto.reason);
        report(`autopilot_${key}_auto_wall_seconds`, auto.wallSeconds, "issue 12: at most 600 s on 2 cores");
      }
      report(
        `autopilot_${key}_wall_seconds`,
        (performance.now() - taskStarted) / 1000,
        `load average ${loadavg()[0].toFixed(1)} at the end`,
      );
    }
  } finally {
    mobilenet.dispose();
  }
}

// Run alone: node --import tsx bench/autopilot.ts
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { initBackend } = await import("@headstart/ml-core");
  const backend = await initBackend();
  const summary: Record<string, unknown> = { backend: backend.backend };
  const report: Report = (key, value, note = "") => {
    summary[key] = value;
    console.log(
      `${key}: ${typeof value === "number" ? value.toFixed(3) : JSON.stringify(value)}${note ? `  (${note})` : ""}`,
    );
  };
  report("load_average_1m_at_start", loadavg()[0]);
  await autopilotBenchmarks(report);
  console.log(JSON.stringify(summary));
}

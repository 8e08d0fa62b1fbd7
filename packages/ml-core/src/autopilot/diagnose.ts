import type { EpochMetrics } from "../train/checkpoint.ts";
import type { ClassMode } from "../train/class-mode.ts";
import { KERNEL_MAX_TRAIN_ITEMS } from "../train/kernel-head.ts";
import { FINE_TUNE_TOP, gradientsRecipe, kernelRecipe, type RecipeConfig, scratchRecipe } from "./recipe.ts";

export type DiagnosisCode = "underfit" | "overfit" | "below-baseline" | "class-imbalance" | "too-few-images";

export interface Diagnosis {
  code: DiagnosisCode;
  /** "problem": the model is worse than it could be; "note": worth knowing, not necessarily wrong. */
  severity: "problem" | "note";
  /** One plain sentence on what the figures show. */
  finding: string;
  /** One plain sentence on what to try. */
  advice: string;
  /** The config change to try, on top of the run's own config ("start this run"); empty when the fix is in the data. */
  change: Partial<RecipeConfig>;
}

export interface DiagnosisInput {
  /** Every epoch of the run, all phases, in order (EpochMetrics as training reports them). */
  history: readonly EpochMetrics[];
  /** Whether early stopping ended the run (TrainResult.stoppedEarly). */
  stoppedEarly: boolean;
  /** The settings the run trained with. */
  config: RecipeConfig;
  labels: readonly string[];
  /** Training images per class, in label order. */
  trainCounts: readonly number[];
  /** Final validation accuracy of the run (after best-epoch restore); null without a val split. */
  valAccuracy: number | null;
  /** The pixel baseline's validation accuracy on the same split, when it was computed. */
  baselineValAccuracy?: number | null;
  /** The dataset's class mode; absent = one label per image. A kernel head is suggested only for one label per image. */
  classMode?: ClassMode;
}

/** Thresholds of the rules, exported so a UI can say what "low" means. */
export const DIAGNOSIS_THRESHOLDS = Object.freeze({
  /** Train accuracy under this at the end is "low" (the model cannot even fit its own data). */
  lowTrainAccuracy: 0.85,
  /** Val loss within this fraction of its best over the last epochs = still improving. */
  improvingTolerance: 0.01,
  /** Train - val accuracy gap (absolute) that counts as overfitting when it also grew. */
  overfitGap: 0.08,
  /** Val loss this much above its best, at least 3 epochs after it, = rising. */
  valLossRise: 0.1,
  /** Run below the baseline by more than this (absolute accuracy). */
  baselineMargin: 0.005,
  /** Largest / smallest class ratio that counts as imbalanced. */
  imbalanceRatio: 3,
  /** Fewer training images than this in a class is "too few". */
  fewImages: 30,
});

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function lastPhase(history: readonly EpochMetrics[]): EpochMetrics[] {
  if (history.length === 0) return [];
  const phase = history[history.length - 1].phase;
  return history.filter((h) => h.phase === phase);
}

/**
 * Reads a finished run's curves and figures and says what went wrong and what to change. Pure: the
 * same inputs give the same list, most serious first. Rules (thresholds in DIAGNOSIS_THRESHOLDS):
 * - underfit: validation loss still at its best in the last epochs of a run that hit its epoch
 *   ceiling, or train accuracy low with little train–val gap;
 * - overfit: a train–val accuracy gap that grew since the best epoch, or val loss rising well above
 *   its best;
 * - below baseline: lower validation accuracy than logistic regression on the raw pixels;
 * - class imbalance: the largest class has 3× the training images of the smallest;
 * - too few images: a class with fewer than 30 training images.
 */
export function diagnoseRun(input: DiagnosisInput): Diagnosis[] {
  const t = DIAGNOSIS_THRESHOLDS;
  const out: Diagnosis[] = [];
  const { config } = input;
  const epochs = lastPhase(input.history);
  const last = epochs.at(-1);
  const withVal = epochs.filter((e) => e.valLoss !== null && e.valAcc !== null);

  if (last && withVal.length >= 2) {
    const losses = withVal.map((e) => e.valLoss!);
    const bestLoss = Math.min(...losses);
    const bestAt = losses.indexOf(bestLoss);
    const best = withVal[bestAt];
    const tail = losses.slice(-Math.min(3, losses.length));
    const stillImproving =
      !input.stoppedEarly &&
      bestAt >= withVal.length - 2 &&
      tail[tail.length - 1] <= bestLoss * (1 + t.improvingTolerance) &&
      tail[tail.length - 1] < tail[0];
    const lowTrain = last.acc < t.lowTrainAccuracy;
    const gapNow = last.acc - (last.valAcc ?? last.acc);
    const gapAtBest = best.acc - best.valAcc!;
    const gapGrew = gapNow > t.overfitGap && gapNow > gapAtBest + 0.03;
    const valLossRising = bestAt <= withVal.length - 4 && losses[losses.length - 1] > bestLoss * (1 + t.valLossRise);

    if (stillImproving || (lowTrain && gapNow < t.overfitGap)) {
      const ceiling = Math.min(1000, Math.max(config.epochs * 3, 60));
      const finding = stillImproving
        ? `Validation loss was still falling at the last epoch (${epochs.length} of ${config.epochs}): the run stopped before the model converged.`
        : `Train accuracy ended at ${pct(last.acc)}: the model cannot fit even its own training images.`;
      const change: Partial<RecipeConfig> = stillImproving
        ? { epochs: ceiling, earlyStoppingPatience: 10, schedule: "cosine" }
        : config.backbone === "mobilenet_v2" && config.fineTuneBlocks === 0
          ? {
              ...FINE_TUNE_TOP,
              dropout: 0.2,
              headUnits: 256,
            }
          : { epochs: ceiling, earlyStoppingPatience: 10, dropout: Math.max(0, config.dropout - 0.2) };
      out.push({
        code: "underfit",
        severity: "problem",
        finding,
        advice: stillImproving
          ? `Train longer: raise the epoch ceiling to ${ceiling} and let early stopping (patience 10) end the run when validation stops improving.`
          : config.backbone === "mobilenet_v2" && config.fineTuneBlocks === 0
            ? "Give the model more capacity: fine-tune the top 4 backbone blocks at a low rate (halved per block down) with a larger head and less dropout."
            : "Give the model more room: more epochs with early stopping and less dropout.",
        change,
      });
    }
    if (gapGrew || valLossRising) {
      const change: Partial<RecipeConfig> = {
        earlyStoppingPatience: config.earlyStoppingPatience ?? 5,
        dropout: Math.min(0.6, Math.max(config.dropout, 0.3) + 0.1),
        labelSmoothing: Math.max(config.labelSmoothing, 0.1),
        weightDecay: Math.max(config.weightDecay, 0.0005),
      };
      if (!config.augmentation) {
        change.augmentation = {
          rotation: 10,
          widthShift: 0.1,
          heightShift: 0.1,
          zoom: 0.1,
          horizontalFlip: true,
          variants: 4,
        };
      }
      out.push({
        code: "overfit",
        severity: "problem",
        finding: valLossRising
          ? `Validation loss rose from its best (${bestLoss.toFixed(3)} at epoch ${best.epoch}) to ${losses[losses.length - 1].toFixed(3)} while training continued: the model is memorising its training images.`
          : `Train accuracy (${pct(last.acc)}) pulled away from validation accuracy (${pct(last.valAcc!)}), a gap that grew from ${pct(gapAtBest)} at the best epoch.`,
        advice: `Regularise: early stopping with best-epoch restore${config.augmentation ? "" : ", augmentation"}, more dropout, label smoothing and weight decay.`,
        change,
      });
    }
  }

  const baseline = input.baselineValAccuracy;
  if (input.valAccuracy !== null && baseline != null && input.valAccuracy < baseline - t.baselineMargin) {
    const native = Math.min(config.inputSize, 32);
    // Table 3-1's small and different (recommend.ts): a head on the most generic features, edges, fixed;
    // with 1,000+ images per class a CNN from scratch learns better ones.
    const sorted = [...input.trainCounts].sort((a, b) => a - b);
    const large = sorted.length > 0 && sorted[Math.floor((sorted.length - 1) / 2)]! >= 1000;
    // The kernel head (every training image a centre) when the images are few enough and carry one label each.
    const total = input.trainCounts.reduce((a, b) => a + b, 0);
    const kernelFits = input.classMode !== "multilabel" && total <= KERNEL_MAX_TRAIN_ITEMS;
    const {
      backbone: _backbone,
      inputSize: _size,
      featureLayer: _cut,
      ...gradientHead
    } = kernelFits ? kernelRecipe(32) : gradientsRecipe(32);
    const { featureLayer: _none, ...scratchCnn } = scratchRecipe(native <= 32 ? 32 : 64);
    const kernelRun = config.headKind === "kernel";
    out.push({
      code: "below-baseline",
      severity: "problem",
      finding: `Validation accuracy ${pct(input.valAccuracy)} is below logistic regression on the raw pixels (${pct(baseline)}): the features this run learnt from say less than the pixels do.`,
      advice: kernelRun
        ? "Edge features say less than the pixels here: train a small CNN from scratch at the images' own size, which learns its own features (or start an AUTO run, which tries both)."
        : config.backbone !== "mobilenet_v2"
          ? "Train to convergence: a higher epoch ceiling with early stopping and a one-cycle schedule."
          : large
            ? "These images look unlike ImageNet to the frozen backbone: train a small CNN from scratch at the images' own size (or ask for a recommendation)."
            : `These images look unlike ImageNet to the frozen backbone: train a ${kernelFits ? "kernel head" : "head"} on fixed oriented-gradient (edge) features at a small size instead, seconds per run (or ask for a recommendation).`,
      change: kernelRun
        ? { ...scratchCnn, fineTuneBlocks: 0, featureLayer: undefined }
        : config.backbone !== "mobilenet_v2"
          ? { epochs: Math.max(config.epochs, 60), earlyStoppingPatience: 20, schedule: "one-cycle" }
          : large
            ? {
                backbone: "scratch",
                headKind: "dense",
                inputSize: native <= 32 ? 32 : 64,
                fineTuneBlocks: 0,
                featureLayer: undefined,
              }
            : { ...gradientHead, backbone: "gradients", inputSize: 32, fineTuneBlocks: 0, featureLayer: undefined },
    });
  }

  const counts = input.trainCounts;
  if (counts.length > 0) {
    const min = Math.min(...counts);
    const max = Math.max(...counts);
    const smallest = input.labels[counts.indexOf(min)] ?? `class ${counts.indexOf(min)}`;
    if (min > 0 && max / min >= t.imbalanceRatio) {
      out.push({
        code: "class-imbalance",
        severity: "note",
        finding: `Classes are imbalanced: "${smallest}" has ${min} training images, the largest class ${max} (${(max / min).toFixed(1)}×); the model will lean towards the large classes.`,
        advice: `Add images of "${smallest}" (and other small classes); until then, more augmented variants give the small classes more variety.`,
        change: config.augmentation
          ? { augmentation: { ...config.augmentation, variants: Math.min(32, config.augmentation.variants * 2) } }
          : {
              augmentation: {
                rotation: 10,
                widthShift: 0.1,
                heightShift: 0.1,
                zoom: 0.1,
                horizontalFlip: true,
                variants: 8,
              },
            },
      });
    }
    if (min < t.fewImages) {
      out.push({
        code: "too-few-images",
        severity: min < 10 ? "problem" : "note",
        finding: `"${smallest}" has only ${min} training images; under ${t.fewImages} per class any model's figures are noisy and easy to overfit.`,
        advice:
          "Label more images of the small classes; meanwhile keep the backbone frozen (it needs the fewest images) with augmentation and early stopping.",
        change: {
          backbone: "mobilenet_v2",
          fineTuneBlocks: 0,
          earlyStoppingPatience: 10,
          augmentation: config.augmentation ?? {
            rotation: 20,
            widthShift: 0.2,
            heightShift: 0.2,
            zoom: 0.2,
            horizontalFlip: true,
            variants: 4,
          },
        },
      });
    }
  }
  const rank = (d: Diagnosis) => (d.severity === "problem" ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b));
}

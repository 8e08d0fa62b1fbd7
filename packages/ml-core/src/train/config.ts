import type { AugmentationSettings } from "./featurize.ts";
import type { OptimizerName } from "./optimizer.ts";
import { LEARNING_RATE_SCHEDULES, type LearningRateSchedule } from "./schedule.ts";

/**
 * What sits on the frozen features: "dense" is the reference head (Dense → Dropout → Dense) trained by
 * gradient steps; "kernel" is a Gaussian-kernel ridge classifier solved in closed form (kernel-head.ts),
 * with no epochs, rate or dropout to set.
 */
export const HEAD_KINDS = ["dense", "kernel"] as const;
export type HeadKind = (typeof HEAD_KINDS)[number];

/** Training settings; field names and defaults match the run configuration the app stores. */
export interface TrainConfig {
  /** Absent = "dense". A kernel head needs frozen features: no augmentation, fine-tuning or endToEnd. */
  headKind?: HeadKind;
  batchSize: number;
  epochs: number;
  learningRate: number;
  optimizer: OptimizerName;
  headUnits: number;
  dropout: number;
  /** null = no augmentation: the head trains on the plain cached embeddings. */
  augmentation: AugmentationSettings | null;
  /** Top backbone blocks unfrozen after the head phase; 0 = no fine-tuning. */
  fineTuneBlocks: number;
  fineTuneEpochs: number;
  fineTuneLearningRate: number;
  /**
   * Train every backbone block together with the head from the first epoch, for `epochs` at
   * `learningRate` (no frozen-base head phase; the fineTune* settings are not used). This is how
   * the `scratch` baseline learns its features; absent means false. Needs a backbone that declares
   * its blocks. Its epochs are reported as phase 'fine-tune' (every block unfrozen).
   */
  endToEnd?: boolean;
  /** Epochs without improvement of val loss (train loss without a val split) before stopping; null = never. */
  earlyStoppingPatience: number | null;
  seed: number;
  /** Rate schedule over each phase's epoch ceiling; absent = constant (the reference recipe). */
  schedule?: LearningRateSchedule;
  /** Label smoothing of the training targets, in [0, 0.5); absent = 0. Validation loss uses hard labels. */
  labelSmoothing?: number;
  /** Decoupled weight decay per step (AdamW when the optimizer is adam); absent = 0. */
  weightDecay?: number;
  /**
   * Discriminative fine-tuning: each unfrozen block below the top one trains at this factor of the
   * rate of the block above it (0.5: top block ×1, the next ×0.5, ×0.25, …; the head keeps the full
   * fine-tune rate). Lower blocks hold the most generic features, which need the least change.
   * In (0, 1]; absent = 1 (one rate for every unfrozen block).
   */
  fineTuneLayerDecay?: number;
  /**
   * Kernel head only: the validation images join the fit, and each is scored by the fit without it
   * (leave-one-out, exact in closed form; kernel-head.ts), so the head learns from every labelled
   * image while its validation figures stay out of sample. Absent = false: validation held out.
   */
  leaveOneOutValidation?: boolean;
}

export const DEFAULT_AUGMENTATION: Readonly<AugmentationSettings> = Object.freeze({
  rotation: 20,
  widthShift: 0.2,
  heightShift: 0.2,
  zoom: 0.2,
  horizontalFlip: true,
  variants: 4,
});

export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = Object.freeze({
  batchSize: 64,
  epochs: 10,
  learningRate: 0.001,
  optimizer: "adam",
  headUnits: 64,
  dropout: 0.5,
  augmentation: DEFAULT_AUGMENTATION,
  fineTuneBlocks: 0,
  fineTuneEpochs: 5,
  fineTuneLearningRate: 0.00001,
  endToEnd: false,
  earlyStoppingPatience: null,
  seed: 1,
});

/** Raised before any work when the images, labels or settings cannot make a training run. */
export class TrainingInputError extends Error {
  override name = "TrainingInputError";
}

export function checkConfig(config: TrainConfig): void {
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new TrainingInputError(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt("batchSize", config.batchSize);
  positiveInt("epochs", config.epochs);
  positiveInt("headUnits", config.headUnits);
  if (!(config.learningRate > 0)) throw new TrainingInputError(`learningRate must be > 0, got ${config.learningRate}`);
  if (!(config.dropout >= 0 && config.dropout < 1))
    throw new TrainingInputError(`dropout must be in [0, 1), got ${config.dropout}`);
  if (config.augmentation) positiveInt("augmentation.variants", config.augmentation.variants);
  if (!Number.isInteger(config.fineTuneBlocks) || config.fineTuneBlocks < 0) {
    throw new TrainingInputError(`fineTuneBlocks must be a non-negative integer, got ${config.fineTuneBlocks}`);
  }
  if (config.endToEnd !== undefined && typeof config.endToEnd !== "boolean") {
    throw new TrainingInputError(`endToEnd must be true or false, got ${String(config.endToEnd)}`);
  }
  if (config.earlyStoppingPatience !== null) positiveInt("earlyStoppingPatience", config.earlyStoppingPatience);
  if (config.schedule !== undefined && !LEARNING_RATE_SCHEDULES.includes(config.schedule)) {
    throw new TrainingInputError(
      `schedule must be one of ${LEARNING_RATE_SCHEDULES.join(", ")}, got ${String(config.schedule)}`,
    );
  }
  const ls = config.labelSmoothing;
  if (ls !== undefined && !(ls >= 0 && ls < 0.5))
    throw new TrainingInputError(`labelSmoothing must be in [0, 0.5), got ${ls}`);
  const decay = config.fineTuneLayerDecay;
  if (decay !== undefined && !(decay > 0 && decay <= 1)) {
    throw new TrainingInputError(`fineTuneLayerDecay must be in (0, 1], got ${decay}`);
  }
  if (config.headKind !== undefined && !HEAD_KINDS.includes(config.headKind)) {
    throw new TrainingInputError(`headKind must be one of ${HEAD_KINDS.join(", ")}, got ${String(config.headKind)}`);
  }
  if (config.headKind === "kernel") {
    const conflict = config.augmentation
      ? "augmentation (set it to null)"
      : config.fineTuneBlocks > 0
        ? "fineTuneBlocks (set it to 0)"
        : config.endToEnd
          ? "endToEnd training"
          : null;
    if (conflict)
      throw new TrainingInputError(
        `the kernel head is solved once on the frozen features of the plain training images; it cannot be combined with ${conflict}`,
      );
  }
  if (config.leaveOneOutValidation && config.headKind !== "kernel") {
    throw new TrainingInputError(
      'leaveOneOutValidation needs headKind "kernel": only the kernel head scores each image by a fit without it in closed form',
    );
  }
  const wd = config.weightDecay;
  if (wd !== undefined && !(wd >= 0 && wd < 1))
    throw new TrainingInputError(`weightDecay must be in [0, 1), got ${wd}`);
}

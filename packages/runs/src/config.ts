// The training configuration a run is created with. It is validated once, at
// createRun time, and stored fully resolved (every default filled in) in
// Run.config, so a run is reproducible from its row alone even if the defaults
// here change later.

export interface AugmentationConfig {
  /** Maximum rotation, in degrees, either way. */
  rotation: number;
  /** Maximum horizontal shift as a fraction of the width. */
  widthShift: number;
  /** Maximum vertical shift as a fraction of the height. */
  heightShift: number;
  /** Maximum zoom in or out as a fraction (0.2 = 80%..120%). */
  zoom: number;
  horizontalFlip: boolean;
  /** Augmented variants embedded (and cached) per training image. */
  variants: number;
}

export type Optimizer = "adam" | "sgd" | "rmsprop";

/** How the learning rate moves over a phase's epoch ceiling (ml-core's learningRateAt). */
export type Schedule = "constant" | "cosine" | "one-cycle";
export const SCHEDULES: readonly Schedule[] = ["constant", "cosine", "one-cycle"];

/**
 * What reads the frozen features: "dense" is the reference head trained by gradient steps; "kernel" a
 * Gaussian-kernel ridge classifier solved in closed form (ml-core's kernel head: no epochs, rate or
 * dropout; the strongest head measured on small images unlike ImageNet). Rows stored before the field
 * existed have none and mean "dense" (headKindOf).
 */
export type HeadKind = "dense" | "kernel";
export const HEAD_KINDS: readonly HeadKind[] = ["dense", "kernel"];

/** MANUAL trains this config as given; AUTO searches around it (child trials) within a wall-clock budget. */
export type Strategy = "MANUAL" | "AUTO";

/** MobileNetV2 blocks whose pooled output a frozen head can read (out_relu = the full backbone). */
export const FEATURE_LAYERS = ["block_10", "block_13", "block_16", "out_relu"] as const;
export type FeatureLayer = (typeof FEATURE_LAYERS)[number];

/** Settings of an AUTO run's search (successive halving over child trials). */
export interface AutoConfig {
  /** Wall-clock budget of the whole search plus the winner's retraining, in seconds. */
  budgetSeconds: number;
  /** Trials started in the first rung. */
  maxTrials: number;
  /** Epochs each trial gets in the first rung. */
  minEpochs: number;
  /** Each rung keeps the best 1/eta trials and gives them eta times the epochs. */
  eta: number;
}

export const DEFAULT_AUTO: Readonly<AutoConfig> = Object.freeze({
  budgetSeconds: 600,
  maxTrials: 4,
  minEpochs: 3,
  eta: 3,
});

export interface RunConfig {
  backbone: string;
  inputSize: number;
  batchSize: number;
  epochs: number;
  learningRate: number;
  optimizer: Optimizer;
  /** `null` means augmentation is off: the head trains on plain embeddings. */
  augmentation: AugmentationConfig | null;
  headKind: HeadKind;
  headUnits: number;
  dropout: number;
  /** Top blocks of the backbone unfrozen after head training; 0 = no fine-tuning. */
  fineTuneBlocks: number;
  fineTuneEpochs: number;
  fineTuneLearningRate: number;
  /** Each unfrozen block below the top trains at this factor of the rate of the block above (1 = one rate). */
  fineTuneLayerDecay: number;
  /** Epochs without val-loss improvement before stopping (the best epoch is restored); `null` = never stop early. */
  earlyStoppingPatience: number | null;
  /** Learning-rate schedule over each phase's epochs. */
  schedule: Schedule;
  /** Label smoothing of the training targets, 0 (off) to below 0.5. */
  labelSmoothing: number;
  /** Decoupled weight decay (AdamW with adam), 0 = off. */
  weightDecay: number;
  /**
   * mobilenet_v2 only: the block whose pooled output the head reads (`out_relu` = the whole
   * backbone; lower cuts keep ImageNet's own weights, see the README). `null` for scratch.
   */
  featureLayer: FeatureLayer | null;
  strategy: Strategy;
  /** The search settings when `strategy` is AUTO, else null. */
  auto: AutoConfig | null;
  /** Probability under which a prediction is withheld. */
  threshold: number;
  seed: number;
  /**
   * The validation images outside fold `index` (0-based) of `count` (validationFolds) join the
   * training split and the run validates on fold `index` alone: AUTO's cross-fitted seed runs, which
   * train on more images while every validation image is still scored by members that never saw it.
   * `null` = the version's splits as they are. Set by the trainer for its child runs, never by a user.
   */
  validationFold: ValidationFold | null;
  /**
   * Kernel head only: the validation images join the head's fit and each is scored by the fit
   * without it (leave-one-out, exact in closed form), so the model learns from every labelled image
   * while its validation figures stay out of sample. AUTO sets it on a kernel head's retrain; a user
   * may too. false = validation held out, as for every other head.
   */
  leaveOneOutValidation: boolean;
}

/** One fold of a version's validation split (see RunConfig.validationFold). */
export interface ValidationFold {
  index: number;
  count: number;
}

/** Folds a validation split may be cut into: 2 keeps half of it for validating, 10 a tenth. */
export const VALIDATION_FOLD_COUNTS = { min: 2, max: 10 } as const;

export const KNOWN_BACKBONES = ["mobilenet_v2", "scratch", "gradients"] as const;

/**
 * Input sizes per backbone. MobileNetV2 downsamples by 32 and its weights were trained at 96–224.
 * The scratch CNN needs no ImageNet resolution: it trains best at the images' native size, e.g.
 * 28-px Fashion-MNIST at 28; its poolings pad, so any multiple of 4 keeps every pixel. The
 * oriented-gradient features pool any size into half-overlapping cells of about 1/7 of its side;
 * beyond 64 px their cells would blur what a CNN sees, so they stop there.
 */
export const INPUT_SIZES: Readonly<Record<string, { min: number; max: number; multiple: number }>> = Object.freeze({
  mobilenet_v2: { min: 96, max: 224, multiple: 32 },
  scratch: { min: 28, max: 224, multiple: 4 },
  gradients: { min: 28, max: 64, multiple: 4 },
});
const OTHER_BACKBONE_SIZES = { min: 96, max: 224, multiple: 32 };

export const DEFAULT_AUGMENTATION: Readonly<AugmentationConfig> = Object.freeze({
  rotation: 20,
  widthShift: 0.2,
  heightShift: 0.2,
  zoom: 0.2,
  horizontalFlip: true,
  variants: 4,
});

export const DEFAULT_RUN_CONFIG: Readonly<Omit<RunConfig, "seed" | "featureLayer" | "auto">> = Object.freeze({
  backbone: "mobilenet_v2",
  inputSize: 224,
  batchSize: 64,
  learningRate: 0.001,
  optimizer: "adam",
  augmentation: DEFAULT_AUGMENTATION,
  headKind: "dense",
  headUnits: 64,
  dropout: 0.5,
  fineTuneBlocks: 0,
  fineTuneEpochs: 5,
  fineTuneLearningRate: 0.00001,
  fineTuneLayerDecay: 1,
  // Issue 12: the reference's fixed 10 epochs stopped runs whose curves were still rising. The
  // default is now a ceiling with early stopping on validation loss and best-epoch restore; the
  // old behaviour is `epochs: 10, earlyStoppingPatience: null` (the "Reference" preset).
  epochs: 50,
  earlyStoppingPatience: 8,
  schedule: "constant",
  labelSmoothing: 0,
  weightDecay: 0,
  strategy: "MANUAL",
  threshold: 0.75,
  validationFold: null,
  leaveOneOutValidation: false,
});

/** The seed's reference recipe as run-config values, one click away in the UI ("Reference: frozen MobileNet, 10 epochs"). */
export const REFERENCE_RUN_PRESET: Readonly<Partial<RunConfig>> = Object.freeze({
  backbone: "mobilenet_v2",
  epochs: 10,
  earlyStoppingPatience: null,
  learningRate: 0.001,
  optimizer: "adam",
  batchSize: 64,
  headUnits: 64,
  dropout: 0.5,
  augmentation: DEFAULT_AUGMENTATION,
  headKind: "dense",
  fineTuneBlocks: 0,
  schedule: "constant",
  labelSmoothing: 0,
  weightDecay: 0,
  featureLayer: "out_relu",
  strategy: "MANUAL",
});

/** A config field that failed validation; `field` is a dotted path such as `augmentation.zoom`. */
export class RunConfigError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`Invalid run config: ${field} ${message}`);
    this.name = "RunConfigError";
    this.field = field;
  }
}

export interface ParseRunConfigOptions {
  /** Backbone ids accepted; defaults to the built-in registry ids. */
  backbones?: readonly string[];
  /** Source of the seed drawn when none is given (tests pin it). */
  randomSeed?: () => number;
}

type Fields = Record<string, unknown>;

function isPlainObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return Array.isArray(value) ? "an array" : typeof value;
}

function rejectUnknown(input: Fields, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      throw new RunConfigError(`${prefix}${key}`, `is not a known setting; allowed: ${allowed.join(", ")}`);
    }
  }
}

function integer(input: Fields, key: string, prefix: string, fallback: number, min: number, max: number): number {
  const value = input[key];
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RunConfigError(`${prefix}${key}`, `must be an integer from ${min} to ${max} (got ${describe(value)})`);
  }
  return value;
}

function real(
  input: Fields,
  key: string,
  prefix: string,
  fallback: number,
  min: number,
  max: number,
  { exclusiveMin = false, exclusiveMax = false } = {},
): number {
  const value = input[key];
  if (value === undefined) return fallback;
  const tooLow = typeof value === "number" && (exclusiveMin ? value <= min : value < min);
  const tooHigh = typeof value === "number" && (exclusiveMax ? value >= max : value > max);
  if (typeof value !== "number" || !Number.isFinite(value) || tooLow || tooHigh) {
    const range = `${exclusiveMin ? "greater than" : "at least"} ${min} and ${exclusiveMax ? "less than" : "at most"} ${max}`;
    throw new RunConfigError(`${prefix}${key}`, `must be a number ${range} (got ${describe(value)})`);
  }
  return value;
}

function oneOf<T extends string>(input: Fields, key: string, fallback: T, allowed: readonly T[]): T {
  const value = input[key];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !allowed.includes(value as T)) {
    throw new RunConfigError(key, `must be one of ${allowed.join(", ")} (got ${describe(value)})`);
  }
  return value as T;
}

const AUGMENTATION_KEYS = ["rotation", "widthShift", "heightShift", "zoom", "horizontalFlip", "variants"] as const;

function parseAugmentation(value: unknown): AugmentationConfig | null {
  if (value === undefined) return { ...DEFAULT_AUGMENTATION };
  // `false`, `null` and "off" all read naturally as "no augmentation" in JSON, GraphQL and CLI flags.
  if (value === false || value === null || value === "off") return null;
  if (value === true || value === "on") return { ...DEFAULT_AUGMENTATION };
  if (!isPlainObject(value)) {
    throw new RunConfigError("augmentation", `must be an object, false or "off" (got ${describe(value)})`);
  }
  const p = "augmentation.";
  rejectUnknown(value, AUGMENTATION_KEYS, p);
  const flip = value.horizontalFlip;
  if (flip !== undefined && typeof flip !== "boolean") {
    throw new RunConfigError(`${p}horizontalFlip`, `must be true or false (got ${describe(flip)})`);
  }
  const d = DEFAULT_AUGMENTATION;
  return {
    rotation: real(value, "rotation", p, d.rotation, 0, 180),
    widthShift: real(value, "widthShift", p, d.widthShift, 0, 1, { exclusiveMax: true }),
    heightShift: real(value, "heightShift", p, d.heightShift, 0, 1, { exclusiveMax: true }),
    zoom: real(value, "zoom", p, d.zoom, 0, 1, { exclusiveMax: true }),
    horizontalFlip: flip ?? d.horizontalFlip,
    variants: integer(value, "variants", p, d.variants, 1, 32),
  };
}

const CONFIG_KEYS = [
  "backbone",
  "inputSize",
  "batchSize",
  "epochs",
  "learningRate",
  "optimizer",
  "augmentation",
  "headKind",
  "headUnits",
  "dropout",
  "fineTuneBlocks",
  "fineTuneEpochs",
  "fineTuneLearningRate",
  "fineTuneLayerDecay",
  "earlyStoppingPatience",
  "schedule",
  "labelSmoothing",
  "weightDecay",
  "featureLayer",
  "strategy",
  "auto",
  "threshold",
  "seed",
  "validationFold",
  "leaveOneOutValidation",
] as const;

const AUTO_KEYS = ["budgetSeconds", "maxTrials", "minEpochs", "eta"] as const;

/** Epochs no rung of an AUTO search exceeds: the trainer passes it to successiveHalving as maxEpochs. */
export const AUTO_MAX_EPOCHS = 60;

function parseAuto(strategy: Strategy, value: unknown): AutoConfig | null {
  if (strategy === "MANUAL") {
    if (value === undefined || value === null) return null;
    throw new RunConfigError("auto", 'applies only when strategy is "AUTO"; remove it or set strategy: "AUTO"');
  }
  if (value === undefined || value === null) return { ...DEFAULT_AUTO };
  if (!isPlainObject(value)) throw new RunConfigError("auto", `must be an object (got ${describe(value)})`);
  const p = "auto.";
  rejectUnknown(value, AUTO_KEYS, p);
  const d = DEFAULT_AUTO;
  return {
    budgetSeconds: integer(value, "budgetSeconds", p, d.budgetSeconds, 30, 86_400),
    maxTrials: integer(value, "maxTrials", p, d.maxTrials, 1, 16),
    // At most the search's rung ceiling: above it the run was accepted and then failed on the trainer.
    minEpochs: integer(value, "minEpochs", p, d.minEpochs, 1, AUTO_MAX_EPOCHS),
    eta: integer(value, "eta", p, d.eta, 2, 4),
  };
}

const VALIDATION_FOLD_KEYS = ["index", "count"] as const;

function parseValidationFold(strategy: Strategy, value: unknown): ValidationFold | null {
  if (value === undefined || value === null) return null;
  // An AUTO run validates its search on the whole split; only its seed runs (MANUAL children) are cross-fitted.
  if (strategy === "AUTO") {
    throw new RunConfigError("validationFold", 'applies only when strategy is "MANUAL" (an AUTO run\'s seed runs)');
  }
  if (!isPlainObject(value)) {
    throw new RunConfigError("validationFold", `must be an object { index, count } or null (got ${describe(value)})`);
  }
  const p = "validationFold.";
  rejectUnknown(value, VALIDATION_FOLD_KEYS, p);
  for (const key of VALIDATION_FOLD_KEYS) {
    if (value[key] === undefined) throw new RunConfigError(`${p}${key}`, "is required");
  }
  const count = integer(value, "count", p, 0, VALIDATION_FOLD_COUNTS.min, VALIDATION_FOLD_COUNTS.max);
  return { index: integer(value, "index", p, 0, 0, count - 1), count };
}

const MAX_SEED = 2 ** 31 - 1;

function defaultSeed(): number {
  return Math.floor(Math.random() * MAX_SEED);
}

/**
 * Validates a user-supplied run config (any JSON value; `undefined`/`null` =
 * all defaults) and returns it with every default resolved. Throws a
 * RunConfigError naming the first offending field.
 */
export function parseRunConfig(input: unknown, options: ParseRunConfigOptions = {}): RunConfig {
  const raw: Fields = input === undefined || input === null ? {} : (input as Fields);
  if (!isPlainObject(raw)) throw new RunConfigError("config", `must be an object (got ${describe(input)})`);
  rejectUnknown(raw, CONFIG_KEYS, "");
  const d = DEFAULT_RUN_CONFIG;
  const backbones = options.backbones ?? KNOWN_BACKBONES;

  const backbone = oneOf(raw, "backbone", d.backbone, backbones);
  const sizes = INPUT_SIZES[backbone] ?? OTHER_BACKBONE_SIZES;
  const inputSize = integer(raw, "inputSize", "", d.inputSize, sizes.min, sizes.max);
  // MobileNets downsample by 32 (other sizes silently crop the feature map); the scratch CNN pads its poolings.
  if (inputSize % sizes.multiple !== 0) {
    const below = Math.max(sizes.min, inputSize - (inputSize % sizes.multiple));
    throw new RunConfigError(
      "inputSize",
      `must be a multiple of ${sizes.multiple} for ${backbone} from ${sizes.min} to ${sizes.max} (e.g. ${below} or ${below + sizes.multiple}; got ${inputSize})`,
    );
  }
  const learningRate = real(raw, "learningRate", "", d.learningRate, 0, 1, { exclusiveMin: true });
  const fineTuneBlocks = integer(raw, "fineTuneBlocks", "", d.fineTuneBlocks, 0, 16);
  if (fineTuneBlocks > 0 && backbone === "scratch") {
    throw new RunConfigError("fineTuneBlocks", "must be 0 with the scratch backbone: all its layers already train");
  }
  if (fineTuneBlocks > 0 && backbone === "gradients") {
    throw new RunConfigError(
      "fineTuneBlocks",
      "must be 0 with the gradients backbone: its filters are fixed, only the head trains",
    );
  }
  const patience = raw.earlyStoppingPatience;
  // An explicit null turns early stopping off; absent means the default.
  const earlyStoppingPatience =
    patience === undefined
      ? d.earlyStoppingPatience
      : patience === null
        ? null
        : integer(raw, "earlyStoppingPatience", "", 0, 1, 1000);
  let featureLayer: FeatureLayer | null = null;
  if (backbone === "mobilenet_v2") {
    featureLayer =
      raw.featureLayer === undefined || raw.featureLayer === null
        ? "out_relu"
        : oneOf<FeatureLayer>(raw, "featureLayer", "out_relu", FEATURE_LAYERS);
  } else if (raw.featureLayer !== undefined && raw.featureLayer !== null) {
    throw new RunConfigError("featureLayer", `applies only to mobilenet_v2; leave it out for ${backbone}`);
  }
  if (featureLayer !== null && featureLayer !== "out_relu" && fineTuneBlocks > 0) {
    throw new RunConfigError(
      "featureLayer",
      `must be out_relu when fine-tuning (fineTuneBlocks ${fineTuneBlocks}): fine-tuning trains the top blocks, so the head reads the top`,
    );
  }
  const strategy = oneOf<Strategy>(raw, "strategy", d.strategy, ["MANUAL", "AUTO"]);
  const headKind = oneOf<HeadKind>(raw, "headKind", d.headKind, HEAD_KINDS);
  // The kernel head is solved once on the frozen features of the plain training images: augmentation
  // defaults to off for it, and whatever would change those features is refused.
  const augmentation =
    headKind === "kernel" && raw.augmentation === undefined ? null : parseAugmentation(raw.augmentation);
  if (headKind === "kernel") {
    if (backbone === "scratch")
      throw new RunConfigError(
        "headKind",
        'must be "dense" with the scratch backbone: its layers train with the head, so there are no frozen features to solve on',
      );
    if (augmentation !== null)
      throw new RunConfigError(
        "augmentation",
        'must be off (false) with headKind "kernel": it is solved once on the plain training images',
      );
    if (fineTuneBlocks > 0)
      throw new RunConfigError("fineTuneBlocks", 'must be 0 with headKind "kernel": it reads frozen features');
  }

  const loo = raw.leaveOneOutValidation;
  if (loo !== undefined && loo !== null && typeof loo !== "boolean") {
    throw new RunConfigError("leaveOneOutValidation", `must be true or false (got ${describe(loo)})`);
  }
  const leaveOneOutValidation = loo ?? d.leaveOneOutValidation;
  if (leaveOneOutValidation && headKind !== "kernel") {
    throw new RunConfigError(
      "leaveOneOutValidation",
      'needs headKind "kernel": only the kernel head scores each validation image by a fit without it',
    );
  }
  const validationFold = parseValidationFold(strategy, raw.validationFold);
  if (leaveOneOutValidation && validationFold !== null) {
    throw new RunConfigError(
      "leaveOneOutValidation",
      "cannot be combined with validationFold: leave-one-out already fits on every validation image",
    );
  }

  return {
    backbone,
    inputSize,
    batchSize: integer(raw, "batchSize", "", d.batchSize, 1, 1024),
    epochs: integer(raw, "epochs", "", d.epochs, 1, 1000),
    learningRate,
    optimizer: oneOf<Optimizer>(raw, "optimizer", d.optimizer, ["adam", "sgd", "rmsprop"]),
    augmentation,
    headKind,
    headUnits: integer(raw, "headUnits", "", d.headUnits, 1, 4096),
    dropout: real(raw, "dropout", "", d.dropout, 0, 1, { exclusiveMax: true }),
    fineTuneBlocks,
    fineTuneEpochs: integer(raw, "fineTuneEpochs", "", d.fineTuneEpochs, 1, 1000),
    fineTuneLearningRate: real(raw, "fineTuneLearningRate", "", d.fineTuneLearningRate, 0, 1, { exclusiveMin: true }),
    fineTuneLayerDecay: real(raw, "fineTuneLayerDecay", "", d.fineTuneLayerDecay, 0, 1, { exclusiveMin: true }),
    earlyStoppingPatience,
    schedule: oneOf<Schedule>(raw, "schedule", d.schedule, SCHEDULES),
    labelSmoothing: real(raw, "labelSmoothing", "", d.labelSmoothing, 0, 0.5, { exclusiveMax: true }),
    weightDecay: real(raw, "weightDecay", "", d.weightDecay, 0, 1, { exclusiveMax: true }),
    featureLayer,
    strategy,
    auto: parseAuto(strategy, raw.auto),
    threshold: real(raw, "threshold", "", d.threshold, 0, 1),
    seed: integer(raw, "seed", "", (options.randomSeed ?? defaultSeed)(), 0, MAX_SEED),
    validationFold,
    leaveOneOutValidation,
  };
}

/** A stored config's head kind: rows written before the field existed trained the dense head. */
export function headKindOf(config: Pick<RunConfig, "headKind"> | Partial<Pick<RunConfig, "headKind">>): HeadKind {
  return config.headKind ?? "dense";
}

/** Total epochs a run will report (head training, then fine-tuning if any; a kernel head's one solve counts as one). */
export function plannedEpochs(config: RunConfig): number {
  if (headKindOf(config) === "kernel") return 1;
  return config.epochs + (config.fineTuneBlocks > 0 ? config.fineTuneEpochs : 0);
}

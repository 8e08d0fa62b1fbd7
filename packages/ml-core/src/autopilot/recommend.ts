import { gradientCellSize, gradientVectors } from "../backbones/gradients.ts";
import { SCRATCH_MIN_INPUT_SIZE } from "../backbones/registry.ts";
import type { LabelledImage } from "../dataset/index.ts";
import { throwIfAborted } from "../train/abort.ts";
import type { ClassMode } from "../train/class-mode.ts";
import { TrainingInputError } from "../train/config.ts";
import { KERNEL_MAX_TRAIN_ITEMS } from "../train/kernel-head.ts";
import { TrainingRng } from "../train/rng.ts";
import { accuracyOf, fitLogistic } from "./logistic.ts";
import { pixelVectors } from "./pixel-baseline.ts";
import {
  fineTuneTopRecipe,
  frozenRecipe,
  gradientsRecipe,
  kernelRecipe,
  MOBILENET_CUTS,
  type MobileNetCut,
  type RecipeConfig,
  type Strategy,
  scratchRecipe,
} from "./recipe.ts";

/**
 * Pooled frozen-backbone features of `images` at each requested cut, in image order. Passed in so the
 * caller picks the engine (tfjs embedAtCuts today, the ONNX engine when it lands) and the cache.
 */
export type CutEmbedder = (
  images: readonly LabelledImage[],
  cuts: readonly MobileNetCut[],
  signal?: AbortSignal,
) => Promise<Map<MobileNetCut, Float32Array[]>>;

export interface RecommendOptions {
  /** The dataset version's images (train and val splits; only their labels and pixels are read). */
  images: readonly LabelledImage[];
  labels: readonly string[];
  classMode: ClassMode;
  embed: CutEmbedder;
  /** Typical native side of the images in pixels (e.g. the median of max(width, height)). */
  nativeSize: number;
  cuts?: readonly MobileNetCut[];
  /** Folds of the linear probes (default 5). */
  folds?: number;
  /** At most this many images are probed (stratified sample; default 1000), which bounds the cost. */
  maxProbeImages?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?(stage: "pixels" | "embed" | "probe", done: number, total: number): void;
}

export interface Reason {
  /** Which choice it explains: a RecipeConfig field, or "strategy". */
  field: keyof RecipeConfig | "strategy";
  sentence: string;
}

export interface DatasetMeasurements {
  classes: number;
  trainImages: number;
  imagesPerClass: { min: number; median: number; max: number };
  nativeSize: number;
  /** k-fold accuracy of logistic regression on downscaled pixels. */
  pixelProbeAccuracy: number;
  /**
   * The same probe on the fixed oriented-gradient features (backbones/gradients.ts) of the pixels
   * above; null when the images are too large for that recipe (over RECOMMEND_THRESHOLDS.smallImage).
   */
  gradientProbeAccuracy: number | null;
  /** k-fold linear-probe accuracy of frozen features at each cut. */
  cutProbeAccuracy: Partial<Record<MobileNetCut, number>>;
  bestCut: MobileNetCut;
  /** bestCut's probe accuracy minus the pixels': how much the backbone's domain helps here. */
  backboneAdvantage: number;
  probedImages: number;
  folds: number;
}

/**
 * Which recommender measured a recommendation; stored ones by another are measured again. 2 added
 * the oriented-gradient probe and strategy; 3 the kernel head on those features; 4 probes the
 * gradients backbone's half-overlapping cells (v2 of its features).
 */
export const RECOMMENDER_VERSION = 4;

export interface Recommendation {
  recommender: number;
  strategy: Strategy;
  config: RecipeConfig;
  /** One plain sentence per choice. */
  reasons: Reason[];
  measurements: DatasetMeasurements;
  /** Candidate configs for an AUTO run's search, the recommendation first. */
  candidates: RecipeConfig[];
}

/** Table 3-1's axes, as thresholds. */
export const RECOMMEND_THRESHOLDS = Object.freeze({
  /** A backbone whose best probe beats the pixels by this much counts as "similar domain". */
  similarAdvantage: 0.03,
  /**
   * The same for small native images (up to smallImage), where the alternative is not the pixels'
   * linear probe but a small CNN trained from scratch at their own size, which beats that probe by
   * itself: on Fashion-MNIST's pullover vs coat (validation split), block_10's probe beat the pixels
   * by 3.8 points, yet the frozen head reached 0.820 validation accuracy and the scratch CNN 0.885.
   */
  smallImageSimilarAdvantage: 0.08,
  /** Median training images per class from which a dataset counts as large. */
  largeDataset: 1000,
  /** Native images up to this size can be trained from scratch at their own resolution. */
  smallImage: 64,
});

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor((s.length - 1) / 2)];
}

/** Fold of each item: classes dealt round-robin in a seeded order, so every fold sees every class. */
function stratifiedFolds(labels: number[], folds: number, rng: TrainingRng): number[] {
  const foldOf = new Array<number>(labels.length);
  let next = 0;
  const classes = [...new Set(labels)].sort((a, b) => a - b);
  for (const c of classes) {
    const members = labels.flatMap((l, i) => (l === c ? [i] : []));
    for (const k of rng.permutation(members.length)) foldOf[members[k]] = next++ % folds;
  }
  return foldOf;
}

/**
 * L2 penalties each probe tries; the probe keeps its best. One fixed penalty would favour the
 * smaller feature set: on pullover vs coat, 784 pixels at L2 1e-3 probed 0.793 while the pixel
 * baseline (L2 chosen on validation) scored 0.825 on validation, which made a 96-wide cut look
 * better than the pixels it barely beat.
 */
const PROBE_L2 = [1e-3, 1e-2, 1e-1] as const;

/** Mean held-out accuracy of logistic regression over the folds, at the best of PROBE_L2. */
async function probeAccuracy(
  vectors: Float32Array[],
  labels: number[][],
  foldOf: number[],
  folds: number,
  classMode: ClassMode,
  classCount: number,
  signal?: AbortSignal,
): Promise<number> {
  let best = 0;
  for (const l2 of PROBE_L2) {
    best = Math.max(best, await kFoldAccuracy(vectors, labels, foldOf, folds, classMode, classCount, l2, signal));
  }
  return best;
}

/** Mean held-out accuracy of logistic regression over the folds. */
async function kFoldAccuracy(
  vectors: Float32Array[],
  labels: number[][],
  foldOf: number[],
  folds: number,
  classMode: ClassMode,
  classCount: number,
  l2: number,
  signal?: AbortSignal,
): Promise<number> {
  let hits = 0;
  for (let f = 0; f < folds; f++) {
    throwIfAborted(signal);
    const trainIdx = foldOf.flatMap((x, i) => (x === f ? [] : [i]));
    const testIdx = foldOf.flatMap((x, i) => (x === f ? [i] : []));
    const model = await fitLogistic(
      trainIdx.map((i) => vectors[i]),
      trainIdx.map((i) => labels[i]),
      { classMode, classCount, l2, iterations: 150, signal },
    );
    const probs = model.predict(testIdx.map((i) => vectors[i]));
    model.dispose();
    hits +=
      accuracyOf(
        classMode,
        probs,
        testIdx.map((i) => labels[i]),
      ) * testIdx.length;
  }
  return hits / vectors.length;
}

/**
 * Table 3-1's "similar" axis: whether frozen features beat the pixels' linear probe by enough
 * (`advantage`, accuracy points as a fraction) to prefer the pretrained backbone. Images up to
 * RECOMMEND_THRESHOLDS.smallImage px need the larger smallImageSimilarAdvantage: there a CNN
 * trained from scratch at their own size is the alternative, and it beats the linear probe itself.
 */
export function backboneFits(advantage: number, nativeSize: number): boolean {
  const t = RECOMMEND_THRESHOLDS;
  return advantage >= (nativeSize <= t.smallImage ? t.smallImageSimilarAdvantage : t.similarAdvantage);
}

/**
 * Scratch input size for native images: their own size rounded up to a multiple of 4, at least 28
 * (SCRATCH_MIN_INPUT_SIZE). Fashion-MNIST trains at its own 28 px: upscaling to 32 added no detail
 * and cost ~30% more per step on WASM.
 */
export function scratchInputSize(nativeSize: number): number {
  return Math.max(SCRATCH_MIN_INPUT_SIZE, Math.ceil(nativeSize / 4) * 4);
}

/** The smallest MobileNetV2 size that keeps the images' detail (96 for anything up to 96 px). */
export function mobileNetInputSize(nativeSize: number): number {
  for (const size of [96, 128, 160, 192, 224]) if (nativeSize <= size) return size;
  return 224;
}

/**
 * Measures a dataset and picks the training strategy by the seed's Table 3-1 (dataset size ×
 * similarity to the pretraining data):
 * - similar (frozen features beat the pixels clearly) and small → frozen head at the best cut;
 * - similar and large → fine-tune the top blocks;
 * - not similar, small native images and a small dataset → a head on fixed oriented-gradient
 *   features (the most generic features: edges), at the images' own size;
 * - not similar, small native images and a large dataset → the small CNN from scratch at their size;
 * - not similar, larger images: small dataset → fine-tune the top blocks, large → everything at a low rate.
 * "Similar" is measured, not assumed: k-fold linear-probe accuracy of frozen features at each cut
 * against logistic regression on the pixels. Pure apart from `embed`; honours `signal`.
 */
export async function recommendRunConfig(options: RecommendOptions): Promise<Recommendation> {
  const { classMode, labels, signal } = options;
  const t = RECOMMEND_THRESHOLDS;
  const cuts = options.cuts ?? MOBILENET_CUTS;
  if (cuts.length === 0) throw new TrainingInputError("recommendRunConfig needs at least one cut to probe");
  if (!(options.nativeSize > 0))
    throw new TrainingInputError(`nativeSize must be a positive number of pixels, got ${options.nativeSize}`);
  const train = options.images.filter((i) => i.split === "train");
  const counts = labels.map((_, c) => train.filter((i) => i.labels.includes(c)).length);
  if (train.length < 4 || counts.some((n) => n === 0)) {
    throw new TrainingInputError(
      `every class needs training images before a recommendation can be measured (per class: ${counts.join(", ")})`,
    );
  }
  // The probes use train and val images alike: they measure the data, they do not pick a model.
  const pool = options.images.filter((i) => i.split === "train" || i.split === "val");
  const rng = new TrainingRng(options.seed ?? 12);
  const cap = options.maxProbeImages ?? 1000;
  const primary = pool.map((i) => (classMode === "multilabel" ? (i.labels[0] ?? 0) : i.labels[0]));
  let probeIdx = pool.map((_, i) => i);
  if (pool.length > cap) {
    // Stratified sample: the same share of every class.
    const foldOf = stratifiedFolds(primary, Math.ceil(pool.length / cap), rng);
    probeIdx = probeIdx.filter((i) => foldOf[i] === 0);
  }
  const probe = probeIdx.map((i) => pool[i]);
  const probeLabels = probe.map((i) => i.labels);
  const folds = Math.min(
    options.folds ?? 5,
    Math.min(...labels.map((_, c) => probeLabels.filter((l) => l.includes(c)).length)),
  );
  if (folds < 2) throw new TrainingInputError("every class needs at least 2 images for the k-fold probes");
  const foldOf = stratifiedFolds(
    probeIdx.map((i) => primary[i]),
    folds,
    rng,
  );

  // Every probe: the same images, folds and classes, only the features change.
  const probeOf = (vectors: Float32Array[]) =>
    probeAccuracy(vectors, probeLabels, foldOf, folds, classMode, labels.length, signal);

  options.onProgress?.("pixels", 0, 1);
  const pixelSize = Math.min(32, Math.max(8, Math.round(options.nativeSize)));
  const pixels = await pixelVectors(probe, pixelSize, signal);
  const pixelProbeAccuracy = await probeOf(pixels.vectors);
  // Small images also get the oriented-gradient features' probe (reported with the recommendation),
  // computed from the same pixels, grey.
  let gradientProbeAccuracy: number | null = null;
  if (options.nativeSize <= t.smallImage && pixelSize >= SCRATCH_MIN_INPUT_SIZE) {
    const grey = pixels.vectors.map((v) => {
      if (pixels.channels === 1) return v;
      const out = new Float32Array(pixelSize * pixelSize);
      for (let i = 0; i < out.length; i++) out[i] = (v[i * 3] + v[i * 3 + 1] + v[i * 3 + 2]) / 3;
      return out;
    });
    gradientProbeAccuracy = await probeOf(gradientVectors(grey, pixelSize));
  }
  options.onProgress?.("pixels", 1, 1);
  options.onProgress?.("embed", 0, probe.length);
  const features = await options.embed(probe, cuts, signal);
  options.onProgress?.("embed", probe.length, probe.length);
  const cutProbeAccuracy: Partial<Record<MobileNetCut, number>> = {};
  for (const [k, cut] of cuts.entries()) {
    const vectors = features.get(cut);
    if (!vectors || vectors.length !== probe.length) {
      throw new TrainingInputError(
        `the embedder returned ${vectors?.length ?? 0} vectors at ${cut} for ${probe.length} images`,
      );
    }
    cutProbeAccuracy[cut] = await probeOf(vectors);
    options.onProgress?.("probe", k + 1, cuts.length);
  }
  // Ties go to the earlier cut: its features are ImageNet's own and cheaper to compute.
  const bestCut = cuts.reduce((a, b) => (cutProbeAccuracy[b]! > cutProbeAccuracy[a]! + 1e-9 ? b : a));
  const advantage = cutProbeAccuracy[bestCut]! - pixelProbeAccuracy;
  const perClass = median(counts);
  const measurements: DatasetMeasurements = {
    classes: labels.length,
    trainImages: train.length,
    imagesPerClass: { min: Math.min(...counts), median: perClass, max: Math.max(...counts) },
    nativeSize: options.nativeSize,
    pixelProbeAccuracy,
    gradientProbeAccuracy,
    cutProbeAccuracy,
    bestCut,
    backboneAdvantage: advantage,
    probedImages: probe.length,
    folds,
  };

  const large = perClass >= t.largeDataset;
  const smallImages = options.nativeSize <= t.smallImage;
  const similar = backboneFits(advantage, options.nativeSize);
  const fmt = (x: number) => `${(x * 100).toFixed(1)}%`;
  const probeSentence = `Frozen MobileNetV2 features at ${bestCut} reach ${fmt(cutProbeAccuracy[bestCut]!)} in a ${folds}-fold linear probe against ${fmt(pixelProbeAccuracy)} for the raw pixels`;
  const reasons: Reason[] = [];
  let strategy: Strategy;
  let config: RecipeConfig;
  const mobileSize = mobileNetInputSize(options.nativeSize);
  // The kernel head keeps every training image as a centre: it is offered while train and val
  // together fit (an AUTO run's cross-fitted seeds train on most of val too), one label per image.
  const kernelFits = classMode !== "multilabel" && pool.length <= KERNEL_MAX_TRAIN_ITEMS;
  const gradientsConfig = kernelFits
    ? kernelRecipe(scratchInputSize(options.nativeSize))
    : gradientsRecipe(scratchInputSize(options.nativeSize));

  if (similar && !large) {
    strategy = "frozen";
    config = frozenRecipe(mobileSize, bestCut, false);
    reasons.push({
      field: "strategy",
      sentence: `${probeSentence}: the pretrained features fit this data and ${perClass} images per class are few, so a head on the frozen backbone is the safe choice (Table 3-1: small, similar).`,
    });
    reasons.push({
      field: "featureLayer",
      sentence: `${bestCut} gave the best probe of ${cuts.join(", ")}, so the head reads the features there.`,
    });
  } else if (similar) {
    strategy = "fine-tune-top";
    config = fineTuneTopRecipe(mobileSize);
    reasons.push({
      field: "strategy",
      sentence: `${probeSentence}, and ${perClass} images per class are enough to adapt the top blocks without overfitting (Table 3-1: large, similar).`,
    });
  } else if (smallImages && !large) {
    // Table 3-1's small and different: keep only the most generic features, the lowest layers' edge
    // detectors, and train a classifier on them. Fixed oriented gradients are those without any
    // ImageNet weights; their linear probe can trail the pixels' (T-shirt vs shirt: 86.4% pixels)
    // while the head on them beats both the pixels and the scratch CNN on held-out images (recipe.ts).
    strategy = "gradients";
    config = gradientsConfig;
    const gradientProbe = gradientProbeAccuracy === null ? "" : ` (their linear probe: ${fmt(gradientProbeAccuracy)})`;
    reasons.push({
      field: "strategy",
      sentence: `${probeSentence}: ImageNet's features do not fit these ${options.nativeSize}-px images and ${perClass} images per class are few, so the head learns from the most generic features there are, edges in 8 directions on a grid of overlapping cells${gradientProbe}, fixed, with nothing below the head to overfit; it trains in seconds where a CNN from scratch needs minutes (Table 3-1: small, different).`,
    });
    reasons.push(
      kernelFits
        ? {
            field: "headKind",
            sentence: `A kernel head on those features: a Gaussian-kernel classifier with every one of the ${train.length} training images as a centre, solved in closed form with its width and ridge chosen by leave-one-out cross-validation (each image scored by the fit on all the others). Few images make that solve cheap, and it beat the trained dense head on held-out draws of the same kind.`,
          }
        : {
            field: "headKind",
            sentence:
              classMode === "multilabel"
                ? "A dense head: the kernel head predicts one label per image, and these images carry several."
                : `A dense head: the kernel head keeps every training image as a centre and takes at most ${KERNEL_MAX_TRAIN_ITEMS}; this version has ${pool.length} in train and val.`,
          },
    );
  } else if (smallImages) {
    strategy = "scratch";
    config = scratchRecipe(scratchInputSize(options.nativeSize), 30);
    reasons.push({
      field: "strategy",
      sentence: `${probeSentence}: ImageNet's features do not fit these ${options.nativeSize}-px images, and ${perClass} images per class are enough for a small CNN to learn its own from scratch at their size (Table 3-1: large, different).`,
    });
  } else if (!large) {
    strategy = "fine-tune-top";
    config = fineTuneTopRecipe(mobileSize);
    reasons.push({
      field: "strategy",
      sentence: `${probeSentence}: the frozen features do not fit this data, and with ${perClass} images per class at ${options.nativeSize} px, adapting the top blocks is safer than learning everything (Table 3-1: small, different).`,
    });
  } else {
    strategy = "fine-tune-all";
    config = {
      ...frozenRecipe(mobileSize, "out_relu", true),
      fineTuneBlocks: 16,
      fineTuneEpochs: 30,
      fineTuneLearningRate: 0.0001,
      // Discriminative rates: the top block at 1e-4, each block below at 0.8× the one above.
      fineTuneLayerDecay: 0.8,
    };
    reasons.push({
      field: "strategy",
      sentence: `${probeSentence}: the frozen features do not fit this data, and ${perClass} images per class are enough to retrain the whole backbone at a low rate (Table 3-1: large, different).`,
    });
  }

  if (strategy === "gradients") {
    reasons.push({
      field: "inputSize",
      sentence: `Images are ${options.nativeSize} px, so the features are taken at ${config.inputSize} px, their own size, in cells of ${gradientCellSize(config.inputSize)} px that overlap by half.`,
    });
    if (config.headKind === "dense")
      reasons.push({
        field: "schedule",
        sentence:
          "A cosine rate schedule over the whole run with the best epoch restored: the head is small and each epoch takes milliseconds, so it trains to convergence.",
      });
    reasons.push({
      field: "augmentation",
      sentence:
        "No augmentation: the cell averages already tolerate small shifts, and shifted copies of the images lowered held-out accuracy.",
    });
  } else if (strategy === "scratch") {
    reasons.push({
      field: "inputSize",
      sentence: `Images are ${options.nativeSize} px, so the CNN trains at ${config.inputSize} px, their own size: upscaling to ImageNet's sizes would only cost time.`,
    });
    reasons.push({
      field: "schedule",
      sentence:
        "A one-cycle rate schedule with AdamW and label smoothing trains a small network from random weights to convergence in tens of epochs.",
    });
    reasons.push({
      field: "augmentation",
      sentence:
        "Shifts and flips add variety without rotating or zooming objects that are centred and upright in every image.",
    });
  } else {
    reasons.push({
      field: "inputSize",
      sentence:
        options.nativeSize <= 96
          ? `Images are ${options.nativeSize} px, so 96 px (MobileNetV2's smallest size) keeps every detail at a tenth of 224 px's cost.`
          : `${config.inputSize} px is the smallest MobileNetV2 size that keeps the images' ${options.nativeSize}-px detail.`,
    });
    reasons.push({
      field: "schedule",
      sentence: "A cosine rate schedule lets the head settle at a low rate once it is near its best.",
    });
  }
  reasons.push({
    field: "epochs",
    sentence:
      config.headKind === "kernel"
        ? "No epochs to choose: the kernel head is one solve per setting tried, reported as a single epoch."
        : config.earlyStoppingPatience !== null && config.earlyStoppingPatience >= config.epochs
          ? `${config.epochs} epochs run the whole one-cycle schedule (its best epochs come in the low-rate tail), and the epoch with the lowest validation loss is restored at the end.`
          : `${config.epochs} epochs is a ceiling: early stopping on validation loss (patience ${config.earlyStoppingPatience}) ends the run when it stops improving and restores the best epoch.`,
  });

  const frozenBest = frozenRecipe(mobileSize, bestCut, false);
  const scratch = scratchRecipe(scratchInputSize(Math.min(options.nativeSize, 64)), 40);
  // On small images the fine-tuning candidate is left out for another scratch rate: fine-tuning
  // MobileNet at 96 px costs the most of any trial (cut activations of every augmented variant, over
  // 200 s for 500 images under load, most of an AUTO search's share), and it lost clearly to the
  // scratch CNN in issue 12's hand-tuned runs (0.74 against 0.85 on ten classes).
  // The oriented-gradient head comes first among them: a trial of it costs seconds.
  // The kernel head first (when it fits), then the dense head on the same features.
  const alternatives: RecipeConfig[] = smallImages
    ? [
        gradientsConfig,
        gradientsRecipe(scratchInputSize(options.nativeSize)),
        scratch,
        frozenBest,
        { ...scratch, learningRate: 0.002, dropout: 0.5 },
        { ...scratch, learningRate: 0.01 },
      ]
    : [scratch, frozenBest, fineTuneTopRecipe(mobileSize), { ...scratch, learningRate: 0.002, dropout: 0.5 }];
  const key = (c: RecipeConfig) => JSON.stringify(c);
  const candidates = [config, ...alternatives.filter((c) => key(c) !== key(config))];
  throwIfAborted(signal);
  return { recommender: RECOMMENDER_VERSION, strategy, config, reasons, measurements, candidates };
}

/** A short, readable id for a candidate recipe (trial tables show it). */
export function recipeId(config: RecipeConfig): string {
  if (config.backbone === "gradients")
    return config.headKind === "kernel" ? `gradients-kernel-${config.inputSize}px` : `gradients-${config.inputSize}px`;
  if (config.backbone === "scratch")
    return `scratch-${config.inputSize}px-lr${config.learningRate}-drop${config.dropout}`;
  if (config.fineTuneBlocks > 0) return `fine-tune-top${config.fineTuneBlocks}-${config.inputSize}px`;
  return `frozen-${config.featureLayer ?? "out_relu"}-${config.inputSize}px`;
}

/** The first `maxTrials` candidates of a recommendation as successive-halving trials (the recommendation first). */
export function trialsFromRecommendation(
  recommendation: Recommendation,
  maxTrials: number,
): { id: string; config: RecipeConfig }[] {
  if (!Number.isInteger(maxTrials) || maxTrials < 1) {
    throw new TrainingInputError(`maxTrials must be a positive integer, got ${maxTrials}`);
  }
  const seen = new Map<string, number>();
  return recommendation.candidates.slice(0, maxTrials).map((config) => {
    const base = recipeId(config);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { id: n === 1 ? base : `${base}-${n}`, config };
  });
}

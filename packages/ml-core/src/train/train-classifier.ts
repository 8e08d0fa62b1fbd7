import { createHash } from "node:crypto";
import * as tf from "@tensorflow/tfjs";
import type { Backbone } from "../backbones/types.ts";
import { type EmbeddingStore, MemoryEmbeddingStore } from "../cache/index.ts";
import type { LabelledImage } from "../dataset/index.ts";
import { argmax } from "../evaluate/validate.ts";
import { splitForFineTune } from "../finetune/index.ts";
import type { InferenceOptions } from "../inference/engine.ts";
import { composeFullModel, releaseComposedModel } from "../model-io/index.ts";
import { throwIfAborted } from "./abort.ts";
import { CheckpointError, type CheckpointIO, type EpochMetrics } from "./checkpoint.ts";
import { type ClassMode, encodeTargets, outputUnits, smoothTargets, toClassProbabilities } from "./class-mode.ts";
import { checkConfig, DEFAULT_TRAIN_CONFIG, type TrainConfig, TrainingInputError } from "./config.ts";
import { type Augmenter, featurize, seededAugmenter } from "./featurize.ts";
import { runFineTunePhase } from "./fine-tune-onnx.ts";
import { buildHead } from "./head.ts";
import { headNetwork, predictVectors, runHeadPhase } from "./head-training.ts";
import { fitKernelHead } from "./kernel-head.ts";
import type { PhaseData } from "./loop.ts";
import { TrainingRng } from "./rng.ts";

export type TrainStage = "embed" | "augment" | "train" | "fine-tune-activations" | "fine-tune";

export interface TrainProgress {
  stage: TrainStage;
  done: number;
  total: number;
}

/** The fine-tuning split of a backbone: frozen bottom (cached) and trainable top. */
export interface TrainableSplit {
  /** 0..255 pixels -> activations at the cut. Frozen; its outputs are cached. */
  bottom: tf.LayersModel;
  /** Activations at the cut -> pooled features. Its trainable variables are fine-tuned. */
  top: tf.LayersModel;
  /** Name of the cut layer, part of the activation cache key. */
  cutLayer: string;
  /**
   * Runs `top`. `training` (default false) is passed to its layers: a pretrained backbone's BN is
   * pinned to inference mode either way; a from-scratch backbone's BN uses batch statistics and
   * updates its moving averages while training.
   */
  forward(activations: tf.Tensor, training?: boolean): tf.Tensor2D;
  /** Pixels-to-features model with the fine-tuned top, for saving. */
  featureModel(): tf.LayersModel;
  dispose(): void;
}

export interface TrainClassifierOptions {
  images: readonly LabelledImage[];
  labels: readonly string[];
  classMode: ClassMode;
  backbone: Backbone;
  config?: Partial<TrainConfig>;
  /** Where embeddings are looked up and added; defaults to a store that lives only for this run. */
  store?: EmbeddingStore;
  /** How variants are drawn; the seeded affine augmenter by default. */
  augment?: Augmenter;
  /** Splits the backbone below its top N blocks; by default the backbone's declared blocks are used. */
  splitForFineTune?(blocks: number): TrainableSplit;
  checkpoints?: CheckpointIO;
  /** Engine for embeddings and fine-tune activations (ONNX Runtime by default when the model converts). */
  inference?: InferenceOptions;
  signal?: AbortSignal;
  /** A wall-clock end for training (ms since the epoch): see PhaseOptions.stopTrainingAt. */
  stopTrainingAt?: number;
  onEpoch?(metrics: EpochMetrics): void;
  onProgress?(progress: TrainProgress): void;
}

export interface TrainResult {
  config: TrainConfig;
  /** The trained head (features in, probabilities out). */
  head: tf.Sequential;
  /** Base + head as one model: 0..255 pixels [n, s, s, 3] in, probabilities out. */
  model: tf.LayersModel;
  history: EpochMetrics[];
  /** Epoch (of the last phase) whose weights the model holds. */
  bestEpoch: number;
  stoppedEarly: boolean;
  fineTuned: boolean;
  /** Validation items (in input order) with their probabilities, for evaluation. */
  validation: { images: LabelledImage[]; probabilities: Float32Array[] };
  /** Releases the head, the composed model and any fine-tuned layers. */
  dispose(): void;
}

function checkInputs(options: TrainClassifierOptions): void {
  const { images, labels, classMode } = options;
  if (classMode === "binary" && labels.length !== 2) {
    throw new TrainingInputError(`binary mode needs exactly 2 labels, got ${labels.length}; use multiclass for more`);
  }
  if (labels.length < 2) throw new TrainingInputError(`need at least 2 labels, got ${labels.length}`);
  for (const image of images) {
    if (classMode !== "multilabel" && image.labels.length !== 1) {
      throw new TrainingInputError(
        `${image.name} has ${image.labels.length} labels; ${classMode} mode needs exactly one per image`,
      );
    }
    if (image.labels.some((l) => !Number.isInteger(l) || l < 0 || l >= labels.length)) {
      throw new TrainingInputError(`${image.name} has a label index outside 0..${labels.length - 1}`);
    }
  }
  if (!images.some((i) => i.split === "train"))
    throw new TrainingInputError('no training images: mark some images with split "train"');
}

/** Identifies this run's data and settings; a checkpoint from any other run is refused. */
function fingerprintOf(options: TrainClassifierOptions, config: TrainConfig): string {
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify({ config, classMode: options.classMode, labels: options.labels, backbone: options.backbone.spec }),
  );
  for (const image of options.images) hash.update(`${image.sha256}:${image.split}:${image.labels.join(",")};`);
  return hash.digest("hex");
}

/**
 * The whole transfer-learning run: embed (only what the cache lacks), train the head on cached
 * vectors, optionally fine-tune the top blocks on cached cut activations, and return the composed
 * model with validation probabilities. Throws TrainingAbortedError when `signal` aborts; every tensor
 * it created is released on any exit except the returned models.
 */
export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainResult> {
  const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...options.config };
  checkConfig(config);
  checkInputs(options);
  const { backbone, classMode, signal } = options;
  const labels = [...options.labels];
  const store = options.store ?? new MemoryEmbeddingStore();
  const fingerprint = fingerprintOf(options, config);
  const resumeFrom = options.checkpoints ? await options.checkpoints.load() : null;
  if (resumeFrom && resumeFrom.fingerprint !== fingerprint) {
    throw new CheckpointError(
      "the checkpoint belongs to a run with other images or settings; discard it to start this run afresh",
    );
  }
  const progress = (stage: TrainStage) => (done: number, total: number) => options.onProgress?.({ stage, done, total });

  const train = options.images.filter((i) => i.split === "train");
  const val = options.images.filter((i) => i.split === "val");
  const units = outputUnits(classMode, labels.length);
  const trainTargets = smoothTargets(
    classMode,
    encodeTargets(
      classMode,
      labels.length,
      train.map((i) => i.labels),
    ),
    units,
    config.labelSmoothing ?? 0,
  );
  const valTargets = encodeTargets(
    classMode,
    labels.length,
    val.map((i) => i.labels),
  );
  const variants = config.augmentation?.variants ?? 0;
  const batchSize = Math.max(config.batchSize, 32);

  const endToEnd = config.endToEnd === true;
  if (endToEnd && backbone.blocks.length === 0) {
    throw new TrainingInputError(`endToEnd needs a backbone that declares its blocks; ${backbone.spec.id} does not`);
  }
  // Plain embeddings of every image (validation is never augmented) and k variants per training
  // image, in one image-major pass: each training image's plain request next to its variants, so it
  // is decoded once for all of them. End-to-end training never reads pooled features: it starts from
  // the backbone's input.
  const augmentedRequests = train.flatMap((image) =>
    Array.from({ length: variants }, (_, variant) => ({ image, variant })),
  );
  const embedded = endToEnd
    ? []
    : await featurize({
        backbone,
        store,
        augmentation: variants === 0 ? null : config.augmentation,
        augment: options.augment ?? seededAugmenter,
        batchSize,
        signal,
        inference: options.inference,
        onPassProgress: (pass, done, total) => progress(pass === "plain" ? "embed" : "augment")(done, total),
        requests: [
          ...train.flatMap((image) => [
            { image },
            ...Array.from({ length: variants }, (_, variant) => ({ image, variant })),
          ]),
          ...val.map((image) => ({ image })),
        ],
      });
  const perTrainImage = 1 + variants;
  const plain = [...train.map((_, i) => embedded[i * perTrainImage]), ...embedded.slice(train.length * perTrainImage)];
  const augmented =
    variants === 0 || endToEnd
      ? []
      : train.flatMap((_, i) => embedded.slice(i * perTrainImage + 1, (i + 1) * perTrainImage));
  const trainVariants = train.map((_, i) =>
    variants === 0 ? [plain[i]] : augmented.slice(i * variants, (i + 1) * variants),
  );
  const valVectors = plain.slice(train.length);

  if (config.headKind === "kernel") {
    return kernelResult(options, config, fingerprint, {
      train,
      val,
      trainVectors: plain.slice(0, train.length),
      valVectors,
    });
  }

  const head = buildHead({
    inputDim: backbone.spec.featureSize,
    units: config.headUnits,
    dropout: config.dropout,
    classMode,
    classCount: labels.length,
    seed: config.seed,
  });
  let split: TrainableSplit | null = null;
  let full: tf.LayersModel | null = null;
  try {
    const common = {
      classMode,
      batchSize: config.batchSize,
      optimizer: config.optimizer,
      schedule: config.schedule,
      weightDecay: config.weightDecay,
      earlyStoppingPatience: config.earlyStoppingPatience,
      fingerprint,
      resumeFrom,
      signal,
      stopTrainingAt: options.stopTrainingAt,
      onEpoch: options.onEpoch,
      saveCheckpoint:
        options.checkpoints && ((ck: Parameters<CheckpointIO["save"]>[0]) => options.checkpoints!.save(ck)),
    };
    const headData: PhaseData = {
      itemShape: [backbone.spec.featureSize],
      train: trainVariants,
      trainTargets,
      units,
      val: val.length > 0 ? { inputs: valVectors, targets: valTargets } : null,
    };
    const skipHead = resumeFrom?.phase === "fine-tune" || endToEnd;
    let outcome = skipHead
      ? resumeFrom?.phase === "fine-tune"
        ? {
            history: resumeFrom.history,
            bestEpoch: 0,
            stoppedEarly: false,
            rng: TrainingRng.fromState(resumeFrom.rngState),
          }
        : { history: [], bestEpoch: 0, stoppedEarly: false, rng: new TrainingRng(config.seed) }
      : await runHeadPhase({
          ...common,
          phase: "head",
          // ONNX Runtime runs the head's steps when it loads (tfjs otherwise): see runHeadPhase.
          head,
          engine: options.inference?.engine,
          data: headData,
          epochs: config.epochs,
          learningRate: config.learningRate,
          rng: new TrainingRng(config.seed),
          history: [],
          onBatch: progress("train"),
        });
    let valProbabilities: Float32Array[];

    if (config.fineTuneBlocks > 0 || endToEnd) {
      throwIfAborted(signal);
      const blocks = endToEnd ? backbone.blocks.length : config.fineTuneBlocks;
      split = options.splitForFineTune ? options.splitForFineTune(blocks) : blockSplit(backbone, blocks);
      const cut = split;
      const cutShape = cut.bottom.outputs[0].shape.slice(1) as number[];
      const cutSize = cutShape.reduce((a, b) => a * b, 1);
      const layer = { name: cut.cutLayer, model: cut.bottom, size: cutSize };
      // One image-major pass: each training image's variants (or, without augmentation, the image
      // itself) next to each other, then the validation images; every image is decoded once. With
      // variants, the fine-tune phase trains on those alone, so plain training activations are not computed.
      const acts = await featurize({
        backbone,
        store,
        augmentation: variants === 0 ? null : config.augmentation,
        augment: options.augment ?? seededAugmenter,
        batchSize,
        signal,
        layer,
        inference: options.inference,
        onProgress: progress("fine-tune-activations"),
        requests: [
          ...(variants === 0 ? train.map((image) => ({ image })) : augmentedRequests),
          ...val.map((image) => ({ image })),
        ],
      });
      const perTrainImage = Math.max(variants, 1);
      const trainActs = train.map((_, i) => acts.slice(i * perTrainImage, (i + 1) * perTrainImage));
      const valActs = acts.slice(train.length * perTrainImage);
      const network = {
        // Training steps pass a dropout seed; evaluation passes none and runs in inference mode.
        logits: (x: tf.Tensor, seed: number | undefined) =>
          headNetwork(head).logits(cut.forward(x, seed !== undefined), seed),
        trainable: [...cut.top.trainableWeights, ...head.trainableWeights].map((w) => w.read() as tf.Variable),
        state: [...cut.top.weights, ...head.weights].map((w) => w.read() as tf.Variable),
      };
      const decay = endToEnd ? 1 : (config.fineTuneLayerDecay ?? 1);
      // ONNX Runtime runs the steps when it loads and can train every layer of the top (see
      // runFineTunePhase); a custom split's forward pass is opaque, so it stays on tfjs.
      outcome = await runFineTunePhase({
        ...common,
        phase: "fine-tune",
        network,
        top: options.splitForFineTune ? null : cut.top,
        head,
        engine: options.inference?.engine,
        threads: options.inference?.threads,
        log: options.inference?.log,
        learningRateMultipliers:
          decay === 1
            ? undefined
            : [...blockRateMultipliers(cut.top, backbone, decay), ...head.trainableWeights.map(() => 1)],
        epochs: endToEnd ? config.epochs : config.fineTuneEpochs,
        learningRate: endToEnd ? config.learningRate : config.fineTuneLearningRate,
        rng: outcome.rng,
        history: outcome.history,
        onBatch: progress("fine-tune"),
        data: {
          itemShape: cutShape,
          units,
          trainTargets,
          train: trainActs,
          val: val.length > 0 ? { inputs: valActs, targets: valTargets } : null,
        },
      });
      valProbabilities = await predictInBatches(
        val.length,
        valActs,
        cutShape,
        batchSize,
        (x) => network.logits(x, undefined),
        classMode,
      );
      full = composeFullModel(cut.featureModel(), head);
    } else {
      valProbabilities = await predictInBatches(
        val.length,
        valVectors,
        [backbone.spec.featureSize],
        batchSize,
        (x) => head.predict(x) as tf.Tensor,
        classMode,
        true,
      );
      full = composeFullModel(backbone.model, head);
    }
    const fineTuned = split !== null;
    const fullModel = full;
    const splitToDispose = split;
    return {
      config,
      head,
      model: fullModel,
      history: outcome.history,
      bestEpoch: outcome.bestEpoch,
      stoppedEarly: outcome.stoppedEarly,
      fineTuned,
      validation: { images: val, probabilities: valProbabilities },
      dispose() {
        // Never fullModel.dispose(): it would free the shared backbone's layers.
        releaseComposedModel(head);
        splitToDispose?.dispose();
      },
    };
  } catch (error) {
    if (full) releaseComposedModel(head);
    else head.dispose();
    split?.dispose();
    throw error;
  }
}

/**
 * A kernel head (kernel-head.ts) on the plain training embeddings: one closed-form fit, reported as a
 * single head epoch with its training and validation figures, then composed with the frozen backbone.
 * The epoch goes through the checkpoint like any other (that is where a run's epochs are recorded),
 * without weights: the fit is deterministic and takes seconds, so a resumed run fits again.
 */
async function kernelResult(
  options: TrainClassifierOptions,
  config: TrainConfig,
  fingerprint: string,
  data: { train: LabelledImage[]; val: LabelledImage[]; trainVectors: Float32Array[]; valVectors: Float32Array[] },
): Promise<TrainResult> {
  const { classMode, backbone, signal } = options;
  const started = Date.now();
  // With leave-one-out validation the validation images are fitted too, after the training ones,
  // and their validation probabilities are the fit's leave-one-out predictions.
  const looValidation = config.leaveOneOutValidation === true && data.val.length > 0;
  const fitted = looValidation ? [...data.train, ...data.val] : data.train;
  const fit = await fitKernelHead({
    vectors: looValidation ? [...data.trainVectors, ...data.valVectors] : data.trainVectors,
    labels: fitted.map((i) => i.labels),
    classMode,
    classCount: options.labels.length,
    signal,
    stopAt: options.stopTrainingAt,
    onProgress: (done, total) => options.onProgress?.({ stage: "train", done, total }),
  });
  const head = fit.head;
  try {
    const valProbabilities = looValidation
      ? fit.leaveOneOut.slice(data.train.length)
      : await predictVectors(head, classMode, data.valVectors);
    const metrics: EpochMetrics = {
      phase: "head",
      epoch: 1,
      loss: fit.trainLoss,
      acc: fit.trainAccuracy,
      valLoss: data.val.length > 0 ? meanCrossEntropy(valProbabilities, data.val) : null,
      valAcc:
        data.val.length > 0
          ? valProbabilities.filter((p, i) => argmax(p) === data.val[i].labels[0]).length / data.val.length
          : null,
      seconds: (Date.now() - started) / 1000,
    };
    await options.checkpoints?.save({
      version: 1,
      fingerprint,
      phase: "head",
      epoch: 1,
      stopped: false,
      weights: [],
      optimizer: [],
      rngState: config.seed,
      best: null,
      wait: 0,
      history: [metrics],
    });
    options.onEpoch?.(metrics);
    const full = composeFullModel(backbone.model, head);
    return {
      config,
      head,
      model: full,
      history: [metrics],
      bestEpoch: 1,
      stoppedEarly: false,
      fineTuned: false,
      validation: { images: data.val, probabilities: valProbabilities },
      dispose() {
        releaseComposedModel(head);
      },
    };
  } catch (error) {
    head.dispose();
    throw error;
  }
}

/** Mean −log p(true class), the validation loss a dense head reports (probabilities clipped at 1e-7). */
function meanCrossEntropy(probabilities: Float32Array[], images: readonly LabelledImage[]): number {
  let total = 0;
  probabilities.forEach((p, i) => {
    total -= Math.log(Math.min(1, Math.max(1e-7, p[images[i].labels[0]])));
  });
  return total / probabilities.length;
}

/**
 * Per trainable weight of `top` (in its trainableWeights order), decay^(blocks below the top-most
 * unfrozen block). A layer belongs to the last declared block whose name or first layer prefixes it;
 * layers of no block train at the full rate.
 */
export function blockRateMultipliers(top: tf.LayersModel, backbone: Backbone, decay: number): number[] {
  const blockOf = (layer: string) => {
    let found = -1;
    backbone.blocks.forEach((b, i) => {
      if (layer === b.name || layer.startsWith(`${b.name}_`) || layer.startsWith(b.firstLayer)) found = i;
    });
    return found;
  };
  const perLayer = top.layers.map((layer) => ({ block: blockOf(layer.name), count: layer.trainableWeights.length }));
  const topBlock = Math.max(...perLayer.map((l) => l.block));
  const multipliers = perLayer.flatMap(({ block, count }) =>
    Array.from({ length: count }, () => (block < 0 ? 1 : decay ** (topBlock - block))),
  );
  if (multipliers.length !== top.trainableWeights.length) {
    throw new Error(`rate multipliers cover ${multipliers.length} of ${top.trainableWeights.length} trainable weights`);
  }
  return multipliers;
}

/**
 * The backbone's own block split. Its halves share the backbone's layers, so fine-tuning changes the
 * backbone in place (load a fresh backbone per fine-tuning run) and the backbone model itself is the
 * fine-tuned feature model. Only `top` holds extra layer references; `frozen` must not be disposed,
 * as that would free layers the backbone still uses.
 */
function blockSplit(backbone: Backbone, blocks: number): TrainableSplit {
  const { frozen, top, cutLayer } = splitForFineTune(backbone, blocks);
  return {
    bottom: frozen,
    top,
    cutLayer,
    forward: (activations, training = false) => top.apply(activations, { training }) as tf.Tensor2D,
    featureModel: () => backbone.model,
    dispose: () => top.dispose(),
  };
}

async function predictInBatches(
  count: number,
  inputs: Float32Array[],
  itemShape: number[],
  batchSize: number,
  run: (x: tf.Tensor) => tf.Tensor,
  classMode: ClassMode,
  activated = false,
): Promise<Float32Array[]> {
  const size = itemShape.reduce((a, b) => a * b, 1);
  const out: Float32Array[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const batch = inputs.slice(start, start + batchSize);
    const flat = new Float32Array(batch.length * size);
    batch.forEach((v, k) => flat.set(v, k * size));
    const probs = tf.tidy(() => {
      const y = run(tf.tensor(flat, [batch.length, ...itemShape]));
      if (activated) return y;
      return classMode === "multiclass" ? tf.softmax(y) : tf.sigmoid(y);
    });
    out.push(...toClassProbabilities(classMode, (await probs.data()) as Float32Array, batch.length));
    probs.dispose();
  }
  return out;
}

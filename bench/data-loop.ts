// `npm run bench` part `data-loop` (issue 13), alone: node --import tsx bench/data-loop.ts
// On a ten-class task from Fashion-MNIST's train file (100 training images per class, 5% of their
// labels flipped to another class, 100 test images per class, all seeded):
// - label-issue flags from out-of-fold probabilities: precision, recall and average precision at the
//   recommended cut, and the test-accuracy lift after a simulated reviewer who knows the truth fixes
//   the flagged labels;
// - an active-learning curve: test accuracy after labelling 10, 20, ... 100 images per class from an
//   unlabelled pool, chosen by uncertainty (margin) vs at random;
// - near-duplicate / leak search: a planted leak (a shifted, re-exposed copy of a training image in
//   the test split) must be flagged, and the time for 10,000 1,280-d embeddings;
// - the 2-D map's time at 10,000 points.
import { cpus, loadavg } from "node:os";
import {
  averageProbabilities,
  type Backbone,
  backboneSpec,
  classificationReport,
  DEFAULT_HEAD_CONFIG,
  DEFAULT_NEAR_DUPLICATE_THRESHOLD,
  findNearDuplicates,
  findOutliers,
  fitSoftmaxRegression,
  gradientHistograms,
  learnPatchFilters,
  loadBackbone,
  nearestNeighbors,
  neighborLabelProbabilities,
  orderForLabelling,
  outOfFoldProbabilities,
  POOLED_MAX_ISSUE_QUALITY,
  patchFeatures,
  poolLabelIssueMembers,
  precisionRecallCurve,
  predictVectors,
  projectEmbeddings,
  rankLabelIssues,
  TrainingRng,
  trainHeadOnVectors,
} from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";
import { buildTask, CLASS_NAMES, PIXELS, pixelRows, readTrainFile, type TrainFile } from "./data-loop-task.ts";

type Report = (key: string, value: unknown, note?: string) => void;

const CLASSES = CLASS_NAMES.length;
const EMBED_SIZE = 96;
/** Pixel logistic regression: the cheap model of the label-issue ensemble and of the active-learning curve. */
const PIXEL_LR = { classCount: CLASSES, epochs: 20, l2: 1e-3, learningRate: 0.003, standardize: false } as const;
const HEAD = { ...DEFAULT_HEAD_CONFIG, epochs: 20 };
const KNN = 10;

const seconds = (since: number) => (performance.now() - since) / 1000;
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
const accuracy = (probabilities: ArrayLike<number>[], truth: number[]) =>
  classificationReport(probabilities, truth, [...CLASS_NAMES]).accuracy;

/** 28 px grey images → 96 px RGB → frozen MobileNetV2 features, in batches. */
async function embed(backbone: Backbone, images: Uint8Array[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let start = 0; start < images.length; start += 32) {
    const batch = images.slice(start, start + 32);
    const pixels = new Float32Array(batch.length * PIXELS);
    batch.forEach((image, k) => pixels.set(image, k * PIXELS));
    const features = tf.tidy(() => {
      const grey = tf.image.resizeBilinear(tf.tensor4d(pixels, [batch.length, 28, 28, 1]), [EMBED_SIZE, EMBED_SIZE]);
      return backbone.embed(tf.tile(grey, [1, 1, 1, 3]) as tf.Tensor4D);
    });
    const values = (await features.data()) as Float32Array;
    features.dispose();
    const size = values.length / batch.length;
    for (let k = 0; k < batch.length; k++) out.push(values.slice(k * size, (k + 1) * size));
  }
  return out;
}

const imagesOf = (file: TrainFile, source: number[]) =>
  source.map((i) => file.pixels.subarray(i * PIXELS, (i + 1) * PIXELS));

/** The same garment photographed again: exposure scaled by `gain`, shifted right by `shift` pixels. */
function adjusted(image: Uint8Array, gain: number, shift: number): Uint8Array {
  const out = new Uint8Array(PIXELS);
  for (let y = 0; y < 28; y++) {
    for (let x = shift; x < 28; x++) out[y * 28 + x] = Math.min(255, Math.round(image[y * 28 + x - shift] * gain));
  }
  return out;
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let d = 0; d < a.length; d++) {
    dot += a[d] * b[d];
    na += a[d] * a[d];
    nb += b[d] * b[d];
  }
  return dot / Math.sqrt(na * nb);
}

async function headProbabilities(
  vectors: Float32Array[],
  labels: number[],
  trainIdx: number[],
  predictOn: Float32Array[],
): Promise<Float32Array[]> {
  const { head } = await trainHeadOnVectors({
    classMode: "multiclass",
    classCount: CLASSES,
    featureSize: vectors[0].length,
    train: { variants: trainIdx.map((i) => [vectors[i]]), labels: trainIdx.map((i) => [labels[i]]) },
    config: HEAD,
  });
  try {
    return await predictVectors(head, "multiclass", predictOn);
  } finally {
    head.dispose();
  }
}

/** The ensemble's test probabilities after training on `labels`: pixel LR + head on embeddings. */
async function testProbabilities(
  pixels: { train: Float32Array[]; test: Float32Array[] },
  vectors: { train: Float32Array[]; test: Float32Array[] },
  labels: number[],
) {
  const all = labels.map((_, i) => i);
  const lr = fitSoftmaxRegression(pixels.train, labels, PIXEL_LR).predict(pixels.test);
  const head = await headProbabilities(vectors.train, labels, all, vectors.test);
  return { lr, head, ensemble: averageProbabilities([lr, head]) };
}

export async function dataLoopBenchmarks(report: Report): Promise<void> {
  const file = await readTrainFile();
  const task = buildTask(file, { seed: 13, trainPerClass: 100, testPerClass: 100, poolPerClass: 300, flipRate: 0.05 });
  const given = task.givenLabels;
  const flipped = new Set(task.flipped);
  const pixels = { train: pixelRows(file, task.train.source), test: pixelRows(file, task.test.source) };

  const backbone = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: EMBED_SIZE }));
  let started = performance.now();
  const vectors = {
    train: await embed(backbone, imagesOf(file, task.train.source)),
    test: await embed(backbone, imagesOf(file, task.test.source)),
  };
  report(
    "data_loop_embed_img_per_s",
    (vectors.train.length + vectors.test.length) / seconds(started),
    `mobilenet_v2 ${EMBED_SIZE} px, ${vectors.train.length + vectors.test.length} images`,
  );

  // 1. Label issues: out-of-fold probabilities of four unrelated views of the items, averaged.
  started = performance.now();
  const cpu = process.cpuUsage();
  const oof = (
    fitPredict: (trainIdx: number[], testIdx: number[]) => Promise<ArrayLike<number>[]> | ArrayLike<number>[],
  ) => outOfFoldProbabilities({ labels: given, classCount: CLASSES, folds: 5, seed: 13, fitPredict });
  const members = {
    pixel_lr: await oof((tr, te) =>
      fitSoftmaxRegression(
        tr.map((i) => pixels.train[i]),
        tr.map((i) => given[i]),
        PIXEL_LR,
      ).predict(te.map((i) => pixels.train[i])),
    ),
    // The same linear model on gradient histograms: shapes rather than brightness.
    pixel_gradient_lr: await (async () => {
      const histograms = gradientHistograms(pixels.train, 28);
      return oof((tr, te) =>
        fitSoftmaxRegression(
          tr.map((i) => histograms[i]),
          tr.map((i) => given[i]),
          PIXEL_LR,
        ).predict(te.map((i) => histograms[i])),
      );
    })(),
    // The same linear model on k-means patch features (filters learned from the images, no labels):
    // local shapes wherever they sit within a quarter of the image.
    patch_lr: await (async () => {
      const features = patchFeatures(pixels.train, 28, learnPatchFilters(pixels.train, 28, { seed: 13 }), 4);
      return oof((tr, te) =>
        fitSoftmaxRegression(
          tr.map((i) => features[i]),
          tr.map((i) => given[i]),
          { ...PIXEL_LR, standardize: true },
        ).predict(te.map((i) => features[i])),
      );
    })(),
    embedding_head: await oof((tr, te) =>
      headProbabilities(
        vectors.train,
        given,
        tr,
        te.map((i) => vectors.train[i]),
      ),
    ),
    // Leave-one-out by construction: each item is voted on by its neighbours only.
    pixel_knn: neighborLabelProbabilities(nearestNeighbors(pixels.train, KNN), given, CLASSES),
  };
  // Pooled as the trainer pools them (evaluation.ts labelIssueRows): weights fitted on the given labels.
  const pool = poolLabelIssueMembers(Object.values(members), given, CLASSES);
  const ensemble = pool.probabilities;
  const ranking = rankLabelIssues(ensemble, given, CLASSES, { maxQuality: POOLED_MAX_ISSUE_QUALITY });
  report(
    "data_loop_label_issue_seconds",
    seconds(started),
    `cpu ${cpuSeconds(cpu).toFixed(1)} s; 5-fold x 4 models + kNN + pool`,
  );
  report(
    "data_loop_label_issue_member_weights",
    Object.fromEntries(Object.keys(members).map((name, m) => [name, Number(pool.weights[m]!.toFixed(3))])),
    "log-linear pool, fitted on the given labels",
  );
  const apOf = (probabilities: ArrayLike<number>[]) => {
    const r = rankLabelIssues(probabilities, given, CLASSES);
    return precisionRecallCurve(
      r.ranking.map((item) => -item.quality),
      r.ranking.map((item) => flipped.has(item.index)),
    ).averagePrecision;
  };
  for (const [name, probabilities] of Object.entries(members)) {
    report(
      `data_loop_label_issue_ap_${name}`,
      apOf(probabilities),
      `oof accuracy vs truth ${accuracy(probabilities, task.train.labels).toFixed(3)}`,
    );
  }
  const flagged = ranking.ranking.slice(0, ranking.cut);
  const hits = flagged.filter((item) => flipped.has(item.index)).length;
  const precision = ranking.cut === 0 ? 0 : hits / ranking.cut;
  const recall = hits / flipped.size;
  report("data_loop_label_issue_ap", apOf(ensemble), `pool of ${Object.keys(members).join(" + ")}`);
  report(
    "data_loop_label_issue_ap_plain_average",
    apOf(averageProbabilities(Object.values(members))),
    "the same members averaged with equal weights, for comparison",
  );
  report(
    "data_loop_label_issue_flagged",
    ranking.cut,
    `${flipped.size} flipped of ${given.length}; estimated errors ${ranking.estimatedErrorCount.toFixed(0)} (confident learning: ${ranking.estimatedIssueCount.toFixed(0)})`,
  );
  report(
    "data_loop_label_issue_precision",
    precision,
    `target >= 0.8; estimated from the scores alone ${ranking.estimatedPrecision.toFixed(3)}`,
  );
  report(
    "data_loop_label_issue_recall",
    recall,
    `target >= 0.8; estimated from the scores alone ${ranking.estimatedRecall.toFixed(3)}`,
  );
  report("data_loop_label_issue_estimated_precision", ranking.estimatedPrecision, "what rankLabelIssues reports");
  const hitsAt = (k: number) => ranking.ranking.slice(0, k).filter((item) => flipped.has(item.index)).length;
  report("data_loop_label_issue_hits_at_50", hitsAt(50), "flips among the 50 most suspicious");

  // 2. Simulated reviewer: every flagged label is checked against the truth and corrected.
  const fixed = [...given];
  for (const item of flagged) fixed[item.index] = task.train.labels[item.index];
  started = performance.now();
  const before = await testProbabilities(pixels, vectors, given);
  const after = await testProbabilities(pixels, vectors, fixed);
  const clean = await testProbabilities(pixels, vectors, task.train.labels);
  for (const model of ["ensemble", "lr", "head"] as const) {
    const a = accuracy(before[model], task.test.labels);
    const b = accuracy(after[model], task.test.labels);
    const c = accuracy(clean[model], task.test.labels);
    report(
      `data_loop_fix_lift_${model}`,
      b - a,
      `test accuracy ${a.toFixed(3)} -> ${b.toFixed(3)} after ${hits} fixes (clean labels: ${c.toFixed(3)})`,
    );
  }
  report("data_loop_retrain_seconds", seconds(started), "3 x (pixel LR + head)");

  // 3. Active learning: pixel LR, 100 random labels to start, then 100 per round by margin vs at random.
  started = performance.now();
  const poolPixels = pixelRows(file, task.pool.source);
  const curves: Record<"margin" | "random", number[]> = { margin: [], random: [] };
  for (const strategy of ["margin", "random"] as const) {
    const rng = new TrainingRng(7);
    let labelled = rng.permutation(poolPixels.length).slice(0, CLASSES * 10);
    for (let round = 1; round <= 10; round++) {
      const model = fitSoftmaxRegression(
        labelled.map((i) => poolPixels[i]),
        labelled.map((i) => task.pool.labels[i]),
        PIXEL_LR,
      );
      curves[strategy].push(accuracy(model.predict(pixels.test), task.test.labels));
      if (round === 10) break;
      const taken = new Set(labelled);
      const unlabelled = poolPixels.flatMap((_, i) => (taken.has(i) ? [] : [i]));
      const queue = orderForLabelling(model.predict(unlabelled.map((i) => poolPixels[i])), strategy, 100 + round);
      labelled = [...labelled, ...queue.slice(0, CLASSES * 10).map((q) => unlabelled[q.index])];
    }
  }
  report(
    "data_loop_active_learning_margin",
    curves.margin.map((a) => Number(a.toFixed(3))),
    "test accuracy at 10..100 labels per class",
  );
  report(
    "data_loop_active_learning_random",
    curves.random.map((a) => Number(a.toFixed(3))),
  );
  report(
    "data_loop_active_learning_mean_gain",
    curves.margin.slice(1).reduce((s, a, i) => s + a - curves.random[i + 1], 0) / 9,
    `margin minus random, mean over 20..100 per class; ${seconds(started).toFixed(1)} s`,
  );

  // 4. Near-duplicates: how similar re-takes of a training image stay (re-exposed, shifted by a pixel)
  // against how similar each training image's nearest different garment is, at the default threshold;
  // a planted leak; and the time at 10,000 vectors.
  const originals = imagesOf(file, task.train.source.slice(0, 100));
  const retakes = {
    exposure: await embed(
      backbone,
      originals.map((image, k) => adjusted(image, k % 2 === 0 ? 0.9 : 1.1, 0)),
    ),
    shift: await embed(
      backbone,
      originals.map((image) => adjusted(image, 1, 1)),
    ),
  };
  const planted = (await embed(backbone, [adjusted(originals[0], 0.95, 0)]))[0];
  backbone.dispose();
  const threshold = DEFAULT_NEAR_DUPLICATE_THRESHOLD;
  for (const [kind, copies] of Object.entries(retakes)) {
    const similarity = copies.map((copy, k) => cosine(copy, vectors.train[k])).sort((a, b) => a - b);
    report(
      `data_loop_near_dup_recall_${kind}`,
      similarity.filter((s) => s >= threshold).length / similarity.length,
      `share of 100 re-takes (${kind === "exposure" ? "exposure x0.9/x1.1" : "1 px shift"}) at >= ${threshold}; median similarity ${similarity[50].toFixed(3)}`,
    );
  }
  const nearestOther = Array.from(nearestNeighbors(vectors.train, 1).similarities);
  report(
    "data_loop_near_dup_false_flag_rate",
    nearestOther.filter((s) => s >= threshold).length / nearestOther.length,
    `share of the 1,000 distinct training images whose nearest other image reaches ${threshold}`,
  );
  const splits = [...vectors.train.map(() => "TRAIN"), ...vectors.test.map(() => "TEST"), "TEST"];
  const leakCheck = findNearDuplicates([...vectors.train, ...vectors.test, planted], { splits });
  const plantedIndex = vectors.train.length + vectors.test.length;
  report(
    "data_loop_planted_leak_flagged",
    leakCheck.leaks.some((p) => p.a === 0 && p.b === plantedIndex),
    `training image 0 re-exposed x0.95 in the test split; ${leakCheck.leaks.length} leak pairs, ${leakCheck.groups.length} groups in 2,001 images`,
  );
  // 10,000 rows: each real embedding blended with another at random (distinct, realistic vectors).
  const realRows = [...vectors.train, ...vectors.test];
  const mixRng = new TrainingRng(5);
  const many = Array.from({ length: 10_000 }, (_, i) => {
    const a = realRows[i % realRows.length];
    const b = realRows[mixRng.int(realRows.length)];
    const w = 0.6 + 0.4 * mixRng.next();
    return a.map((v, d) => w * v + (1 - w) * b[d]);
  });
  started = performance.now();
  let cpuAt = process.cpuUsage();
  const big = findNearDuplicates(many, { splits: many.map((_, i) => (i % 10 === 0 ? "TEST" : "TRAIN")) });
  report(
    "data_loop_near_dup_10000_seconds",
    seconds(started),
    `target <= 10 s; cpu ${cpuSeconds(cpuAt).toFixed(1)} s; ${big.pairs.length} pairs; full dot products for ${big.stats.exactChecks} of ${big.stats.pairs} pairs`,
  );
  started = performance.now();
  cpuAt = process.cpuUsage();
  const realLabels = [...task.train.labels, ...task.test.labels];
  const outliers = findOutliers(
    many,
    many.map((_, i) => realLabels[i % realLabels.length]),
    CLASSES,
  );
  report(
    "data_loop_outliers_10000_seconds",
    seconds(started),
    `cpu ${cpuSeconds(cpuAt).toFixed(1)} s; ${outliers.filter((o) => o.outlier).length} outliers`,
  );
  started = performance.now();
  cpuAt = process.cpuUsage();
  const map = projectEmbeddings(many);
  report(
    "data_loop_projection_10000_seconds",
    seconds(started),
    `PCA 2-D; cpu ${cpuSeconds(cpuAt).toFixed(1)} s; explained ${map.explainedVariance.map((v) => v.toFixed(3)).join(" + ")}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { initBackend } = await import("@headstart/ml-core");
  await initBackend();
  const summary: Record<string, unknown> = {};
  const report: Report = (key, value, note = "") => {
    summary[key] = value;
    console.log(
      `${key}: ${typeof value === "number" ? value.toFixed(3) : JSON.stringify(value)}${note ? `  (${note})` : ""}`,
    );
  };
  report("load_average_1m_at_start", loadavg()[0], `${cpus().length} cores`);
  await dataLoopBenchmarks(report);
  report("load_average_1m_at_end", loadavg()[0]);
  console.log(JSON.stringify(summary));
}

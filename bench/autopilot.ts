// Part `autopilot` of `npm run bench` (issue 12): on each held-out Fashion-MNIST task (built from the
// train file by packages/ml-core/scripts/make-heldout-tasks.ts, never from the sample, never tuned on
// its test split) it reports the pixel baseline, the reference recipe and the recommended config
// (one run, no search) with test accuracy and wall time. Alone:
//   node --import tsx bench/autopilot.ts            (HEADSTART_AUTOPILOT_TASKS=ten-class-100,... picks tasks)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
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
  embedAtCuts,
  imagesToBatch,
  type LabelledImage,
  loadBackbone,
  loadImageFolder,
  MemoryEmbeddingStore,
  MOBILENET_CUTS,
  type MobileNetCut,
  pixelBaseline,
  predictVectors,
  REFERENCE_PRESET,
  type RecipeConfig,
  recommendRunConfig,
  sha256Hex,
  trainClassifier,
  trainConfigOf,
} from "@headstart/ml-core";
import * as tf from "@tensorflow/tfjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const HELDOUT_DIR = path.join(ROOT, ".data", "heldout");
export const HELDOUT_TASKS = [
  "ten-class-100",
  "pullover-vs-coat-250",
  "tshirt-vs-shirt-250",
  "sandal-vs-sneaker-250",
] as const;
/** Fashion-MNIST's native side. */
const NATIVE_SIZE = 28;
const MOBILENET_SIZE = 96;
const SEED = 1;

type Report = (key: string, value: unknown, note?: string) => void;

interface HeldoutTask {
  name: string;
  labels: string[];
  classMode: ClassMode;
  /** train + val (split as written); test kept apart. */
  images: LabelledImage[];
  test: LabelledImage[];
}

async function loadTask(name: string): Promise<HeldoutTask> {
  const root = path.join(HELDOUT_DIR, name);
  if (!existsSync(root)) {
    // Deterministic (seeded) and ~10 s: build the tasks from Fashion-MNIST's train file on first use.
    const script = path.join(ROOT, "packages", "ml-core", "scripts", "make-heldout-tasks.ts");
    const built = spawnSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
    if (built.status !== 0 || !existsSync(root)) {
      throw new Error(`${root} is missing and ${script} could not build it (see its error above)`);
    }
  }
  const { labels, images } = await loadImageFolder(root);
  const test: LabelledImage[] = [];
  for (const [label, folder] of labels.entries()) {
    const dir = path.join(root, "test", folder);
    for (const file of (await readdir(dir)).sort()) {
      const bytes = new Uint8Array(await readFile(path.join(dir, file)));
      // Test images carry split "val" only because LabelledImage has no test split; they are scored, never trained on.
      test.push({ sha256: sha256Hex(bytes), labels: [label], split: "val", name: file, read: async () => bytes });
    }
  }
  return { name, labels, classMode: labels.length === 2 ? "binary" : "multiclass", images, test };
}

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
  testAccuracy: number;
  wallSeconds: number;
  epochsRun: number;
  bestEpoch: number;
}

/**
 * Trains one recipe on the task and scores it on the test split. Frozen recipes are scored through
 * their head on test embeddings at the recipe's cut (computed once per task); anything that changes
 * the backbone is scored through the full model.
 */
async function runRecipe(
  task: HeldoutTask,
  recipe: RecipeConfig,
  mobilenet: Backbone,
  testFeatures: Map<MobileNetCut, Float32Array[]>,
): Promise<RunFigures> {
  const started = performance.now();
  const config = trainConfigOf(recipe, SEED);
  let backbone: Backbone;
  let owned = false;
  if (recipe.backbone === "scratch") {
    backbone = await loadBackbone(backboneSpec("scratch", { inputSize: recipe.inputSize }), { seed: SEED });
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
    store: new MemoryEmbeddingStore(),
  });
  try {
    const valAccuracy = accuracy(result.validation.probabilities, result.validation.images, task.labels);
    const frozen = recipe.backbone === "mobilenet_v2" && recipe.fineTuneBlocks === 0;
    const testProbabilities = frozen
      ? await predictVectors(result.head, task.classMode, testFeatures.get(recipe.featureLayer ?? "out_relu")!)
      : await predictPixels(result.model, task.test, recipe.inputSize, task.classMode);
    return {
      valAccuracy,
      testAccuracy: accuracy(testProbabilities, task.test, task.labels),
      wallSeconds: (performance.now() - started) / 1000,
      epochsRun: result.history.length,
      bestEpoch: result.bestEpoch,
    };
  } finally {
    result.dispose();
    if (owned) backbone.dispose();
  }
}

export async function autopilotBenchmarks(report: Report): Promise<void> {
  const wanted = process.env.HEADSTART_AUTOPILOT_TASKS?.split(",")
    .map((t) => t.trim())
    .filter(Boolean) ?? [...HELDOUT_TASKS];
  const mobilenet = await loadBackbone(backboneSpec("mobilenet_v2", { inputSize: MOBILENET_SIZE }));
  try {
    for (const name of wanted) {
      const task = await loadTask(name);
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

      let embedStarted = performance.now();
      const testFeatures = await embedAtCuts(mobilenet, task.test, MOBILENET_CUTS);
      report(
        `autopilot_${key}_test_embed_img_per_s`,
        task.test.length / ((performance.now() - embedStarted) / 1000),
        `${task.test.length} test images at ${MOBILENET_SIZE} px, 4 cuts in one pass`,
      );

      const reference = await runRecipe(task, REFERENCE_PRESET.config, mobilenet, testFeatures);
      report(
        `autopilot_${key}_reference_test_accuracy`,
        reference.testAccuracy,
        `${REFERENCE_PRESET.title} at ${MOBILENET_SIZE} px; val ${reference.valAccuracy.toFixed(3)}, ${reference.wallSeconds.toFixed(0)} s`,
      );

      embedStarted = performance.now();
      const recommendation = await recommendRunConfig({
        images: task.images,
        labels: task.labels,
        classMode: task.classMode,
        nativeSize: NATIVE_SIZE,
        embed: (images, cuts, signal) => embedAtCuts(mobilenet, images, cuts, { signal }),
      });
      const m = recommendation.measurements;
      report(
        `autopilot_${key}_recommend_seconds`,
        (performance.now() - embedStarted) / 1000,
        `${m.probedImages} images probed, ${m.folds} folds`,
      );
      report(`autopilot_${key}_probe`, {
        pixels: Number(m.pixelProbeAccuracy.toFixed(3)),
        ...Object.fromEntries(Object.entries(m.cutProbeAccuracy).map(([c, a]) => [c, Number(a!.toFixed(3))])),
      });
      report(
        `autopilot_${key}_recommended_strategy`,
        recommendation.strategy,
        recommendation.reasons.find((r) => r.field === "strategy")!.sentence,
      );

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

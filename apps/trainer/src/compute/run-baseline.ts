// The pixel baseline beside every run (issue 12): logistic regression on downscaled raw pixels,
// trained on the run's own train split, chosen on its val split and scored once on its test split.
// It runs on the compute worker at the end of the attempt (seconds) and lands in Run.metrics.baseline,
// so a run that learnt less than the pixels already say can be told so.

import { isAbortError, type LabelledImage, type PixelDecoder, pixelBaseline } from "@headstart/ml-core";
import type { AttemptInput } from "./protocol.ts";

/** What Run.metrics.baseline holds (per-class figures stay out: the run's own are beside it). */
export interface RunBaseline {
  model: "logistic-regression-on-pixels";
  /** Side in pixels the images were downscaled to, and their channels (1 when every image is grey). */
  size: number;
  channels: number;
  l2: number;
  trainAccuracy: number;
  valAccuracy: number | null;
  valLogLoss: number | null;
  testAccuracy: number | null;
  testLogLoss: number | null;
  seconds: number;
}

/** Side the baseline downsizes to: Fashion-MNIST's native 28 px, which keeps it seconds on two cores. */
const BASELINE_SIZE = 28;

/**
 * The baseline for this attempt's split, or null (logged) when it cannot be computed: it is context
 * for the run's figures, so a failure here never fails the run. A stop request still stops it.
 */
export async function runPixelBaseline(
  input: AttemptInput,
  images: readonly LabelledImage[],
  readTest: (image: AttemptInput["test"][number]) => Promise<Uint8Array>,
  // decode: the attempt's DecodedPixelCache, so the label-issue pixel models and later runs share the pixels.
  options: { signal: AbortSignal; log(message: string): void; decode?: PixelDecoder },
): Promise<RunBaseline | null> {
  const labelIndex = new Map(input.labels.map((label, i) => [label, i]));
  const test: LabelledImage[] = input.test.map((image) => ({
    sha256: image.sha256,
    name: image.id,
    // Not read: pixelBaseline takes the test images apart from the train/val ones.
    split: "val",
    labels: image.labels.map((label) => labelIndex.get(label)!),
    read: () => readTest(image),
  }));
  try {
    const result = await pixelBaseline({
      images,
      test,
      labels: input.labels,
      classMode: input.classMode,
      size: BASELINE_SIZE,
      decode: options.decode,
      signal: options.signal,
    });
    return {
      model: result.model,
      size: result.size,
      channels: result.channels,
      l2: result.l2,
      trainAccuracy: result.trainAccuracy,
      valAccuracy: result.val?.accuracy ?? null,
      valLogLoss: result.val?.logLoss ?? null,
      testAccuracy: result.test?.accuracy ?? null,
      testLogLoss: result.test?.logLoss ?? null,
      seconds: result.seconds,
    };
  } catch (error) {
    if (isAbortError(error) || options.signal.aborted) throw error;
    options.log(`run ${input.runId}: no pixel baseline (${(error as Error).message})`);
    return null;
  }
}

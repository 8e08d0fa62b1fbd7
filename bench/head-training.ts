import { DEFAULT_HEAD_CONFIG, type InferenceEngineName, TrainingRng, trainHeadOnVectors } from "@headstart/ml-core";

export interface HeadTrainingTiming {
  /** Median wall seconds over the timed runs (after one untimed warm-up run). */
  seconds: number;
  /** Median process CPU seconds (user + system) over the same runs: less sensitive to other load. */
  cpuSeconds: number;
  /** Wall seconds of the first, cold run (kernel setup, JIT). */
  coldSeconds: number;
  trainAcc: number;
  /** The engine the steps ran on (ONNX Runtime unless it could not load, or tfjs was asked for). */
  engine: InferenceEngineName;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * 10 epochs of the reference head on 1,000 cached 1,280-d vectors (batch 64), on `engine` ("auto":
 * ONNX Runtime steps when it loads; "tfjs": hand-written gradients and fused Adam on tfjs).
 */
export async function headTrainingSeconds(runs = 3, engine: "auto" | "tfjs" = "auto"): Promise<HeadTrainingTiming> {
  const rng = new TrainingRng(3);
  const n = 1000;
  const dim = 1280;
  // Non-negative like post-ReLU pooled features, with a class-dependent shift on some dimensions.
  const variants = Array.from({ length: n }, (_, i) => {
    const v = new Float32Array(dim);
    for (let d = 0; d < dim; d++) v[d] = rng.next() * 2 + (d % 10 === i % 2 ? 0.5 : 0);
    return [v];
  });
  const labels = Array.from({ length: n }, (_, i) => [i % 2]);
  const once = async () => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const {
      head,
      history,
      engine: used,
    } = await trainHeadOnVectors({
      classMode: "binary",
      classCount: 2,
      featureSize: dim,
      train: { variants, labels },
      config: { ...DEFAULT_HEAD_CONFIG, epochs: 10, batchSize: 64 },
      engine,
    });
    const seconds = (performance.now() - started) / 1000;
    const cpuUsed = process.cpuUsage(cpu);
    head.dispose();
    return { seconds, cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6, trainAcc: history.at(-1)!.acc, engine: used };
  };
  const cold = await once();
  const timed = [];
  for (let i = 0; i < runs; i++) timed.push(await once());
  return {
    seconds: median(timed.map((t) => t.seconds)),
    cpuSeconds: median(timed.map((t) => t.cpuSeconds)),
    coldSeconds: cold.seconds,
    trainAcc: timed.at(-1)!.trainAcc,
    engine: timed.at(-1)!.engine,
  };
}

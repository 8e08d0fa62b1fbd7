import { trainHeadOnVectors, DEFAULT_HEAD_CONFIG, TrainingRng } from '@headstart/ml-core';

/** Seconds for 10 epochs of the reference head on 1,000 cached 1,280-d vectors (batch 64). */
export async function headTrainingSeconds(): Promise<{ seconds: number; trainAcc: number }> {
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
  const started = performance.now();
  const { head, history } = await trainHeadOnVectors({
    classMode: 'binary', classCount: 2, featureSize: dim, train: { variants, labels },
    config: { ...DEFAULT_HEAD_CONFIG, epochs: 10, batchSize: 64 },
  });
  const seconds = (performance.now() - started) / 1000;
  head.dispose();
  return { seconds, trainAcc: history.at(-1)!.acc };
}

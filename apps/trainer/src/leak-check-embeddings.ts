// Caches the plain embeddings of a version's TEST images too. Training and the label-issue folds
// already cache every TRAIN and VAL image's; test images are only scored by the finished model, so
// without this the API's near-duplicate check (packages/domain/src/data-loop/version-data-quality.ts)
// could never see a training image leaking into the test split. One backbone pass per test image,
// once per image ever (the cache is shared by content hash).

import { type Backbone, type EmbeddingStore, featurize, type InferenceOptions } from "@headstart/ml-core";
import type { SnapshotImage } from "@headstart/runs";

export async function cacheTestEmbeddings(options: {
  test: SnapshotImage[];
  readImage(image: SnapshotImage): Promise<Uint8Array>;
  backbone: Backbone;
  store: EmbeddingStore;
  batchSize: number;
  inference: InferenceOptions;
  signal: AbortSignal;
}): Promise<void> {
  if (options.test.length === 0) return;
  await featurize({
    backbone: options.backbone,
    store: options.store,
    augmentation: null,
    batchSize: Math.max(options.batchSize, 32),
    inference: options.inference,
    signal: options.signal,
    requests: options.test.map((image) => ({
      image: {
        sha256: image.sha256,
        read: () => options.readImage(image),
        labels: [],
        split: "val" as const,
        name: image.id,
      },
    })),
  });
}

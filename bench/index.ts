// `npm run bench`: prints one line per figure as it is measured, then ONE JSON summary line last.
import { availableParallelism } from 'node:os';
import { initBackend } from '@headstart/ml-core';
import { embedSingleThread, embedWorkers } from './embedding.ts';
import { headTrainingSeconds } from './head-training.ts';
import { loadSampleBackbone, sampleRun } from './sample-runs.ts';
import { runsBenchmarks } from './runs-suite.ts';

const summary: Record<string, unknown> = {};
const report = (key: string, value: unknown, note = '') => {
  summary[key] = value;
  console.log(`${key}: ${typeof value === 'number' ? value.toFixed(3) : JSON.stringify(value)}${note ? `  (${note})` : ''}`);
};

const backend = await initBackend();
report('backend', backend.backend, `simd=${backend.simd ?? '-'} threads=${backend.threads ?? '-'}`);
const cores = availableParallelism();

for (const size of [224, 96]) {
  const batches = size === 224 ? 4 : 8;
  report(`embed_mobilenet_v2_${size}_img_per_s_1_thread`, await embedSingleThread(size, batches));
  report(`embed_mobilenet_v2_${size}_img_per_s_${cores}_workers`, await embedWorkers(size, cores, batches));
}

const head = await headTrainingSeconds();
report('head_train_10_epochs_1000x1280_seconds', head.seconds, `target <= 0.5 s; train acc ${head.trainAcc.toFixed(3)}`);

// Fashion-MNIST images are 28 px: 96 px keeps every detail and is ~10x cheaper to embed than 224.
const SAMPLE_SIZE = 96;
const mobilenet = await loadSampleBackbone('mobilenet_v2', SAMPLE_SIZE);
const reference = await sampleRun(mobilenet, {});
report('sample_reference_transfer_aug', reference, '10 epochs, augmentation on (4 cached variants per image)');
const transferPlain = await sampleRun(mobilenet, { augmentation: null });
report('sample_transfer_no_aug', transferPlain);
mobilenet.dispose();

const scratch = await loadSampleBackbone('scratch', SAMPLE_SIZE);
const scratchRun = await sampleRun(scratch, { augmentation: null });
report('sample_scratch_frozen_no_aug', scratchRun, 'random frozen scratch base + trained head');
scratch.dispose();

// Fine-tune step timing needs the backbone split for fine-tuning (ml-core part A); reported as absent until it lands.
report('fine_tune_step_top2_batch64_seconds', null, 'not measured: splitForFineTune is not available yet');

// Issue 5: runs through the real stack (Postgres, API and trainer processes); alone: node --import tsx bench/runs-suite.ts
await runsBenchmarks(report);

console.log(JSON.stringify(summary));

// ml-core asks for an Augmenter that draws image i's transform from seeds[i]
// alone, so augmented variant v of an image is identical in every run and can
// be shared through the embedding cache. The affine maths and the batched
// resampling are ml-core's; this only feeds each image its own random stream.

import * as tf from "@tensorflow/tfjs";
import { applyAffine, sampleAffine, TrainingRng, type Augmenter } from "@headstart/ml-core";

export const seededAugmenter: Augmenter = (pixels, settings, seeds) => {
  const [n, height, width] = pixels.shape;
  if (seeds.length !== n) throw new RangeError(`got ${seeds.length} seeds for ${n} images`);
  const config = {
    rotationDeg: settings.rotation,
    widthShift: settings.widthShift,
    heightShift: settings.heightShift,
    zoom: settings.zoom,
    horizontalFlip: settings.horizontalFlip,
    fillMode: "nearest" as const,
  };
  const params = seeds.map((seed) => sampleAffine(config, width, height, new TrainingRng(seed)));
  return tf.tidy(() => applyAffine(pixels, params, config));
};

import * as tf from "@tensorflow/tfjs";
import { finishBackbone } from "./finish.ts";
import { preprocessingLayer } from "./preprocessing.ts";
import type { Backbone, BackboneBlock, BackboneSpec } from "./types.ts";

/** Conv widths of the four blocks and how many 3×3 convolutions each block stacks. */
export interface ScratchArchitecture {
  filters: readonly [number, number, number, 128];
  convsPerBlock: readonly [number, number, number, number];
  /**
   * The last feature map is flattened (keeping where things are) instead of averaged when its side
   * is at most this; 0 = always global average pooling. See SCRATCH_CNN4.
   */
  flattenMapUpTo: number;
}

/** The default architecture: four single conv–BN–ReLU blocks of 16/32/64/128 filters, averaged to 128 features. */
export const SCRATCH_CNN4: ScratchArchitecture = {
  filters: [16, 32, 64, 128],
  convsPerBlock: [1, 1, 1, 1],
  flattenMapUpTo: 0,
};

/**
 * SCRATCH_CNN4 with its last map flattened at small native sizes (28-32 px: a 4×4 map, 2048
 * features) instead of averaged, keeping where a collar, buttons or sleeves are. Not the default.
 * Issue 12, validation splits of the held-out tasks (28 px, the scratch recipe, 40 epochs, load ~2):
 * T-shirt vs shirt 0.870 / 0.855 / 0.850 (seeds 1-3) against 0.840 / 0.835 / 0.825 averaged, ten
 * classes 0.834 against 0.838; the recommended single run on T-shirt vs shirt scored 0.810 on test
 * (0.788 averaged, pixel baseline 0.816). But it starts slower: after an AUTO search's 3-epoch first
 * rung it validated 0.665 on pullover vs coat (0.775 averaged) and 0.760 on sandal vs sneaker (0.825),
 * so the search picked the frozen MobileNet head and AUTO scored 0.869 and 0.949 on test (0.889 and
 * 0.966 averaged). Worth it once the search judges recipes past their first epochs.
 */
export const SCRATCH_CNN4_FLAT: ScratchArchitecture = { ...SCRATCH_CNN4, flattenMapUpTo: 4 };

/**
 * Twice the width in the lower blocks and two convolutions in the first two: the shape of the
 * PyTorch small CNNs of issue 12. Not the default: on tfjs WASM (two shared cores, load ~10-16) one
 * training step of 64 images at 32 px took ~4 s against ~0.9 s for CNN4, and a 20-epoch CNN4 run
 * with the one-cycle recipe already reached 0.81-0.82 validation accuracy on the ten-class
 * held-out task; the recipe (native size, schedule, augmentation) mattered more than the width.
 */
export const SCRATCH_WIDE: ScratchArchitecture = {
  filters: [32, 64, 128, 128],
  convsPerBlock: [2, 2, 1, 1],
  flattenMapUpTo: 0,
};

export const SCRATCH_BLOCKS: readonly BackboneBlock[] = [1, 2, 3, 4].map((i) => ({
  name: `block_${i}`,
  firstLayer: `block_${i}_conv`,
}));

/**
 * The no-transfer baseline: four conv–BN–ReLU blocks (2× max-pooling between them) from a seeded He
 * initialisation, trainable end to end (TrainConfig.endToEnd), pooled to 128 features (flattened at
 * small sizes with SCRATCH_CNN4_FLAT; SCRATCH_CNN4 unless another architecture is given). Its
 * BatchNormalization layers train normally: there are no pretrained statistics to protect.
 */
export function buildScratch(spec: BackboneSpec, seed = 1, architecture: ScratchArchitecture = SCRATCH_CNN4): Backbone {
  const input = tf.input({ shape: [spec.inputSize, spec.inputSize, 3], name: "input" });
  let x = preprocessingLayer(spec.preprocessing).apply(input) as tf.SymbolicTensor;
  architecture.filters.forEach((filters, i) => {
    const block = `block_${i + 1}`;
    for (let k = 0; k < architecture.convsPerBlock[i]; k++) {
      // The first layer of each block keeps its historical name: fine-tuning splits start there.
      const suffix = k === 0 ? "" : `_${k + 1}`;
      x = tf.layers
        .conv2d({
          filters,
          kernelSize: 3,
          padding: "same",
          useBias: false,
          kernelInitializer: tf.initializers.heNormal({ seed: seed * 101 + i + 17 * k }),
          name: `${block}_conv${suffix}`,
        })
        .apply(x) as tf.SymbolicTensor;
      // Momentum 0.9 rather than Keras' 0.99: a small dataset gives only ~10 steps per epoch, and with
      // 0.99 the moving statistics used at inference would still sit near their initial values after
      // a 10-epoch run, so validation would see a different network than training did.
      x = tf.layers.batchNormalization({ momentum: 0.9, name: `${block}_bn${suffix}` }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.reLU({ name: `${block}_relu${suffix}` }).apply(x) as tf.SymbolicTensor;
    }
    // "same" pooling keeps the border of sizes that are not a multiple of 16 (28 px: 28→14→7→4, where
    // "valid" would drop the 7×7 map's last row and column); on multiples of 16 both are identical.
    if (i < architecture.filters.length - 1)
      x = tf.layers.maxPooling2d({ poolSize: 2, padding: "same", name: `${block}_pool` }).apply(x) as tf.SymbolicTensor;
  });
  const side = x.shape[1] as number;
  if (side <= architecture.flattenMapUpTo)
    x = tf.layers.flatten({ name: "block_4_flatten" }).apply(x) as tf.SymbolicTensor;
  const cut = tf.model({ inputs: input, outputs: x, name: "scratch_cnn" });
  // A flattened small map's feature count follows the input size, so it is read off the model.
  return finishBackbone(
    cut,
    { ...spec, featureSize: side <= architecture.flattenMapUpTo ? 0 : spec.featureSize },
    SCRATCH_BLOCKS,
  );
}

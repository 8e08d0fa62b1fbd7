/**
 * Random geometric augmentation, Keras ImageDataGenerator semantics: rotation in ±rotationDeg,
 * shifts as fractions of width/height, zoom factors drawn independently per axis from
 * [1 − zoom, 1 + zoom] (above 1 shows more of the image, i.e. zooms out), optional horizontal flip.
 */
export interface AugmentationConfig {
  rotationDeg: number;
  widthShift: number;
  heightShift: number;
  zoom: number;
  horizontalFlip: boolean;
  /** How pixels sampled from outside the image are filled; Keras' default is 'nearest'. */
  fillMode?: "nearest" | "constant" | "reflect" | "wrap";
  /** For fillMode 'constant', in 0..255. */
  fillValue?: number;
}

/** The reference recipe's augmentation. */
export const REFERENCE_AUGMENTATION: Readonly<AugmentationConfig> = {
  rotationDeg: 20,
  widthShift: 0.2,
  heightShift: 0.2,
  zoom: 0.2,
  horizontalFlip: true,
  fillMode: "nearest",
};

export function validateAugmentation(config: AugmentationConfig): void {
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new RangeError(`Invalid augmentation: ${message}`);
  };
  check(
    Number.isFinite(config.rotationDeg) && config.rotationDeg >= 0 && config.rotationDeg <= 180,
    `rotationDeg must be in 0..180, got ${config.rotationDeg}`,
  );
  check(
    Number.isFinite(config.widthShift) && config.widthShift >= 0 && config.widthShift < 1,
    `widthShift must be in [0, 1), got ${config.widthShift}`,
  );
  check(
    Number.isFinite(config.heightShift) && config.heightShift >= 0 && config.heightShift < 1,
    `heightShift must be in [0, 1), got ${config.heightShift}`,
  );
  check(
    Number.isFinite(config.zoom) && config.zoom >= 0 && config.zoom < 1,
    `zoom must be in [0, 1), got ${config.zoom}`,
  );
  check(typeof config.horizontalFlip === "boolean", "horizontalFlip must be a boolean");
}

/** Any stream of uniform floats in [0, 1); the training loop's seeded RNG satisfies it. */
export interface RandomSource {
  next(): number;
}

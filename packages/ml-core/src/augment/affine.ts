import type { AugmentationConfig, RandomSource } from "./config.ts";

/** One image's draw. Kept explicit so a test (or a cache key) can name an exact transform. */
export interface AffineParams {
  angleDeg: number;
  /** Content shift in pixels (+x right, +y down). */
  shiftX: number;
  shiftY: number;
  zoomX: number;
  zoomY: number;
  flip: boolean;
}

export const IDENTITY: Readonly<AffineParams> = { angleDeg: 0, shiftX: 0, shiftY: 0, zoomX: 1, zoomY: 1, flip: false };

const uniform = (rng: RandomSource, low: number, high: number) => low + (high - low) * rng.next();

/** Draws exactly six numbers per image in a fixed order, so a seed fixes every image's transform. */
export function sampleAffine(
  config: AugmentationConfig,
  width: number,
  height: number,
  rng: RandomSource,
): AffineParams {
  const angleDeg = uniform(rng, -config.rotationDeg, config.rotationDeg);
  const shiftX = uniform(rng, -config.widthShift, config.widthShift) * width;
  const shiftY = uniform(rng, -config.heightShift, config.heightShift) * height;
  const zoomX = uniform(rng, 1 - config.zoom, 1 + config.zoom);
  const zoomY = uniform(rng, 1 - config.zoom, 1 + config.zoom);
  const flipDraw = rng.next();
  return { angleDeg, shiftX, shiftY, zoomX, zoomY, flip: config.horizontalFlip && flipDraw < 0.5 };
}

/**
 * The 8-number projective transform tf.image.transform expects, mapping each *output* pixel (x =
 * column, y = row) to the input position it samples:
 *   in = c + R(θ)·Z·F·(out − c) − shift,  c = image centre,
 * F mirrors x when flipping, Z scales by the zoom factors, R rotates. One matrix per image, so
 * all four operations cost a single resampling pass.
 */
export function affineMatrix(p: AffineParams, width: number, height: number): number[] {
  const theta = (p.angleDeg * Math.PI) / 180;
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const fx = p.flip ? -1 : 1;
  // A = R · Z · F
  const a00 = cos * p.zoomX * fx;
  const a01 = -sin * p.zoomY;
  const a10 = sin * p.zoomX * fx;
  const a11 = cos * p.zoomY;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const b0 = cx - (a00 * cx + a01 * cy) - p.shiftX;
  const b1 = cy - (a10 * cx + a11 * cy) - p.shiftY;
  return [a00, a01, b0, a10, a11, b1, 0, 0];
}

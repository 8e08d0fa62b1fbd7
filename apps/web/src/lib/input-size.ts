// The new-run form's input size, suggested per dataset. The reference recipe
// uses 224 px, but every image is resized to the input square before the
// backbone sees it, so upscaling a small image adds no detail — only cost:
// embedding time grows with the square of the side (on 2 cores, about 26
// images/s at 96 px against about 4 at 224 px). The suggestion is the
// smallest size the backbone accepts that does not shrink a typical image.

/** Input sides the MobileNetV2 backbone accepts (runs config validation). */
export const INPUT_SIZES = [96, 128, 160, 192, 224] as const;
export type InputSize = (typeof INPUT_SIZES)[number];

export const REFERENCE_INPUT_SIZE: InputSize = 224;

export interface InputSizeSuggestion {
  size: InputSize;
  /** Median longer side of the images looked at, in pixels; null when there were none. */
  typicalSide: number | null;
}

/**
 * Suggests an input size from a sample of the dataset's image dimensions.
 * Uses the median longer side so a few large outliers don't decide for a
 * dataset of small images (or the other way round). No images: the reference.
 */
export function suggestInputSize(images: readonly { width: number; height: number }[]): InputSizeSuggestion {
  const sides = images
    .map((image) => Math.max(image.width, image.height))
    .filter((side) => Number.isFinite(side) && side > 0)
    .sort((a, b) => a - b);
  if (sides.length === 0) return { size: REFERENCE_INPUT_SIZE, typicalSide: null };
  const mid = Math.floor(sides.length / 2);
  const typicalSide = sides.length % 2 === 1 ? sides[mid] : (sides[mid - 1] + sides[mid]) / 2;
  const size = INPUT_SIZES.find((candidate) => candidate >= typicalSide) ?? REFERENCE_INPUT_SIZE;
  return { size, typicalSide };
}

/** The one-line help under the input-size knob, naming why this size was picked. */
export function inputSizeHelp(suggestion: InputSizeSuggestion | null): string {
  const base = "Side of the square the images are resized to. Smaller is faster but sees less detail.";
  if (!suggestion || suggestion.typicalSide === null) return base;
  const side = Math.round(suggestion.typicalSide);
  if (suggestion.size === REFERENCE_INPUT_SIZE && side >= REFERENCE_INPUT_SIZE) {
    return `${base} This dataset's images are about ${side} px, so the full ${REFERENCE_INPUT_SIZE} px is worth it.`;
  }
  return `Suggested ${suggestion.size} px: this dataset's images are about ${side} px, so a larger input adds embedding time (about 5× at 224 px), not detail.`;
}

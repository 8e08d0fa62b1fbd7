export interface EmbeddingKeyParts {
  backboneId: string;
  backboneVersion: string;
  inputSize: number;
  /** Name of the pixel preprocessing (e.g. "minus1to1"); different scaling means different vectors. */
  preprocessing: string;
  /** sha256 of the encoded image. */
  sha256: string;
  /** Which augmented variant (0-based); absent for the un-augmented image. */
  variant?: number;
  /** Hash of the augmentation parameters the variant was drawn with. */
  augmentationHash?: string;
  /** Layer whose output is stored, when it is not the backbone's feature output (fine-tune cut). */
  layer?: string;
}

/**
 * Everything that changes the vector is part of the key, so a cached entry can never be reused for
 * a different backbone, size, preprocessing, augmentation or layer.
 */
export function embeddingKey(parts: EmbeddingKeyParts): string {
  const segments = [
    `${parts.backboneId}@${parts.backboneVersion}`,
    `${parts.inputSize}px`,
    parts.preprocessing,
    parts.layer ? `layer:${parts.layer}` : "features",
    parts.variant === undefined ? "original" : `aug:${parts.augmentationHash ?? "default"}:${parts.variant}`,
    parts.sha256,
  ];
  return segments.join("/");
}

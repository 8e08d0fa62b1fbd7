import type { ClassMode } from "../train/class-mode.ts";

/** What a saved model needs besides its weights to be used correctly later. */
export interface ModelManifest {
  format: "headstart-classifier";
  formatVersion: 1;
  /** 'full': image pixels in, probabilities out. 'head': pooled features in (needs the same backbone). */
  kind: "full" | "head";
  labels: string[];
  classMode: ClassMode;
  inputSize: number;
  /** Name of the pixel preprocessing the backbone expects (applied before the model). */
  preprocessing: string;
  backbone: { id: string; version: string; featureSize: number };
  /** Confidence under which a prediction is withheld. */
  threshold: number;
  /** Evaluation figures at save time (accuracy, macroF1, ...). */
  metrics: Record<string, number>;
}

/** Thrown for unreadable, incomplete or foreign model artifacts; re-export the model. */
export class ModelFormatError extends Error {
  override name = "ModelFormatError";
}

const CLASS_MODES = new Set(["binary", "multiclass", "multilabel"]);

export function parseManifest(text: string): ModelManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelFormatError(`manifest.json is not valid JSON (${(error as Error).message}); re-export the model`);
  }
  const m = value as Partial<ModelManifest> | null;
  const problem =
    m === null || typeof m !== "object"
      ? "it is not an object"
      : m.format !== "headstart-classifier"
        ? `format is ${JSON.stringify(m.format)}, expected "headstart-classifier"`
        : m.formatVersion !== 1
          ? `formatVersion ${m.formatVersion} is not supported (this build reads 1)`
          : m.kind !== "full" && m.kind !== "head"
            ? `kind must be "full" or "head"`
            : !Array.isArray(m.labels) || m.labels.length < 2 || !m.labels.every((l) => typeof l === "string")
              ? "labels must list at least two names"
              : !CLASS_MODES.has(m.classMode as string)
                ? `classMode ${JSON.stringify(m.classMode)} is unknown`
                : !Number.isInteger(m.inputSize)
                  ? "inputSize must be an integer"
                  : typeof m.preprocessing !== "string"
                    ? "preprocessing must be a name"
                    : typeof m.backbone?.id !== "string" || typeof m.backbone?.version !== "string"
                      ? "backbone id/version missing"
                      : typeof m.threshold !== "number" || m.threshold < 0 || m.threshold > 1
                        ? "threshold must be a number in [0, 1]"
                        : null;
  if (problem) throw new ModelFormatError(`manifest.json is invalid: ${problem}`);
  return { ...(m as ModelManifest), metrics: m!.metrics ?? {} };
}

// Rules for dataset names, label names, and how many labels an image carries
// under each task. Pure, so the API and the CLI enforce the same rules.
export type Task = "BINARY" | "MULTICLASS" | "MULTILABEL";

export const MAX_LABELS = 1000;
const MAX_NAME_LENGTH = 100;

export class RuleViolation extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "RuleViolation";
  }
}

export function normalizeDatasetName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new RuleViolation("Give the dataset a name.", "name");
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw new RuleViolation(`Dataset names are at most ${MAX_NAME_LENGTH} characters.`, "name");
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw new RuleViolation("Dataset names cannot contain control characters.", "name");
  }
  return trimmed;
}

/**
 * Label names become folder names in exports and class names in models, so
 * they must be usable as one path segment.
 */
export function normalizeLabelNames(task: Task, names: string[]): string[] {
  const labels = names.map((name) => name.trim());
  for (const label of labels) {
    if (label.length === 0) throw new RuleViolation("Label names cannot be empty.", "labels");
    if (label.length > MAX_NAME_LENGTH) {
      throw new RuleViolation(`Label "${label.slice(0, 20)}…" is longer than ${MAX_NAME_LENGTH} characters.`, "labels");
    }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    if (/[/\\\u0000-\u001f\u007f]/.test(label) || label === "." || label === ".." || label.startsWith(".")) {
      throw new RuleViolation(
        `Label "${label}" cannot be used as a folder name; avoid slashes, control characters and a leading dot.`,
        "labels",
      );
    }
  }
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) throw new RuleViolation(`Label "${label}" is listed twice.`, "labels");
    seen.add(label);
  }
  if (labels.length > MAX_LABELS) throw new RuleViolation(`A dataset has at most ${MAX_LABELS} labels.`, "labels");
  if (task === "BINARY" && labels.length !== 2) {
    throw new RuleViolation(
      `A BINARY dataset has exactly two labels (got ${labels.length}), e.g. ["ok", "defect"].`,
      "labels",
    );
  }
  if (task === "MULTICLASS" && labels.length < 2) {
    throw new RuleViolation("A MULTICLASS dataset needs at least two labels.", "labels");
  }
  if (task === "MULTILABEL" && labels.length < 1) {
    throw new RuleViolation("A MULTILABEL dataset needs at least one label.", "labels");
  }
  return labels;
}

/**
 * How many labels one image may have: exactly one for BINARY and MULTICLASS;
 * any subset for MULTILABEL (none means "none of these applies").
 * Returns an explanation when the count is wrong, null when fine.
 */
export function labelCountProblem(task: Task, labels: string[]): string | null {
  if (new Set(labels).size !== labels.length) return "The same label is given twice.";
  if (task !== "MULTILABEL" && labels.length !== 1) {
    return `A ${task} dataset needs exactly one label per image (got ${labels.length}).`;
  }
  return null;
}

// Parsing the "labels" input of the new-dataset form, with the API's rules
// for how many labels each task takes, so the form can say so before submitting.
import type { Task } from "@/gql/graphql.ts";

export type LabelListResult = { ok: true; labels: string[] } | { ok: false; error: string };

export function parseLabelList(text: string, task: Task): LabelListResult {
  const labels = text
    .split(/[,\n]/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) return { ok: false, error: `"${label}" is listed twice; each label once.` };
    seen.add(label);
  }
  if (task === "BINARY" && labels.length !== 2)
    return { ok: false, error: `A binary dataset has exactly two labels; you listed ${labels.length}.` };
  if (task === "MULTICLASS" && labels.length < 2)
    return { ok: false, error: "A multiclass dataset needs at least two labels." };
  if (labels.length === 0) return { ok: false, error: "List at least one label." };
  return { ok: true, labels };
}

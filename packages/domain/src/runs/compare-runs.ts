// Runs side by side: which settings differ (flattened to dotted paths such as
// "augmentation.zoom") and the headline figures of each.
import type { PrismaClient, Run } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { badUserInput } from "../errors/error-helpers.ts";
import { requireRunRole } from "./run-access.ts";

export const MAX_COMPARED_RUNS = 10;

export interface ConfigDifference {
  field: string;
  /** One JSON-encoded value per run, in the order asked for ("null" when a run lacks the field). */
  values: string[];
}

export interface RunFigures {
  runId: string;
  valAccuracy: number | null;
  testAccuracy: number | null;
  bestValAccuracy: number | null;
  lastValLoss: number | null;
  epochs: number;
  seconds: number;
}

export interface RunComparison {
  runs: Run[];
  configDifferences: ConfigDifference[];
  /** Settings every run shares, as dotted paths. */
  sameFields: string[];
  figures: RunFigures[];
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    // An empty object, or `null` for augmentation "off", is a value in its own right.
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  out.set(prefix, value);
}

export function diffConfigs(configs: unknown[]): { differences: ConfigDifference[]; same: string[] } {
  const flat = configs.map((config) => {
    const out = new Map<string, unknown>();
    flatten(config, "", out);
    return out;
  });
  const fields = [...new Set(flat.flatMap((map) => [...map.keys()]))].sort();
  const differences: ConfigDifference[] = [];
  const same: string[] = [];
  for (const field of fields) {
    const values = flat.map((map) => JSON.stringify(map.has(field) ? map.get(field) : null));
    if (values.every((value) => value === values[0])) same.push(field);
    else differences.push({ field, values });
  }
  return { differences, same };
}

async function figuresOf(prisma: PrismaClient, run: Run): Promise<RunFigures> {
  const accuracy = async (split: "VAL" | "TEST") => {
    const [total, correct] = await Promise.all([
      prisma.prediction.count({ where: { runId: run.id, split } }),
      prisma.prediction.count({ where: { runId: run.id, split, correct: true } }),
    ]);
    return total === 0 ? null : correct / total;
  };
  const epochs = await prisma.epochMetric.findMany({ where: { runId: run.id }, orderBy: { epoch: "asc" } });
  const valAccs = epochs.map((e) => e.valAcc).filter((v): v is number => v != null);
  return {
    runId: run.id,
    valAccuracy: await accuracy("VAL"),
    testAccuracy: await accuracy("TEST"),
    bestValAccuracy: valAccs.length ? Math.max(...valAccs) : null,
    lastValLoss: epochs.at(-1)?.valLoss ?? null,
    epochs: epochs.length,
    seconds: epochs.reduce((sum, e) => sum + e.seconds, 0),
  };
}

/** Every run must be readable by the caller (VIEWER in its team); runs of different teams may be compared. */
export async function compareRuns(ctx: Caller, ids: readonly string[]): Promise<RunComparison> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (unique.length < 2 || unique.length > MAX_COMPARED_RUNS) {
    throw badUserInput(`Compare 2 to ${MAX_COMPARED_RUNS} different runs (got ${unique.length}).`, "ids");
  }
  const runs: Run[] = [];
  for (const id of unique) runs.push(await requireRunRole(ctx, id, "VIEWER"));
  const { differences, same } = diffConfigs(runs.map((run) => run.config));
  const figures: RunFigures[] = [];
  for (const run of runs) figures.push(await figuresOf(ctx.prisma, run));
  return { runs, configDifferences: differences, sameFields: same, figures };
}

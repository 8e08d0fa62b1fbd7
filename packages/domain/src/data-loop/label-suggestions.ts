// Suggestions for the unlabeled pool: a finished run of the dataset (the latest
// SUCCEEDED one unless named) predicts every unlabeled image, and each gets one
// LabelSuggestion row with its probabilities, top label, margin and entropy.
// The model runs where the front end's predict host runs it (the API's worker
// threads, the CLI's own thread), never on the API's event loop.
import type { Run } from "@headstart/db";
import { orderForLabelling } from "@headstart/ml-core";
import type { Caller } from "../accounts/caller.ts";
import { requireDatasetRole } from "../datasets/dataset-access.ts";
import { badUserInput, conflict } from "../errors/error-helpers.ts";
import { MAX_PREDICT_IMAGES, type PredictDeps, predictStoredImages } from "../predict/predict-with-run.ts";
import { requireRunRole } from "../runs/run-access.ts";

export interface SuggestLabelsRequest {
  datasetId: string;
  /** Default: the dataset's latest SUCCEEDED run. */
  runId?: string | null;
}

export interface SuggestLabelsResult {
  runId: string;
  /** Unlabeled images that now carry a suggestion from this run. */
  suggested: number;
}

/** Images of the dataset without any label and not excluded: the unlabeled pool. */
export function unlabeledWhere(datasetId: string) {
  return { datasetId, excluded: false, labels: { none: {} } };
}

/** Needs EDITOR (it writes suggestions). */
export async function suggestLabels(
  ctx: Caller & PredictDeps,
  request: SuggestLabelsRequest,
): Promise<SuggestLabelsResult> {
  const dataset = await requireDatasetRole(ctx, request.datasetId, "EDITOR");
  let run: Run;
  if (request.runId) {
    run = await requireRunRole(ctx, request.runId, "EDITOR");
    if (run.datasetId !== dataset.id) throw badUserInput("That run trained on another dataset.", "runId");
  } else {
    const latest = await ctx.prisma.run.findFirst({
      where: { datasetId: dataset.id, status: "SUCCEEDED" },
      orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    });
    if (!latest) {
      throw conflict("The dataset has no finished run to suggest labels with; train one first.", "datasetId");
    }
    run = latest;
  }
  if (run.status !== "SUCCEEDED") {
    throw conflict(`Run ${run.id} is ${run.status}; suggest labels with a run that has SUCCEEDED.`, "runId");
  }
  if (dataset.task === "MULTILABEL") {
    throw badUserInput("Suggestions need one label per image; a MULTILABEL dataset is labelled by hand.", "datasetId");
  }
  const ids = (
    await ctx.prisma.image.findMany({
      where: unlabeledWhere(dataset.id),
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    })
  ).map((image) => image.id);
  let suggested = 0;
  for (let start = 0; start < ids.length; start += MAX_PREDICT_IMAGES) {
    const predicted = await predictStoredImages(ctx, run, ids.slice(start, start + MAX_PREDICT_IMAGES));
    // orderForLabelling computes margin and entropy the same way the benchmark's active learning does.
    const rows = predicted.map(({ imageId, prediction }) => {
      const probabilities = prediction.probabilities.map((p) => p.probability);
      const [margin] = orderForLabelling([probabilities], "margin");
      const [entropy] = orderForLabelling([probabilities], "entropy");
      return {
        imageId,
        datasetId: dataset.id,
        runId: run.id,
        suggestedLabel: prediction.probabilities[margin!.suggestedLabel]!.label,
        confidence: margin!.confidence,
        margin: 1 - margin!.priority,
        entropy: entropy!.priority,
        probabilities,
      };
    });
    await ctx.prisma.$transaction([
      ctx.prisma.labelSuggestion.deleteMany({ where: { imageId: { in: rows.map((r) => r.imageId) } } }),
      ctx.prisma.labelSuggestion.createMany({ data: rows }),
    ]);
    suggested += rows.length;
  }
  return { runId: run.id, suggested };
}

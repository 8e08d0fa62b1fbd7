// Undo of the caller's last review decision on a run (a bulk action counts as
// one): the labels, exclusion and split it replaced are put back, a relabel's undo
// writing its own audit row, and the decisions are marked undone so they no
// longer count as their images' latest.
import type { ReviewDecision } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { moveImage, setImageExcluded } from "../datasets/image-splits.ts";
import { relabelImage } from "../datasets/relabel.ts";
import { badUserInput } from "../errors/error-helpers.ts";
import { requireRunRole } from "../runs/run-access.ts";

/** Needs EDITOR. Returns the decisions it undid (several for a bulk action). */
export async function undoLastReviewDecision(ctx: Caller, runId: string): Promise<ReviewDecision[]> {
  const run = await requireRunRole(ctx, runId, "EDITOR");
  const userId = ctx.viewer!.userId;
  const last = await ctx.prisma.reviewDecision.findFirst({
    where: { runId: run.id, userId, undoneAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  if (!last) throw badUserInput("You have no decision on this run left to undo.", "runId");
  const decisions = last.batchId
    ? await ctx.prisma.reviewDecision.findMany({
        where: { runId: run.id, userId, batchId: last.batchId, undoneAt: null },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      })
    : [last];
  const undone: ReviewDecision[] = [];
  // Newest first, so an image decided twice in one batch ends with what it had before the batch.
  for (const decision of decisions) {
    if (decision.action === "RELABEL" && decision.previousLabels.length > 0) {
      await relabelImage(ctx.prisma, {
        imageId: decision.imageId,
        labels: decision.previousLabels,
        actorId: userId,
        reason: `Undo of review decision ${decision.id} (run ${run.id})`,
      });
    } else if (decision.action === "EXCLUDE" && decision.previousExcluded !== null) {
      await setImageExcluded(ctx.prisma, decision.imageId, decision.previousExcluded);
    } else if (decision.action === "MOVE_SPLIT" && decision.previousSplit !== null) {
      await moveImage(ctx.prisma, decision.imageId, decision.previousSplit);
    }
    undone.push(await ctx.prisma.reviewDecision.update({ where: { id: decision.id }, data: { undoneAt: new Date() } }));
  }
  return undone;
}

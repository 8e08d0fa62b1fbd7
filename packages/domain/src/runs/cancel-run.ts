// Cancelling a run.
import type { Run } from "@headstart/db";
import { type CancelOutcome, cancelUnfinishedTrials, requestCancel } from "@headstart/runs";
import type { Caller } from "../accounts/caller.ts";
import { requireRunRole } from "./run-access.ts";

/**
 * A QUEUED run is cancelled at once; a RUNNING one stops within one batch (its trainer marks it CANCELLED).
 * Cancelling an AUTO run cancels its unfinished trials too (its trainer stops them as well; this also
 * covers a trainer that is gone).
 */
export async function cancelRun(ctx: Caller, runId: string): Promise<{ run: Run; outcome: CancelOutcome }> {
  const run = await requireRunRole(ctx, runId, "EDITOR");
  const outcome = await requestCancel(ctx.prisma, run.id);
  if (outcome !== "ALREADY_FINISHED") await cancelUnfinishedTrials(ctx.prisma, run.id);
  return { run: await ctx.prisma.run.findUniqueOrThrow({ where: { id: run.id } }), outcome };
}

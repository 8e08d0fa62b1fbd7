// Access to a run goes through the team that owns it: outsiders get
// NOT_FOUND, exactly as for an id that does not exist.
import type { Role, Run } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { notFound } from "../errors/error-helpers.ts";
import { isUuid } from "../errors/ids.ts";
import { requireTeamRole, requireViewer } from "../teams/team-roles.ts";

export async function requireRunRole(ctx: Caller, runId: string, minimum: Role): Promise<Run> {
  const missing = () => notFound("run", runId);
  // Anonymous callers learn only that they must sign in, never whether the id exists.
  requireViewer(ctx);
  if (!isUuid(runId)) throw missing();
  const run = await ctx.prisma.run.findUnique({ where: { id: runId.toLowerCase() } });
  if (!run) throw missing();
  await requireTeamRole(ctx, run.teamId, minimum, { notFound: missing });
  return run;
}

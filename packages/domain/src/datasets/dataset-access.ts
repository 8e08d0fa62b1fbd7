// Access to datasets and images goes through the team that owns them:
// outsiders get NOT_FOUND, exactly as for an id that does not exist.
import type { Role, Task } from "@headstart/db";
import type { Caller } from "../accounts/caller.ts";
import { notFound } from "../errors/error-helpers.ts";
import { isUuid } from "../errors/ids.ts";
import { requireTeamRole, requireViewer } from "../teams/team-roles.ts";

export interface DatasetRef {
  id: string;
  teamId: string;
  name: string;
  task: Task;
}

export async function requireDatasetRole(ctx: Caller, datasetId: string, minimum: Role): Promise<DatasetRef> {
  const missing = () => notFound("dataset", datasetId);
  // Anonymous callers learn only that they must sign in, never whether the id exists.
  requireViewer(ctx);
  if (!isUuid(datasetId)) throw missing();
  const dataset = await ctx.prisma.dataset.findUnique({
    where: { id: datasetId.toLowerCase() },
    select: { id: true, teamId: true, name: true, task: true },
  });
  if (!dataset) throw missing();
  await requireTeamRole(ctx, dataset.teamId, minimum, { notFound: missing });
  return dataset;
}

export interface ImageRef {
  id: string;
  datasetId: string;
  teamId: string;
}

export async function requireImageRole(ctx: Caller, imageId: string, minimum: Role): Promise<ImageRef> {
  const missing = () => notFound("image", imageId);
  requireViewer(ctx);
  if (!isUuid(imageId)) throw missing();
  const image = await ctx.prisma.image.findUnique({
    where: { id: imageId.toLowerCase() },
    select: { id: true, datasetId: true, dataset: { select: { teamId: true } } },
  });
  if (!image) throw missing();
  await requireTeamRole(ctx, image.dataset.teamId, minimum, { notFound: missing });
  return { id: image.id, datasetId: image.datasetId, teamId: image.dataset.teamId };
}

export async function requireVersionRole(
  ctx: Caller,
  versionId: string,
  minimum: Role,
): Promise<{ id: string; datasetId: string; teamId: string }> {
  const missing = () => notFound("dataset version", versionId);
  requireViewer(ctx);
  if (!isUuid(versionId)) throw missing();
  const version = await ctx.prisma.datasetVersion.findUnique({
    where: { id: versionId.toLowerCase() },
    select: { id: true, datasetId: true, dataset: { select: { teamId: true } } },
  });
  if (!version) throw missing();
  await requireTeamRole(ctx, version.dataset.teamId, minimum, { notFound: missing });
  return { id: version.id, datasetId: version.datasetId, teamId: version.dataset.teamId };
}

// freezeDatasetVersion. Types and inputs: version-types.ts.
import { freezeVersion, requireDatasetRole } from "@headstart/domain";
import { builder } from "../builder.ts";
import { DatasetVersionRef, FreezeDatasetVersionInput } from "./version-types.ts";

builder.mutationFields((t) => ({
  freezeDatasetVersion: t.field({
    type: DatasetVersionRef,
    description: "Freezes the current labels, images (not excluded) and splits as the next version. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: FreezeDatasetVersionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const dataset = await requireDatasetRole(ctx, input.datasetId, "EDITOR");
      return freezeVersion(ctx.prisma, dataset.id, input.note);
    },
  }),
}));

// loadSampleDataset: a shipped sample into a team (EDITOR), version 1 frozen.
// Types and inputs: sample-types.ts.
import { ingestDepsFor, loadSampleDataset, requireUuid } from "@headstart/domain";
import { builder } from "../builder.ts";
import { DatasetRef } from "../datasets/dataset-types.ts";
import { LoadSampleDatasetInput } from "./sample-types.ts";

builder.mutationFields((t) => ({
  loadSampleDataset: t.field({
    type: DatasetRef,
    description:
      'Creates a dataset in the team from a sample (named after it; " (2)", " (3)"… when the team already has one), imports its images with their train/val splits and freezes version 1, so a run can start at once. Needs EDITOR.',
    authScopes: (_root, { input }) => ({ teamRole: { teamId: input.teamId, role: "EDITOR" } }),
    args: { input: t.arg({ type: LoadSampleDatasetInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const loaded = await loadSampleDataset(ingestDepsFor(ctx), requireUuid(input.teamId, "team"), input.sample);
      return loaded.dataset;
    },
  }),
}));

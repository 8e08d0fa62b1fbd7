// `sampleDatasets`: what ships, for anyone signed in. Types: sample-types.ts.
import { listSampleDatasets } from "@headstart/domain";
import { builder } from "../builder.ts";
import { SampleDatasetRef } from "./sample-types.ts";

builder.queryFields((t) => ({
  sampleDatasets: t.field({
    type: [SampleDatasetRef],
    description: "Sample datasets that loadSampleDataset can put into a team.",
    authScopes: { authenticated: true },
    resolve: () => listSampleDatasets(),
  }),
}));

// The shipped sample datasets over GraphQL: what exists (anyone signed in may
// look), and loading one into a team (EDITOR), ready to train on.
import type { SampleDataset } from "@headstart/domain";
import { builder } from "../builder.ts";
import { TaskEnum } from "../datasets/dataset-types.ts";

const SampleDatasetIdEnum = builder.enumType("SampleDatasetId", {
  description: "A sample dataset shipped with Headstart.",
  values: {
    FASHION_MNIST_SHOES: { description: "Fashion-MNIST sneaker vs ankle boot (BINARY)." },
    FASHION_MNIST_TEN: { description: "Fashion-MNIST, all ten classes (MULTICLASS)." },
  } as const,
});

const SampleImageCountsRef = builder.objectRef<SampleDataset["images"]>("SampleImageCounts").implement({
  description: "The sample ships train and val folders; a loaded copy keeps those splits and has no test images.",
  fields: (t) => ({
    train: t.exposeInt("train"),
    val: t.exposeInt("val"),
    total: t.exposeInt("total"),
  }),
});

export const SampleDatasetRef = builder.objectRef<SampleDataset>("SampleDataset").implement({
  fields: (t) => ({
    id: t.field({ type: SampleDatasetIdEnum, resolve: (sample) => sample.id }),
    title: t.exposeString("title", {
      description: 'Also the name of the dataset a load creates (with " (2)"… for further copies).',
    }),
    description: t.exposeString("description"),
    task: t.field({ type: TaskEnum, resolve: (sample) => sample.task }),
    labels: t.exposeStringList("labels", { description: "In class order." }),
    images: t.field({ type: SampleImageCountsRef, resolve: (sample) => sample.images }),
    licence: t.exposeString("licence", { description: "SPDX identifier of the images' licence." }),
    attribution: t.exposeString("attribution", { description: "Credit to show wherever the images are shown." }),
    sourceUrl: t.exposeString("sourceUrl"),
  }),
});

export const LoadSampleDatasetInput = builder.inputType("LoadSampleDatasetInput", {
  fields: (t) => ({
    teamId: t.id({ required: true }),
    sample: t.field({ type: SampleDatasetIdEnum, required: true }),
  }),
});

// recommendRunConfig: the measured recommendation for a frozen version (the new-run form's default).
import { type ConfigRecommendation, recommendRunConfigForVersion } from "@headstart/domain";
import { builder } from "../builder.ts";
import { RecommendationReasonRef } from "./autopilot-run-fields.ts";

type Measurements = ConfigRecommendation["measurements"];

const CutProbeRef = builder.objectRef<{ cut: string; accuracy: number }>("CutProbe").implement({
  fields: (t) => ({
    cut: t.exposeString("cut", { description: "MobileNetV2 block whose pooled output was probed." }),
    accuracy: t.exposeFloat("accuracy", { description: "k-fold linear-probe accuracy of those features." }),
  }),
});

const DatasetMeasurementsRef = builder.objectRef<Measurements>("DatasetMeasurements").implement({
  description: "What the recommendation measured on the version's train and validation images.",
  fields: (t) => ({
    classes: t.exposeInt("classes"),
    trainImages: t.exposeInt("trainImages"),
    minImagesPerClass: t.int({ resolve: (m) => m.imagesPerClass.min }),
    medianImagesPerClass: t.int({ resolve: (m) => m.imagesPerClass.median }),
    nativeSize: t.exposeInt("nativeSize", { description: "Median longer side of the images, in pixels." }),
    pixelProbeAccuracy: t.exposeFloat("pixelProbeAccuracy", {
      description: "k-fold accuracy of logistic regression on the downscaled pixels.",
    }),
    gradientProbeAccuracy: t.float({
      nullable: true,
      description:
        "The same probe on fixed oriented-gradient features (edges in 8 directions on a grid of half-overlapping cells); null for images over 64 px, or measured before it existed.",
      resolve: (m) => m.gradientProbeAccuracy ?? null,
    }),
    cutProbes: t.field({
      type: [CutProbeRef],
      resolve: (m) => Object.entries(m.cutProbeAccuracy).map(([cut, accuracy]) => ({ cut, accuracy: accuracy! })),
    }),
    bestCut: t.exposeString("bestCut"),
    backboneAdvantage: t.exposeFloat("backboneAdvantage", {
      description: "Best cut's probe accuracy minus the pixels': how much ImageNet features help here.",
    }),
    probedImages: t.exposeInt("probedImages"),
    folds: t.exposeInt("folds"),
  }),
});

const RunPresetRef = builder.objectRef<ConfigRecommendation["referencePreset"]>("RunPreset").implement({
  fields: (t) => ({
    id: t.exposeString("id"),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    config: t.string({ description: "JSON text of the createRun config.", resolve: (p) => JSON.stringify(p.config) }),
  }),
});

const ConfigRecommendationRef = builder.objectRef<ConfigRecommendation>("ConfigRecommendation").implement({
  description: "The training strategy a version's data calls for (Table 3-1: size × similarity to ImageNet), with why.",
  fields: (t) => ({
    versionId: t.exposeID("versionId"),
    strategy: t.exposeString("strategy", {
      description: '"frozen", "fine-tune-top", "fine-tune-all", "scratch" or "gradients".',
    }),
    config: t.string({
      description: "JSON text of the recommended createRun config (no seed: each run draws its own).",
      resolve: (r) => JSON.stringify(r.config),
    }),
    reasons: t.field({
      type: [RecommendationReasonRef],
      description: "One plain sentence per choice.",
      resolve: (r) => r.reasons,
    }),
    measurements: t.field({ type: DatasetMeasurementsRef, resolve: (r) => r.measurements }),
    seconds: t.exposeFloat("seconds", { description: "How long the measurement took when it was made." }),
    measuredAt: t.expose("measuredAt", { type: "DateTime" }),
    referencePreset: t.field({
      type: RunPresetRef,
      description: 'The reference recipe ("Reference: frozen MobileNet, 10 epochs"), one click away.',
      resolve: (r) => r.referencePreset,
    }),
  }),
});

builder.queryFields((t) => ({
  recommendRunConfig: t.field({
    type: ConfigRecommendationRef,
    complexity: 20,
    description:
      "Measures a frozen version and recommends how to train on it. The first ask measures on a worker thread (tens of seconds on 2 cores); the answer is stored, so later asks are instant.",
    args: { versionId: t.arg.id({ required: true }) },
    resolve: (_root, { versionId }, ctx) => recommendRunConfigForVersion(ctx, ctx.runs.blobs, versionId),
  }),
}));

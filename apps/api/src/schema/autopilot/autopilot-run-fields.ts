// What issue 12 adds to a Run: the pixel baseline beside its figures, the diagnosis of a finished
// run (with the config to start next), and an AUTO run's trials, summary and parent.
import {
  type AutoRunSummary,
  type AutoTrialRow,
  autoSummaryOf,
  diagnoseStoredRun,
  type RunBaseline,
  type RunDiagnosisItem,
  runBaselineOf,
  trialRunsOf,
} from "@headstart/domain";
import { builder } from "../builder.ts";
import { RunRef } from "../runs/run-types.ts";

const RunBaselineRef = builder.objectRef<RunBaseline>("RunBaseline").implement({
  description:
    "Logistic regression on the run's own images downscaled to a few hundred raw pixels, trained on the same train split (seconds): what the run must beat to have learnt anything the pixels do not already say.",
  fields: (t) => ({
    model: t.exposeString("model"),
    size: t.exposeInt("size", { description: "Side in pixels the images were downscaled to." }),
    trainAccuracy: t.exposeFloat("trainAccuracy"),
    valAccuracy: t.exposeFloat("valAccuracy", { nullable: true }),
    testAccuracy: t.exposeFloat("testAccuracy", { nullable: true }),
    seconds: t.exposeFloat("seconds"),
    runBelowBaseline: t.exposeBoolean("runBelowBaseline", {
      description: "The run's validation accuracy is below the baseline's.",
    }),
    verdict: t.exposeString("verdict", { description: "One sentence comparing the run with the baseline." }),
  }),
});

const DiagnosisSeverityEnum = builder.enumType("DiagnosisSeverity", {
  values: {
    PROBLEM: { value: "problem", description: "The model is worse than it could be." },
    NOTE: { value: "note", description: "Worth knowing; not necessarily wrong." },
  } as const,
});

const RunDiagnosisRef = builder.objectRef<RunDiagnosisItem>("RunDiagnosis").implement({
  description: "One finding about a finished run and the change to try.",
  fields: (t) => ({
    kind: t.exposeString("kind", {
      description: '"underfit", "overfit", "below-baseline", "class-imbalance" or "too-few-images".',
    }),
    severity: t.field({ type: DiagnosisSeverityEnum, resolve: (d) => d.severity }),
    message: t.exposeString("message", { description: "What the figures show and what to try." }),
    finding: t.exposeString("finding"),
    advice: t.exposeString("advice"),
    suggestedConfig: t.string({
      nullable: true,
      description:
        "JSON text of the createRun config to try (this run's settings with the change applied; no seed), null when the fix is in the data.",
      resolve: (d) => (d.suggestedConfig ? JSON.stringify(d.suggestedConfig) : null),
    }),
  }),
});

const AutoTrialRef = builder.objectRef<AutoTrialRow>("AutoTrial").implement({
  description: "One rung of one trial of an AUTO run's search (each is a run of its own).",
  fields: (t) => ({
    trialId: t.exposeString("trialId", { description: 'The candidate, e.g. "scratch-32px-lr0.005-drop0.3".' }),
    runId: t.exposeID("runId"),
    rung: t.exposeInt("rung", { description: "0-based round of successive halving." }),
    epochs: t.exposeInt("epochs"),
    status: t.exposeString("status", {
      description: '"running", "finished", "failed", "cancelled" or "out-of-budget".',
    }),
    valAccuracy: t.exposeFloat("valAccuracy", { nullable: true }),
    valLoss: t.exposeFloat("valLoss", { nullable: true }),
    seconds: t.exposeFloat("seconds", { nullable: true }),
    verdict: t.exposeString("verdict", {
      nullable: true,
      description: '"promoted", "dropped", "winner" or "out-of-budget" once the rung was judged.',
    }),
    note: t.exposeString("note", { nullable: true, description: "Why it was dropped or failed." }),
  }),
});

const RecommendationReasonRef = builder
  .objectRef<{ field: string; sentence: string }>("RecommendationReason")
  .implement({
    fields: (t) => ({
      field: t.exposeString("field", { description: 'The setting it explains, or "strategy".' }),
      sentence: t.exposeString("sentence"),
    }),
  });

export { RecommendationReasonRef };

const AutoRunSummaryRef = builder.objectRef<AutoRunSummary>("AutoRunSummary").implement({
  description: "An AUTO run's search: the trial table as it grows, the winner and why it won.",
  fields: (t) => ({
    phase: t.exposeString("phase", {
      description: '"measuring", "searching", "retraining" while running; "done" once SUCCEEDED; else the status.',
    }),
    budgetSeconds: t.exposeInt("budgetSeconds"),
    measureSeconds: t.exposeFloat("measureSeconds"),
    searchSeconds: t.exposeFloat("searchSeconds", { nullable: true }),
    budgetExhausted: t.exposeBoolean("budgetExhausted", {
      description: "The budget ended the search before every planned rung ran.",
    }),
    strategy: t.exposeString("strategy", { nullable: true, description: "The measured recommendation's strategy." }),
    reasons: t.field({ type: [RecommendationReasonRef], resolve: (s) => s.reasons }),
    trials: t.field({ type: [AutoTrialRef], resolve: (s) => s.trials }),
    winnerTrialId: t.exposeString("winnerTrialId", { nullable: true }),
    winnerRunId: t.exposeID("winnerRunId", { nullable: true }),
    winnerValAccuracy: t.exposeFloat("winnerValAccuracy", { nullable: true }),
    reason: t.exposeString("reason", { nullable: true, description: "Why the winner won." }),
    retrainEpochs: t.exposeInt("retrainEpochs", { nullable: true }),
    retrainFineTuneEpochs: t.exposeInt("retrainFineTuneEpochs", { nullable: true }),
    retrainConfig: t.string({
      nullable: true,
      description: "JSON text of the config the winner was retrained with (as a createRun config).",
      resolve: (s) => (s.retrainConfig ? JSON.stringify(s.retrainConfig) : null),
    }),
  }),
});

const metricOf = (run: { metrics: unknown }, key: "valAccuracy" | "testAccuracy") => {
  const value = (run.metrics as Record<string, unknown> | null)?.[key];
  return typeof value === "number" ? value : null;
};

builder.objectFields(RunRef, (t) => ({
  valAccuracy: t.float({
    nullable: true,
    description: "Accuracy on the validation split once the run finished (after best-epoch restore).",
    resolve: (run) => metricOf(run, "valAccuracy"),
  }),
  testAccuracy: t.float({
    nullable: true,
    description: "Accuracy on the test split once the run finished; null without test images.",
    resolve: (run) => metricOf(run, "testAccuracy"),
  }),
  baseline: t.field({
    type: RunBaselineRef,
    nullable: true,
    description: "The pixel baseline on the same split, once the run finished (null for runs from before baselines).",
    resolve: (run) => runBaselineOf(run),
  }),
  diagnosis: t.field({
    type: [RunDiagnosisRef],
    complexity: 5,
    description: "What went wrong with a SUCCEEDED run and what to try, most serious first ([] otherwise).",
    resolve: (run, _args, ctx) => diagnoseStoredRun(ctx.prisma, run),
  }),
  parentRun: t.field({
    type: RunRef,
    nullable: true,
    description: "The AUTO run this run is a search trial of.",
    resolve: (run, _args, ctx) =>
      run.parentRunId ? ctx.prisma.run.findUnique({ where: { id: run.parentRunId } }) : null,
  }),
  trials: t.field({
    type: [RunRef],
    description: "An AUTO run's trial runs, oldest first ([] for other runs).",
    resolve: (run, _args, ctx) => trialRunsOf(ctx.prisma, run.id),
  }),
  autoSummary: t.field({
    type: AutoRunSummaryRef,
    nullable: true,
    description: "An AUTO run's search summary (null for other runs, and before a trainer started it).",
    resolve: (run) => autoSummaryOf(run),
  }),
}));

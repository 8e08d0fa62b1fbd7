// createRun, cancelRun, retryRun. Inputs: run-inputs.ts.
import { cancelRun, createRun, retryRun } from "@headstart/domain";
import { builder } from "../builder.ts";
import { CancelRunPayload, CreateRunInput, configFromInput, RunIdInput } from "./run-inputs.ts";
import { RunRef } from "./run-types.ts";

builder.mutationFields((t) => ({
  createRun: t.field({
    type: RunRef,
    description:
      "Queues a run on a frozen dataset version. Needs EDITOR. An invalid setting is BAD_USER_INPUT naming it (e.g. config.epochs).",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CreateRunInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createRun(ctx, {
        versionId: input.versionId,
        name: input.name,
        config: configFromInput(input.config as Record<string, unknown>),
      }),
  }),
  cancelRun: t.field({
    type: CancelRunPayload,
    description: "Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RunIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => cancelRun(ctx, input.runId),
  }),
  retryRun: t.field({
    type: RunRef,
    description: "Queues a new run with the same version and config as a FAILED or CANCELLED one. Needs EDITOR.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RunIdInput, required: true }) },
    resolve: (_root, { input }, ctx) => retryRun(ctx, input.runId),
  }),
}));

// createRun, cancelRun, retryRun, deleteRun. Inputs: run-inputs.ts.
import { cancelRun, createRun, deleteRun, requireRunRole, retryRun } from "@headstart/domain";
import { builder } from "../builder.ts";
import { CancelRunPayload, CreateRunInput, configFromInput, RunIdInput } from "./run-inputs.ts";
import { RunRef } from "./run-types.ts";

const DeleteRunPayload = builder.objectRef<{ runId: string }>("DeleteRunPayload").implement({
  fields: (t) => ({ runId: t.exposeID("runId", { description: "The id of the run that was deleted." }) }),
});

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
  deleteRun: t.field({
    type: DeleteRunPayload,
    description:
      "Deletes a finished (SUCCEEDED, FAILED or CANCELLED) run with its epochs, predictions, review decisions and model files. Needs ADMIN, as for deleting a dataset: it cannot be undone. A queued or running run is CONFLICT: cancel it first.",
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RunIdInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const run = await requireRunRole(ctx, input.runId, "ADMIN");
      await deleteRun(ctx.prisma, ctx.runs.blobs, run.id);
      return { runId: run.id };
    },
  }),
}));

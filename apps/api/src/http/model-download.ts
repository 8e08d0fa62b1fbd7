// GET /runs/:runId/model.zip: the run's full and head-only models with a
// manifest, for anyone who may read the run (VIEWER of its team; outsiders
// get 404 exactly as for a missing id). GET /runs/:runId/model.onnx: the full
// model alone as a standalone ONNX graph, with the same access rules.

import { buildModelZip, requireRunRole } from "@headstart/domain";
import { ModelBundleError, readModelBundleFile } from "@headstart/runs";
import { BlobNotFoundError } from "@headstart/storage";
import express, { type NextFunction, type Response, type Router } from "express";
import type { ContextDependencies } from "../context.ts";
import { ErrorCode } from "../errors/codes.ts";
import { contextForHttpRequest } from "../server/request-auth.ts";
import type { HttpRouteModule } from "../server/routes.ts";
import { sendError, sendFailure } from "./respond.ts";

/** The trainer stores the full model's ONNX graph under this name in its bundle. */
const ONNX_FILE = "model.onnx";

/** Both downloads read the run's bundle: a missing or damaged one is a 409 that says what to do. */
function sendModelFailure(res: Response, next: NextFunction, error: unknown): void {
  if (error instanceof BlobNotFoundError || error instanceof ModelBundleError) {
    sendError(
      res,
      409,
      ErrorCode.CONFLICT,
      "This run's model files are missing or damaged in the blob store; retry the run to train the model again, or ask the operator to check HEADSTART_DATA_DIR.",
    );
    return;
  }
  sendFailure(res, next, error);
}

export const modelDownloadRoutes: HttpRouteModule = {
  path: "/runs",
  router(deps: ContextDependencies): Router {
    const router = express.Router();
    router.get("/:runId/model.onnx", (req, res, next) => {
      (async () => {
        const ctx = await contextForHttpRequest(deps, req, null);
        const run = await requireRunRole(ctx, String(req.params.runId), "VIEWER");
        const full = await ctx.prisma.modelArtifact.findUnique({
          where: { runId_kind: { runId: run.id, kind: "FULL" } },
          select: { blobKey: true, manifest: true },
        });
        if (!full) {
          return sendError(
            res,
            409,
            ErrorCode.CONFLICT,
            `Run ${run.id} is ${run.status} and has no model to download yet; try again once it has SUCCEEDED.`,
          );
        }
        const graph = await readModelBundleFile(ctx.runs.blobs, full.blobKey, ONNX_FILE);
        if (!graph) {
          const skipped = (full.manifest as { onnx?: { skipped?: string } } | null)?.onnx?.skipped;
          return sendError(
            res,
            404,
            ErrorCode.NOT_FOUND,
            skipped
              ? `Run ${run.id}'s model has no ONNX export: ${skipped}. Download model.zip for the TensorFlow.js model.`
              : `Run ${run.id} was trained before models were exported to ONNX; retry the run to get model.onnx, or download model.zip.`,
          );
        }
        res.status(200).type("application/octet-stream");
        res.setHeader("Content-Disposition", `attachment; filename="run-${run.id.slice(0, 8)}.onnx"`);
        res.setHeader("Cache-Control", "private, no-store");
        res.end(graph);
      })().catch((error: unknown) => sendModelFailure(res, next, error));
    });
    router.get("/:runId/model.zip", (req, res, next) => {
      (async () => {
        const ctx = await contextForHttpRequest(deps, req, null);
        const run = await requireRunRole(ctx, String(req.params.runId), "VIEWER");
        const zip = await buildModelZip(ctx.prisma, ctx.runs.blobs, run);
        if (!zip) {
          return sendError(
            res,
            409,
            ErrorCode.CONFLICT,
            `Run ${run.id} is ${run.status} and has no model to download yet; try again once it has SUCCEEDED.`,
          );
        }
        res.status(200).type("application/zip");
        res.setHeader("Content-Disposition", `attachment; filename="${zip.fileName}"`);
        res.setHeader("Cache-Control", "private, no-store");
        zip.stream.on("error", (error) => res.destroy(error as Error));
        zip.stream.pipe(res);
      })().catch((error: unknown) => sendModelFailure(res, next, error));
    });
    return router;
  },
};

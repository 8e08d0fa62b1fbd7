// GET /runs/:runId/model.zip: the run's full and head-only models with a
// manifest, for anyone who may read the run (VIEWER of its team; outsiders
// get 404 exactly as for a missing id).

import { buildModelZip, requireRunRole } from "@headstart/domain";
import { ModelBundleError } from "@headstart/runs";
import { BlobNotFoundError } from "@headstart/storage";
import express, { type Router } from "express";
import type { ContextDependencies } from "../context.ts";
import { ErrorCode } from "../errors/codes.ts";
import { contextForHttpRequest } from "../server/request-auth.ts";
import type { HttpRouteModule } from "../server/routes.ts";
import { sendError, sendFailure } from "./respond.ts";

export const modelDownloadRoutes: HttpRouteModule = {
  path: "/runs",
  router(deps: ContextDependencies): Router {
    const router = express.Router();
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
      })().catch((error: unknown) => {
        if (error instanceof BlobNotFoundError || error instanceof ModelBundleError) {
          return sendError(
            res,
            409,
            ErrorCode.CONFLICT,
            "This run's model files are missing or damaged in the blob store; retry the run to train the model again, or ask the operator to check HEADSTART_DATA_DIR.",
          );
        }
        sendFailure(res, next, error);
      });
    });
    return router;
  },
};

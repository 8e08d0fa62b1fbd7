// POST /runs/:runId/predict (multipart/form-data, one or more files in any
// field): classifies uploaded images with the run's model and answers
// { predictions: [{ name, label, confidence, withheld, threshold,
// probabilities: [{ label, probability }], labels }] } in upload order.
// Nothing is stored: the files live in memory for the request only.

import {
  badUserInput,
  MAX_PREDICT_IMAGES,
  predictWithRun,
  requireRunRole,
  uploadLimitsFromEnv,
} from "@headstart/domain";
import busboy from "busboy";
import express, { type Request, type Router } from "express";
import type { ContextDependencies } from "../context.ts";
import { ErrorCode } from "../errors/codes.ts";
import { contextForHttpRequest } from "../server/request-auth.ts";
import type { HttpRouteModule } from "../server/routes.ts";
import { sendError, sendFailure } from "./respond.ts";

interface UploadedImage {
  name: string;
  bytes: Buffer;
}

class UploadProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads every file part into memory, refusing more than `maxFiles` files or any file over `maxBytes`. */
function readImages(req: Request, maxBytes: number, maxFiles: number): Promise<UploadedImage[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: maxBytes, files: maxFiles, fields: 20, fieldSize: 1024 },
      });
    } catch {
      reject(new UploadProblem(400, 'Send the images as multipart/form-data (e.g. curl -F "images=@photo.jpg").'));
      return;
    }
    const images: UploadedImage[] = [];
    let failed: UploadProblem | null = null;
    const fail = (problem: UploadProblem) => {
      failed ??= problem;
    };
    parser.on("file", (_field, stream, info) => {
      const name = info.filename || `image ${images.length + 1}`;
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () =>
        fail(new UploadProblem(413, `"${name}" is over the ${maxBytes}-byte limit; downscale it and try again.`)),
      );
      stream.on("end", () => images.push({ name, bytes: Buffer.concat(chunks) }));
    });
    parser.on("filesLimit", () =>
      fail(new UploadProblem(413, `Send at most ${maxFiles} images per request; split them over several requests.`)),
    );
    parser.on("error", () =>
      reject(new UploadProblem(400, "The multipart body is malformed or ended early; send it again.")),
    );
    parser.on("close", () => (failed ? reject(failed) : resolve(images)));
    req.pipe(parser);
  });
}

export const predictUploadRoutes: HttpRouteModule = {
  path: "/runs",
  router(deps: ContextDependencies): Router {
    const router = express.Router();
    router.post("/:runId/predict", (req, res, next) => {
      (async () => {
        const ctx = await contextForHttpRequest(deps, req, null);
        const run = await requireRunRole(ctx, String(req.params.runId), "VIEWER");
        const images = await readImages(req, uploadLimitsFromEnv().maxFileBytes, MAX_PREDICT_IMAGES);
        if (images.length === 0)
          throw badUserInput(
            'No image in the request: attach files as multipart/form-data (field "images").',
            "images",
          );
        const empty = images.find((image) => image.bytes.length === 0);
        if (empty) throw badUserInput(`"${empty.name}" is empty; attach the image file itself.`, "images");
        const names = images.map((image) => image.name);
        const predictions = await predictWithRun(
          ctx,
          run,
          images.map((image) => image.bytes),
          names,
        );
        res.status(200).json({ predictions: predictions.map((prediction, i) => ({ name: names[i], ...prediction })) });
      })().catch((error: unknown) => {
        if (error instanceof UploadProblem)
          return sendError(res, error.status, ErrorCode.BAD_USER_INPUT, error.message);
        sendFailure(res, next, error);
      });
    });
    return router;
  },
};

// Image files by URL, with the same access rules as GraphQL (VIEWER of the
// owning team; outsiders get 404 exactly as for a missing id):
//   GET /images/:imageId       the original bytes
//   GET /thumbnails/:imageId   a WebP preview, at most 256 px on a side
// Content is immutable per id (the bytes are content addressed), so the
// SHA-256 is a strong ETag and clients may cache for good.

import { blobStoreFor, requireImageRole } from "@headstart/domain";
import { BlobNotFoundError } from "@headstart/storage";
import express, { type Request, type Response, type Router } from "express";
import type { ContextDependencies } from "../context.ts";
import { ErrorCode } from "../errors/codes.ts";
import { contextForHttpRequest } from "../server/request-auth.ts";
import type { HttpRouteModule } from "../server/routes.ts";
import { sendError, sendFailure } from "./respond.ts";
import { thumbnailOf } from "./thumbnails.ts";

interface ServedImage {
  blobKey: string;
  sha256: string;
  mime: string;
  byteSize: number;
}

async function loadImage(deps: ContextDependencies, req: Request): Promise<ServedImage> {
  const ctx = await contextForHttpRequest(deps, req, null);
  const { id } = await requireImageRole(ctx, String(req.params.imageId), "VIEWER");
  return ctx.prisma.image.findUniqueOrThrow({
    where: { id },
    select: { blobKey: true, sha256: true, mime: true, byteSize: true },
  });
}

function cacheHeaders(res: Response, etag: string): void {
  res.setHeader("ETag", etag);
  // private: the response depends on who asks; shared caches must not keep it.
  res.setHeader("Cache-Control", "private, max-age=31536000, immutable");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  res.setHeader("Vary", "Authorization, Cookie");
}

function notModified(req: Request, etag: string): boolean {
  return (req.headers["if-none-match"] ?? "").split(",").some((tag) => tag.trim() === etag);
}

function missingBlob(res: Response): void {
  sendError(
    res,
    404,
    ErrorCode.NOT_FOUND,
    "The image's file is missing from the blob store; the data folder may have been moved or restored partially. Ask the operator to check HEADSTART_DATA_DIR.",
  );
}

export const imageRoutes: HttpRouteModule = {
  path: "/images",
  router(deps: ContextDependencies): Router {
    const router = express.Router();
    router.get("/:imageId", (req, res, next) => {
      (async () => {
        const image = await loadImage(deps, req);
        const etag = `"${image.sha256}"`;
        cacheHeaders(res, etag);
        if (notModified(req, etag)) return void res.status(304).end();
        const stream = await blobStoreFor(deps.config.dataDir).stream(image.blobKey);
        res.status(200).type(image.mime).setHeader("Content-Length", String(image.byteSize));
        stream.on("error", (error) => res.destroy(error));
        stream.pipe(res);
      })().catch((error: unknown) =>
        error instanceof BlobNotFoundError ? missingBlob(res) : sendFailure(res, next, error),
      );
    });
    return router;
  },
};

export const thumbnailRoutes: HttpRouteModule = {
  path: "/thumbnails",
  router(deps: ContextDependencies): Router {
    const router = express.Router();
    router.get("/:imageId", (req, res, next) => {
      (async () => {
        const image = await loadImage(deps, req);
        const etag = `"${image.sha256}-thumb"`;
        cacheHeaders(res, etag);
        if (notModified(req, etag)) return void res.status(304).end();
        const thumbnail = await thumbnailOf(blobStoreFor(deps.config.dataDir), image.blobKey);
        res.status(200).type("image/webp").send(thumbnail);
      })().catch((error: unknown) =>
        error instanceof BlobNotFoundError ? missingBlob(res) : sendFailure(res, next, error),
      );
    });
    return router;
  },
};

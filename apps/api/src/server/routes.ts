// HTTP routes served beside /graphql (uploads, image files). A module adds
// itself here with one line; use contextForHttpRequest to authenticate.
import type { Router } from "express";
import type { ContextDependencies } from "../context.ts";
import { imageRoutes, thumbnailRoutes } from "../http/images.ts";
import { modelDownloadRoutes } from "../http/model-download.ts";
import { predictUploadRoutes } from "../http/predict-upload.ts";
import { uploadRoutes } from "../http/upload.ts";

export interface HttpRouteModule {
  /** Mount path, e.g. "/uploads". */
  path: string;
  router(deps: ContextDependencies): Router;
}

export const httpRoutes: HttpRouteModule[] = [
  uploadRoutes,
  imageRoutes,
  thumbnailRoutes,
  modelDownloadRoutes,
  predictUploadRoutes,
];

// Predicting outside the API server (the CLI): the same model loading and
// checks as the predict mutation and route, on a model cache of its own. The
// model runs on this thread: a CLI serves no requests that inference could delay.
import type { PrismaClient } from "@headstart/db";
import type { InferenceOptions } from "@headstart/ml-core";
import { createBlobStore, resolveDataDir } from "@headstart/storage";
import { AppError, AppErrorCode } from "../errors/app-error.ts";
import { isUuid } from "../errors/ids.ts";
import { ModelCache } from "./model-cache.ts";
import { InThreadPredictHost } from "./predict-host.ts";
import { type ImagePrediction, predictWithRun } from "./predict-with-run.ts";
import { type ModelBundle, onnxCacheDirFor } from "./served-model.ts";

/** NOT_FOUND for a run id the predictor cannot find (the CLI has no team check to word it for). */
export function runNotFoundForPredict(runId: string): AppError {
  return new AppError(
    AppErrorCode.NOT_FOUND,
    `No run with id "${runId}" exists; list runs in the web app or with the runs query.`,
    { field: "runId" },
  );
}

export interface RunPredictor {
  predict(runId: string, images: readonly Uint8Array[], names?: readonly string[]): Promise<ImagePrediction[]>;
  /** Frees the loaded models. */
  close(): void;
}

export interface RunPredictorOptions {
  /**
   * Engine choice and log for the model (HEADSTART_INFERENCE and ONNX Runtime by default). The
   * converted graph is cached in the data folder's onnx-cache, where the trainer and the API keep
   * theirs, unless `cacheDir` says otherwise.
   */
  inference?: InferenceOptions;
}

/** `dataDir` defaults to HEADSTART_DATA_DIR (or <repo>/.data), where the trainer stored the models. */
export function createRunPredictor(
  prisma: PrismaClient,
  dataDir: string = resolveDataDir(),
  options: RunPredictorOptions = {},
): RunPredictor {
  const predictHost = new InThreadPredictHost({ cacheDir: onnxCacheDirFor(dataDir), ...options.inference });
  const models = new ModelCache<ModelBundle>({ maxModels: 1, maxBytes: Number.MAX_SAFE_INTEGER }, (bundle) =>
    predictHost.unload(bundle.key),
  );
  const deps = { prisma, runs: { blobs: createBlobStore(dataDir), models, predictHost } };
  return {
    async predict(runId, images, names = []) {
      const run = isUuid(runId) ? await prisma.run.findUnique({ where: { id: runId.toLowerCase() } }) : null;
      if (!run) throw runNotFoundForPredict(runId);
      return predictWithRun(deps, run, images, names);
    },
    close() {
      models.clear();
      void predictHost.close();
    },
  };
}

// Predicting outside the API server (the CLI): the same model loading and
// checks as the predict mutation and route, on a model cache of its own.
import type { PrismaClient } from "@headstart/db";
import { createBlobStore, resolveDataDir } from "@headstart/storage";
import { AppError, AppErrorCode } from "../errors/app-error.ts";
import { isUuid } from "../errors/ids.ts";
import { ModelCache } from "./model-cache.ts";
import { type ImagePrediction, predictWithRun } from "./predict-with-run.ts";

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

/** `dataDir` defaults to HEADSTART_DATA_DIR (or <repo>/.data), where the trainer stored the models. */
export function createRunPredictor(prisma: PrismaClient, dataDir: string = resolveDataDir()): RunPredictor {
  const models = new ModelCache({ maxModels: 1, maxBytes: Number.MAX_SAFE_INTEGER });
  const deps = { prisma, runs: { blobs: createBlobStore(dataDir), models } };
  return {
    async predict(runId, images, names = []) {
      const run = isUuid(runId) ? await prisma.run.findUnique({ where: { id: runId.toLowerCase() } }) : null;
      if (!run) throw runNotFoundForPredict(runId);
      return predictWithRun(deps, run, images, names);
    },
    close: () => models.clear(),
  };
}

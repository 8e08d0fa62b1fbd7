// Predicting outside the API server (the CLI): the same model loading and
// checks as the predict mutation and route, on a model cache of its own.
import type { PrismaClient } from "@headstart/db";
import { createBlobStore, resolveDataDir } from "@headstart/storage";
import { isUuid } from "../errors/index.ts";
import { ModelCache } from "./model-cache.ts";
import { type ImagePrediction, predictWithRun } from "./predict.ts";

export class RunNotFoundForPredictError extends Error {
  constructor(readonly runId: string) {
    super(`No run with id "${runId}" exists; list runs in the web app or with the runs query.`);
    this.name = "RunNotFoundForPredictError";
  }
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
      if (!run) throw new RunNotFoundForPredictError(runId);
      return predictWithRun(deps, run, images, names);
    },
    close: () => models.clear(),
  };
}

// Multipart uploads beside /graphql, authenticated like GraphQL:
//   POST /upload/datasets/:datasetId/images   fields `label` (repeat for
//        multi-label) and optional `split` (or `unlabeled=true` for the
//        unlabeled pool), then one or more image files
//   POST /upload/datasets/:datasetId/zip      optional fields `seed`, `ratios`
//        ("80,10,10"), then one zip of a class-per-folder tree
// Access is checked before the body is read, so a refused caller costs no
// upload. Files are streamed by busboy; each image is held in memory only up
// to the per-file limit while it is validated, then stored.

import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TreeImportReport } from "@headstart/domain";
import {
  emptyReport,
  type IngestDeps,
  type IngestReport,
  type IngestTarget,
  importZipFile,
  ingestDepsFor,
  ingestIntoReport,
  loadIngestTarget,
  RejectedFileError,
  requireDatasetRole,
  resolveLabels,
  SPLITS,
  type Split,
  type SplitRatios,
  tooLarge,
  ZipArchiveError,
} from "@headstart/domain";
import busboy from "busboy";
import express, { type Request, type Response, type Router } from "express";
import type { ContextDependencies } from "../context.ts";
import { ErrorCode } from "../errors/codes.ts";
import { contextForHttpRequest } from "../server/request-auth.ts";
import type { HttpRouteModule } from "../server/routes.ts";
import { sendError, sendFailure } from "./respond.ts";

const MAX_FIELDS = 20;
const MAX_FIELD_BYTES = 1024;

export const uploadRoutes: HttpRouteModule = {
  path: "/upload",
  router(deps: ContextDependencies): Router {
    const router = express.Router();
    router.post("/datasets/:datasetId/images", (req, res, next) => {
      uploadImages(deps, req, res).catch((error: unknown) => sendFailure(res, next, error));
    });
    router.post("/datasets/:datasetId/zip", (req, res, next) => {
      uploadZip(deps, req, res).catch((error: unknown) => sendFailure(res, next, error));
    });
    return router;
  },
};

/** Finds the dataset and checks the caller may write to it; throws typed errors. */
async function authorize(
  deps: ContextDependencies,
  req: Request,
): Promise<{ ingest: IngestDeps; target: IngestTarget }> {
  const ctx = await contextForHttpRequest(deps, req, null);
  const dataset = await requireDatasetRole(ctx, String(req.params.datasetId), "EDITOR");
  const target = await loadIngestTarget(ctx.prisma, dataset.id);
  if (!target) throw new Error(`Dataset ${dataset.id} vanished between the access check and the upload`);
  return { ingest: ingestDepsFor(ctx), target };
}

function isMultipart(req: Request, res: Response): boolean {
  if (req.is("multipart/form-data")) return true;
  sendError(
    res,
    415,
    ErrorCode.BAD_USER_INPUT,
    "Send the files as multipart/form-data (e.g. curl -F label=cat -F file=@cat.jpg).",
  );
  return false;
}

/**
 * A request-level problem found mid-stream: answer now and let the rest of
 * the body drain, so the client reads the answer instead of a reset socket.
 */
class RequestProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

async function uploadImages(deps: ContextDependencies, req: Request, res: Response): Promise<void> {
  const { ingest, target } = await authorize(deps, req);
  if (!isMultipart(req, res)) return;

  const labels: string[] = [];
  let split: Split | null = null;
  // `unlabeled=true` puts the files in the dataset's unlabeled pool (the label queue) instead.
  let unlabeled = false;
  let files = 0;
  const report = emptyReport();

  const outcome = await parseMultipart(req, ingest.limits.maxFileBytes, ingest.limits.maxFilesPerRequest, {
    field(name, value) {
      if (files > 0) {
        throw new RequestProblem(
          400,
          `Field "${name}" came after a file; send the label and split fields before the files.`,
          "FIELD_ORDER",
        );
      }
      if (name === "label" || name === "labels") labels.push(value.trim());
      else if (name === "split") split = parseSplit(value);
      else if (name === "unlabeled") unlabeled = parseUnlabeled(value);
      else
        throw new RequestProblem(
          400,
          `Unknown field "${name}"; the image upload takes "label" (repeatable), "split", "unlabeled" and files.`,
          "UNKNOWN_FIELD",
        );
    },
    async file(name, bytes, truncated) {
      if (files === 0) {
        if (unlabeled && labels.length > 0) {
          throw new RequestProblem(
            400,
            'Send either "label" fields or "unlabeled=true", not both: unlabeled images wait in the label queue.',
            "UNLABELED_WITH_LABEL",
          );
        }
        if (!unlabeled) checkLabels(target, labels);
      }
      files += 1;
      if (truncated) {
        report.rejected.push({ name, ...tooLarge(ingest.limits.maxFileBytes) });
        return;
      }
      await ingestIntoReport(ingest, target, { bytes, name, labels, split, unlabeled }, report);
    },
  });
  if (outcome.problem)
    return sendError(res, outcome.problem.status, ErrorCode.BAD_USER_INPUT, outcome.problem.message, {
      reason: outcome.problem.reason,
    });
  if (files === 0) {
    return sendError(res, 400, ErrorCode.BAD_USER_INPUT, "The upload holds no files; attach one or more images.", {
      reason: "NO_FILES",
    });
  }
  sendReport(res, report);
}

async function uploadZip(deps: ContextDependencies, req: Request, res: Response): Promise<void> {
  const { ingest, target } = await authorize(deps, req);
  if (!isMultipart(req, res)) return;

  const tmpDir = path.join(deps.config.dataDir, "tmp");
  await mkdir(tmpDir, { recursive: true });
  const zipPath = path.join(tmpDir, `import-${randomUUID()}.zip`);
  let result: { report: TreeImportReport } | { problem: RequestProblem };
  try {
    result = await receiveAndImportZip(ingest, target, req, zipPath);
  } finally {
    // Removed before answering, so a client that sees the answer sees no leftovers.
    await rm(zipPath, { force: true });
  }
  if ("problem" in result) {
    sendError(res, result.problem.status, ErrorCode.BAD_USER_INPUT, result.problem.message, {
      reason: result.problem.reason,
    });
  } else {
    sendReport(res, result.report);
  }
}

async function receiveAndImportZip(
  ingest: IngestDeps,
  target: IngestTarget,
  req: Request,
  zipPath: string,
): Promise<{ report: TreeImportReport } | { problem: RequestProblem }> {
  let seed = 0;
  let ratios: SplitRatios | undefined;
  let received = false;
  const outcome = await parseMultipart(req, ingest.limits.maxZipBytes, 1, {
    field(name, value) {
      if (name === "seed") seed = parseSeed(value);
      else if (name === "ratios") ratios = parseRatios(value);
      else
        throw new RequestProblem(
          400,
          `Unknown field "${name}"; the zip import takes "seed", "ratios" and one zip file.`,
          "UNKNOWN_FIELD",
        );
    },
    toDisk: zipPath,
    async file(_name, _bytes, truncated) {
      if (truncated) {
        throw new RequestProblem(
          413,
          tooLarge(ingest.limits.maxZipBytes).message.replace("File", "The zip"),
          "TOO_LARGE",
        );
      }
      received = true;
    },
  });
  if (outcome.problem) return { problem: outcome.problem };
  if (!received) return { problem: new RequestProblem(400, "Attach one zip file.", "NO_FILES") };
  try {
    return { report: await importZipFile(ingest, target, zipPath, { seed, ratios }) };
  } catch (error) {
    if (error instanceof ZipArchiveError) return { problem: new RequestProblem(400, error.message, "NOT_A_ZIP") };
    throw error;
  }
}

function sendReport(res: Response, report: IngestReport): void {
  res.status(200).type("application/json").send(JSON.stringify(report));
}

function checkLabels(target: IngestTarget, labels: string[]): void {
  try {
    resolveLabels(target, labels);
  } catch (error) {
    if (error instanceof RejectedFileError) throw new RequestProblem(400, error.message, error.code);
    throw error;
  }
}

function parseUnlabeled(value: string): boolean {
  const flag = value.trim().toLowerCase();
  if (flag === "true" || flag === "1") return true;
  if (flag === "false" || flag === "0") return false;
  throw new RequestProblem(400, `"unlabeled" is true or false, got "${value}".`, "BAD_UNLABELED");
}

function parseSplit(value: string): Split {
  const split = value.trim().toUpperCase();
  if ((SPLITS as readonly string[]).includes(split)) return split as Split;
  throw new RequestProblem(400, `Split "${value}" is not one of train, val, test.`, "BAD_SPLIT");
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new RequestProblem(400, `Seed "${value}" is not a whole number.`, "BAD_SEED");
  return seed;
}

function parseRatios(value: string): SplitRatios {
  const parts = value.split(",").map((part) => Number(part.trim()));
  if (
    parts.length !== 3 ||
    parts.some((part) => !Number.isFinite(part) || part < 0) ||
    parts.every((part) => part === 0)
  ) {
    throw new RequestProblem(
      400,
      `Ratios "${value}" must be three numbers of zero or more for train,val,test, e.g. "80,10,10".`,
      "BAD_RATIOS",
    );
  }
  return { train: parts[0], val: parts[1], test: parts[2] };
}

interface MultipartHandlers {
  /** Throw RequestProblem to refuse the request. */
  field(name: string, value: string): void;
  /**
   * Called once per file, in order, after its bytes are in (in memory, or on
   * disk at `toDisk`). `truncated`: the file hit the size limit.
   */
  file(name: string, bytes: Buffer, truncated: boolean): Promise<void>;
  toDisk?: string;
}

/**
 * Runs busboy over the request, handling one file at a time: the next file
 * is not read until the previous one is stored, so memory stays at about one
 * file however many the request holds. Resolves once the whole body is read.
 */
function parseMultipart(
  req: Request,
  maxFileBytes: number,
  maxFiles: number,
  handlers: MultipartHandlers,
): Promise<{ problem: RequestProblem | null }> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fileSize: maxFileBytes,
          files: maxFiles,
          fields: MAX_FIELDS,
          fieldSize: MAX_FIELD_BYTES,
          parts: maxFiles + MAX_FIELDS,
        },
      });
    } catch (error) {
      resolve({
        problem: new RequestProblem(
          400,
          `The multipart body cannot be read: ${(error as Error).message}.`,
          "BAD_MULTIPART",
        ),
      });
      return;
    }
    let problem: RequestProblem | null = null;
    let failure: unknown = null;
    let chain = Promise.resolve();
    const stop = (error: unknown) => {
      if (error instanceof RequestProblem) problem ??= error;
      else failure ??= error;
    };

    parser.on("field", (name, value, info) => {
      if (problem || failure) return;
      if (info.valueTruncated)
        return stop(new RequestProblem(400, `Field "${name}" is over ${MAX_FIELD_BYTES} bytes.`, "FIELD_TOO_LARGE"));
      chain = chain.then(() => {
        if (problem || failure) return;
        try {
          handlers.field(name, value);
        } catch (error) {
          stop(error);
        }
      });
    });
    parser.on("file", (_field, stream, info) => {
      // busboy destroys a file stream with the parse error when the body ends
      // mid-file; unheard, that error would take the whole process down.
      stream.on("error", (error: Error) =>
        stop(
          new RequestProblem(
            400,
            `The multipart body is malformed (${error.message}); send it again.`,
            "BAD_MULTIPART",
          ),
        ),
      );
      chain = chain.then(async () => {
        if (problem || failure) {
          stream.resume();
          return;
        }
        try {
          const { bytes, truncated } = handlers.toDisk
            ? await saveToDisk(stream, handlers.toDisk)
            : await collect(stream);
          await handlers.file(info.filename || "unnamed", bytes, truncated);
        } catch (error) {
          stream.resume();
          // A stream error is already recorded as a malformed body by its listener.
          if (!stream.errored) stop(error);
        }
      });
    });
    const tooMany = (what: string) => () =>
      stop(
        new RequestProblem(
          413,
          `The request holds too many ${what}; send at most ${maxFiles} file(s) per request.`,
          "TOO_MANY_PARTS",
        ),
      );
    parser.on("filesLimit", tooMany("files"));
    parser.on("partsLimit", tooMany("parts"));
    parser.on("fieldsLimit", tooMany("fields"));
    parser.on("error", (error: Error) => {
      stop(
        new RequestProblem(400, `The multipart body is malformed (${error.message}); send it again.`, "BAD_MULTIPART"),
      );
      req.unpipe(parser);
      req.resume();
      chain.then(() => resolve({ problem }), reject);
    });
    parser.on("close", () => {
      chain.then(() => (failure ? reject(failure) : resolve({ problem })), reject);
    });
    req.on("aborted", () => stop(new RequestProblem(400, "The upload was interrupted.", "ABORTED")));
    req.pipe(parser);
  });
}

async function collect(stream: Readable & { truncated?: boolean }): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { bytes: Buffer.concat(chunks), truncated: stream.truncated === true };
}

async function saveToDisk(
  stream: Readable & { truncated?: boolean },
  file: string,
): Promise<{ bytes: Buffer; truncated: boolean }> {
  await pipeline(stream, createWriteStream(file));
  return { bytes: Buffer.alloc(0), truncated: stream.truncated === true };
}

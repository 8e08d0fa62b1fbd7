// `predict --run R <image…>`: classifies image files with a finished run's
// model, reading the model from the data folder the trainer stored it in.

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@headstart/db";
import { createRunPredictor, type ImagePrediction, MAX_PREDICT_IMAGES } from "@headstart/domain";
import { type FlagSpec, hasSwitch, type ParsedArgs, requiredFlag, UsageError } from "../args.ts";

export const PREDICT_USAGE = "predict --run RUN_ID [--json] IMAGE...";
export const PREDICT_FLAGS: FlagSpec = { values: ["run"], switches: ["json"] };

export interface PredictIO {
  out(line: string): void;
  /** Diagnostics (stderr): which inference engine the model runs on, and why the other was skipped. */
  log?(line: string): void;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export async function predictCommand(prisma: PrismaClient, args: ParsedArgs, io: PredictIO, dataDir?: string) {
  const runId = requiredFlag(args, "run", PREDICT_USAGE);
  // positionals[0] is the command name itself.
  const files = args.positionals.slice(1);
  const json = hasSwitch(args, "json");
  if (files.length === 0) throw new UsageError(`Name at least one image file. Usage: ${PREDICT_USAGE}`);
  // ONNX Runtime unless HEADSTART_INFERENCE says otherwise or the model does not convert (then tfjs);
  // the engine line goes to the log so stdout carries only the predictions.
  const predictor = createRunPredictor(prisma, dataDir, { inference: { log: io.log ?? null } });
  try {
    const results: Array<ImagePrediction & { file: string }> = [];
    // Chunks keep memory bounded for long file lists; the model stays loaded between them.
    for (let start = 0; start < files.length; start += MAX_PREDICT_IMAGES) {
      const chunk = files.slice(start, start + MAX_PREDICT_IMAGES);
      const images = await Promise.all(
        chunk.map(async (file) => {
          try {
            return await readFile(file);
          } catch (error) {
            throw new UsageError(
              `Cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}); check the path.`,
            );
          }
        }),
      );
      const predictions = await predictor.predict(
        runId,
        images,
        chunk.map((file) => path.basename(file)),
      );
      predictions.forEach((prediction, i) => results.push({ file: chunk[i]!, ...prediction }));
    }
    if (json) {
      io.out(JSON.stringify(results, null, 2));
    } else {
      for (const result of results) {
        const others = result.probabilities.map((p) => `${p.label} ${percent(p.probability)}`).join(", ");
        const verdict = result.withheld
          ? `withheld (under the ${percent(result.threshold)} threshold; a person should decide)`
          : result.label;
        io.out(`${result.file}: ${verdict}  [${others}]`);
      }
    }
    return results;
  } finally {
    predictor.close();
  }
}

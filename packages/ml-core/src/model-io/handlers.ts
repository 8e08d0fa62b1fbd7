import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { artifactsToFiles, filesToArtifacts, MODEL_FILE, type ModelFiles, WEIGHTS_FILE } from "./artifacts.ts";
import { ModelFormatError } from "./manifest.ts";

type TfjsFiles = Pick<ModelFiles, typeof MODEL_FILE | typeof WEIGHTS_FILE>;

/**
 * An IOHandler that writes model.json + weights.bin into a directory and reads them back, with
 * node:fs only (tfjs' own `file://` scheme exists only with tfjs-node). Files are written under a
 * temporary name and renamed, so an interrupted save never leaves a readable but half-written model.
 */
export function directoryHandler(directory: string): tf.io.IOHandler {
  return {
    async save(artifacts) {
      const files = artifactsToFiles(artifacts);
      await mkdir(directory, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) {
        await writeFile(join(directory, `${name}.partial`), bytes);
      }
      for (const name of Object.keys(files)) {
        await rename(join(directory, `${name}.partial`), join(directory, name));
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load() {
      const read = async (name: string) => {
        try {
          return new Uint8Array(await readFile(join(directory, name)));
        } catch (error) {
          throw new ModelFormatError(
            `cannot read ${join(directory, name)} (${(error as NodeJS.ErrnoException).code}); point to a directory holding a saved model`,
          );
        }
      };
      return filesToArtifacts({ [MODEL_FILE]: await read(MODEL_FILE), [WEIGHTS_FILE]: await read(WEIGHTS_FILE) });
    },
  };
}

/** An IOHandler over bytes in memory: `save` fills `files`, `load` reads them (blob stores, tests). */
export function memoryHandler(files: Partial<TfjsFiles> = {}): tf.io.IOHandler & { files: Partial<TfjsFiles> } {
  return {
    files,
    async save(artifacts) {
      Object.assign(files, artifactsToFiles(artifacts));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load() {
      if (!files[MODEL_FILE] || !files[WEIGHTS_FILE]) {
        throw new ModelFormatError("model.json or weights.bin is missing from the stored files");
      }
      return filesToArtifacts(files as TfjsFiles);
    },
  };
}

// A saved model is several files (model.json, weights.bin, manifest.json).
// Each goes into the content-addressed blob store, and a small JSON index
// naming them is stored too: ModelArtifact.blobKey points at that index, so
// one key reaches the whole model and every referenced blob is discoverable.

import type { BlobStore } from "@headstart/storage";

export const MODEL_BUNDLE_FORMAT = "headstart-model-bundle";

interface BundleIndex {
  format: typeof MODEL_BUNDLE_FORMAT;
  version: 1;
  files: Record<string, { key: string; size: number }>;
}

export class ModelBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelBundleError";
  }
}

/** Stores the files and their index; returns the index key and the model's total size in bytes. */
export async function storeModelBundle(
  blobs: BlobStore,
  files: Record<string, Uint8Array>,
): Promise<{ blobKey: string; byteSize: number; blobKeys: string[] }> {
  const index: BundleIndex = { format: MODEL_BUNDLE_FORMAT, version: 1, files: {} };
  let byteSize = 0;
  // The files are written at once (each put hashes, writes and syncs its own temp file, so their disk
  // waits overlap); the index lists them in the given order whatever order they land in.
  const entries = Object.entries(files);
  const stored = await Promise.all(entries.map(([, bytes]) => blobs.put(bytes)));
  entries.forEach(([name], i) => {
    const { key, size } = stored[i]!;
    index.files[name] = { key, size };
    byteSize += size;
  });
  const { key } = await blobs.put(Buffer.from(JSON.stringify(index)));
  return { blobKey: key, byteSize, blobKeys: [key, ...Object.values(index.files).map((f) => f.key)] };
}

/** Reads every file of a stored model back, by name. */
export async function readModelBundle(blobs: BlobStore, blobKey: string): Promise<Record<string, Buffer>> {
  const index = await readBundleIndex(blobs, blobKey);
  const out: Record<string, Buffer> = {};
  for (const [name, file] of Object.entries(index.files)) out[name] = await blobs.get(file.key);
  return out;
}

/** One file of a stored model (model.onnx alone, without the weights beside it), or null when the bundle has none. */
export async function readModelBundleFile(blobs: BlobStore, blobKey: string, name: string): Promise<Buffer | null> {
  const file = (await readBundleIndex(blobs, blobKey)).files[name];
  return file ? blobs.get(file.key) : null;
}

async function readBundleIndex(blobs: BlobStore, blobKey: string): Promise<BundleIndex> {
  let index: BundleIndex;
  try {
    index = JSON.parse((await blobs.get(blobKey)).toString("utf8")) as BundleIndex;
  } catch (error) {
    throw new ModelBundleError(
      `Model bundle ${blobKey} is unreadable (${(error as Error).message}); retrain the run to regenerate it.`,
    );
  }
  if (index?.format !== MODEL_BUNDLE_FORMAT || typeof index.files !== "object") {
    throw new ModelBundleError(`Blob ${blobKey} is not a model bundle index.`);
  }
  return index;
}

// A finished run's model as one zip: the full model (pixels in), the
// head-only model (backbone features in) and a top-level manifest saying
// what the run was. Files stream from the blob store into the zip.
import type { PrismaClient, Run } from "@headstart/db";
import { readModelBundle } from "@headstart/runs";
import type { BlobStore } from "@headstart/storage";
import { ZipFile } from "yazl";

export interface ModelZip {
  fileName: string;
  /** The zip bytes as they are produced; pipe it to the response. */
  stream: NodeJS.ReadableStream;
  entries: string[];
}

/** Null when the run has no exported model (not finished, or failed). */
export async function buildModelZip(prisma: PrismaClient, blobs: BlobStore, run: Run): Promise<ModelZip | null> {
  const artifacts = await prisma.modelArtifact.findMany({
    where: { runId: run.id, kind: { in: ["FULL", "HEAD"] } },
    orderBy: { kind: "asc" },
  });
  if (!artifacts.some((artifact) => artifact.kind === "FULL")) return null;
  const version = await prisma.datasetVersion.findUniqueOrThrow({
    where: { id: run.versionId },
    select: { number: true, dataset: { select: { name: true } } },
  });
  // Read every file before the first byte goes out, so a missing blob is an error response, not a truncated zip.
  const folders = await Promise.all(
    artifacts.map(async (artifact) => ({ artifact, files: await readModelBundle(blobs, artifact.blobKey) })),
  );
  const zip = new ZipFile();
  const entries: string[] = [];
  const mtime = run.finishedAt ?? run.createdAt;
  for (const { artifact, files } of folders) {
    const folder = artifact.kind === "FULL" ? "full" : "head";
    for (const name of Object.keys(files).sort()) {
      zip.addBuffer(files[name]!, `${folder}/${name}`, { mtime });
      entries.push(`${folder}/${name}`);
    }
  }
  const manifest = {
    format: "headstart-run-model",
    formatVersion: 1,
    run: { id: run.id, name: run.name, status: run.status, createdAt: run.createdAt, finishedAt: run.finishedAt },
    dataset: { id: run.datasetId, name: version.dataset.name, versionId: run.versionId, versionNumber: version.number },
    config: run.config,
    models: Object.fromEntries(
      artifacts.map((artifact) => [
        artifact.kind === "FULL" ? "full" : "head",
        {
          folder: artifact.kind === "FULL" ? "full/" : "head/",
          input:
            artifact.kind === "FULL"
              ? "image pixels 0..255 [n, size, size, 3]"
              : "pooled backbone features [n, featureSize]",
          byteSize: artifact.byteSize,
          manifest: artifact.manifest,
        },
      ]),
    ),
  };
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), "manifest.json", { mtime });
  entries.push("manifest.json");
  zip.end();
  const slug =
    (run.name ?? version.dataset.name)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "model";
  return { fileName: `${slug}-run-${run.id.slice(0, 8)}.zip`, stream: zip.outputStream, entries };
}

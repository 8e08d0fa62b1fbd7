// Import of an uploaded zip (already on disk; yauzl needs random access to
// read the central directory).
import type { IngestDeps, IngestTarget } from "./ingest.ts";
import { importTree, type TreeImportOptions, type TreeImportReport } from "./tree-import.ts";
import { openZip } from "./zip-reader.ts";

/** Throws ZipArchiveError when the file is not a readable zip or has too many entries. */
export async function importZipFile(
  deps: IngestDeps,
  target: IngestTarget,
  zipPath: string,
  options: TreeImportOptions = {},
): Promise<TreeImportReport> {
  const zip = await openZip(zipPath, deps.limits.maxZipEntries);
  try {
    return await importTree(deps, target, zip.entries, options);
  } finally {
    zip.close();
  }
}

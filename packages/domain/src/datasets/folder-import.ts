// Import of a class-per-folder tree from a local folder (the CLI's `import`).
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { checkEntryPath, isJunkPath, planImport } from "./import-layout.ts";
import type { IngestDeps, IngestTarget } from "./ingest.ts";
import { tooLarge } from "./rejections.ts";
import { importTree, type TreeEntry, type TreeImportOptions, type TreeImportReport } from "./tree-import.ts";

export async function importFolder(
  deps: IngestDeps,
  target: IngestTarget,
  root: string,
  options: TreeImportOptions = {},
  onProgress?: (done: number, total: number) => void,
): Promise<TreeImportReport> {
  const entries = await walk(path.resolve(root));
  return importTree(deps, target, entries, options, onProgress);
}

/**
 * The label folder names of a tree, sorted: what a new dataset for it needs.
 * Uses the same layout rules as the import itself.
 */
export async function discoverFolderLabels(root: string): Promise<string[]> {
  const entries = await walk(path.resolve(root));
  const paths = entries.flatMap((entry) =>
    entry.path.ok && !isJunkPath(entry.path.segments) ? [{ path: entry.name, segments: entry.path.segments }] : [],
  );
  return [...new Set(planImport(paths).files.map((file) => file.label))].sort();
}

/**
 * Lists regular files under root. Symbolic links are not followed: one could
 * point anywhere on the machine, and importing would copy that file into the
 * dataset.
 */
async function walk(root: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  const pending = [""];
  while (pending.length > 0) {
    const relativeDir = pending.pop()!;
    const names = (await readdir(path.join(root, relativeDir))).sort();
    for (const name of names) {
      const relative = relativeDir ? `${relativeDir}/${name}` : name;
      const absolute = path.join(root, relative);
      const info = await lstat(absolute);
      if (info.isDirectory()) {
        pending.push(relative);
      } else if (info.isFile()) {
        entries.push({
          name: relative,
          path: checkEntryPath(relative),
          read: async (maxBytes) =>
            info.size > maxBytes
              ? { ok: false, rejection: tooLarge(maxBytes) }
              : { ok: true, bytes: await readFile(absolute) },
        });
      } else {
        entries.push({
          name: relative,
          path: {
            ok: false,
            rejection: {
              code: "NOT_A_FILE",
              message: `"${relative}" is a ${info.isSymbolicLink() ? "symbolic link" : "special file"}, which the import does not follow; copy the real file in instead.`,
            },
          },
          read: async () => ({ ok: false, rejection: { code: "NOT_A_FILE", message: "Not a regular file." } }),
        });
      }
    }
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

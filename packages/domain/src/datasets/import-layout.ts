// Where a file in an imported tree (a zip or a folder) goes, decided from its
// path alone: the Keras class-per-folder layout, either pre-split
// (`train/<label>/x.jpg`, `val/…`, `test/…`) or a single root (`<label>/x.jpg`)
// that the import then splits itself.

import type { Rejection } from "./rejections.ts";
import type { Split } from "./split-assignment.ts";

const SPLIT_DIRS: Record<string, Split> = {
  train: "TRAIN",
  val: "VAL",
  valid: "VAL",
  validation: "VAL",
  test: "TEST",
};

// Clutter that archivers and desktops add; it is not the person's data.
const JUNK_NAMES = new Set(["__MACOSX", "Thumbs.db", "desktop.ini"]);

export type SafePath = { ok: true; segments: string[] } | { ok: false; rejection: Rejection };

/**
 * Zip-slip guard. An entry name is untrusted: absolute paths, drive letters
 * and `..` segments could point outside wherever the tree is unpacked, so they
 * are refused outright rather than normalised away.
 */
export function checkEntryPath(name: string): SafePath {
  const unsafe = (why: string): SafePath => ({
    ok: false,
    rejection: {
      code: "UNSAFE_PATH",
      message: `Path "${name}" ${why}; entries must be relative paths inside the archive.`,
    },
  });
  if (name.length === 0) return unsafe("is empty");
  if (name.includes("\0")) return unsafe("contains a NUL byte");
  const slashed = name.replace(/\\/g, "/");
  if (slashed.startsWith("/")) return unsafe("is absolute");
  if (/^[a-zA-Z]:/.test(slashed)) return unsafe("starts with a drive letter");
  const segments = slashed.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) return unsafe('climbs out of the archive with ".."');
  return { ok: true, segments };
}

export function isJunkPath(segments: string[]): boolean {
  return segments.some((segment) => segment.startsWith(".") || JUNK_NAMES.has(segment));
}

export interface PlannedFile {
  path: string;
  label: string;
  /** Null in a single-root tree: the import assigns a split afterwards. */
  split: Split | null;
}

export interface ImportPlan {
  layout: "PRE_SPLIT" | "SINGLE_ROOT";
  files: PlannedFile[];
  rejected: Array<{ path: string; rejection: Rejection }>;
}

/**
 * Decides the layout from all file paths (already checked by checkEntryPath
 * and without junk). A common wrapper folder (`flowers/train/rose/x.jpg`, as
 * produced by zipping a folder) is stripped first. Files that do not fit the
 * layout are rejected individually so the rest still import.
 */
export function planImport(paths: Array<{ path: string; segments: string[] }>): ImportPlan {
  let stripped = paths.map((p) => ({ path: p.path, segments: p.segments }));
  while (
    stripped.length > 0 &&
    stripped.every((p) => p.segments.length >= 3) &&
    new Set(stripped.map((p) => p.segments[0])).size === 1 &&
    !(stripped[0].segments[0].toLowerCase() in SPLIT_DIRS)
  ) {
    stripped = stripped.map((p) => ({ path: p.path, segments: p.segments.slice(1) }));
  }

  const preSplit = stripped.some((p) => p.segments.length === 3 && p.segments[0].toLowerCase() in SPLIT_DIRS);
  const plan: ImportPlan = { layout: preSplit ? "PRE_SPLIT" : "SINGLE_ROOT", files: [], rejected: [] };
  for (const { path, segments } of stripped) {
    if (preSplit) {
      const split = segments.length === 3 ? SPLIT_DIRS[segments[0].toLowerCase()] : undefined;
      if (split) {
        plan.files.push({ path, split, label: segments[1] });
      } else {
        plan.rejected.push({ path, rejection: layoutRejection(path, "train|val|test/<label>/<file>") });
      }
    } else if (segments.length === 2) {
      plan.files.push({ path, split: null, label: segments[0] });
    } else {
      plan.rejected.push({ path, rejection: layoutRejection(path, "<label>/<file>") });
    }
  }
  return plan;
}

function layoutRejection(path: string, expected: string): Rejection {
  return {
    code: "BAD_LAYOUT",
    message: `"${path}" is not where a class-per-folder tree keeps images; expected ${expected}.`,
  };
}

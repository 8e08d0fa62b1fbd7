// The production build, made on demand: a fresh clone has none, and a pulled
// change makes it stale. `next build` takes 30-60 s on a 2-core machine
// (TypeScript is checked separately by `npm run typecheck`), well inside the
// 90 s `npm start` has to serve the first page.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when there is no build, or a source, config or dependency list changed after it. */
export function webBuildIsStale(webDir = WEB_DIR): boolean {
  const buildId = path.join(webDir, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const sources = Math.max(
    newestMtime(path.join(webDir, "src")),
    statSync(path.join(webDir, "next.config.ts")).mtimeMs,
    statSync(path.join(webDir, "package.json")).mtimeMs,
  );
  return statSync(buildId).mtimeMs <= sources;
}

/** Runs `next build` in the web workspace; returns the seconds it took. */
export function buildWeb(webDir = WEB_DIR): number {
  const started = Date.now();
  const nextBin = createRequire(path.join(webDir, "package.json")).resolve("next/dist/bin/next");
  execFileSync(process.execPath, [nextBin, "build"], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  return (Date.now() - started) / 1000;
}

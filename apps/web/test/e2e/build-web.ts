// Vitest global setup for the browser tests: make sure the production build
// of the web app is current (rebuilding only when a source file is newer than
// the build), so the tests exercise exactly what `npm start` serves.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { WEB_DIR } from './stack.ts';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const buildId = path.join(WEB_DIR, '.next', 'BUILD_ID');
  const sources = Math.max(
    newestMtime(path.join(WEB_DIR, 'src')),
    statSync(path.join(WEB_DIR, 'next.config.ts')).mtimeMs,
    statSync(path.join(WEB_DIR, 'package.json')).mtimeMs,
  );
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sources) return;
  const started = Date.now();
  const nextBin = createRequire(path.join(WEB_DIR, 'package.json')).resolve('next/dist/bin/next');
  execFileSync(process.execPath, [nextBin, 'build'], {
    cwd: WEB_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
  console.log(`web: production build took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

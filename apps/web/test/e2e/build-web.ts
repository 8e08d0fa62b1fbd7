// Vitest global setup for the browser tests: make sure the production build
// of the web app is current (rebuilding only when a source file is newer than
// the build), so the tests exercise exactly what `npm start` serves.
import { buildWeb, webBuildIsStale } from "../../server/build.ts";

export default function setup(): void {
  if (!webBuildIsStale()) return;
  console.log(`web: production build took ${buildWeb().toFixed(1)} s`);
}

// Serves the web studio: Next.js for pages, and a same-origin streaming proxy
// for the API (see api-proxy.ts for why). Configuration is read at launch, so
// one build works against any API address:
//   HEADSTART_API_URL  where the API listens (default http://localhost:4000)
//   WEB_PORT / PORT    where to listen (default 3000; 0 picks a free port)
//   WEB_HOST           interface to bind (default 0.0.0.0)
//   --dev              run `next dev` in-process instead of the production build
//   --build-if-stale   run `next build` first when there is no build or it is
//                      older than the sources (what `npm start` uses)
process.env.NEXT_TELEMETRY_DISABLED = "1";

import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { createApiProxy, isApiPath } from "./api-proxy.ts";
import { buildWeb, webBuildIsStale } from "./build.ts";
import { applySecurityHeaders } from "./security-headers.ts";

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const apiUrl = process.env.HEADSTART_API_URL ?? "http://localhost:4000";
const port = Number(process.env.WEB_PORT ?? process.env.PORT ?? 3000);
const host = process.env.WEB_HOST ?? "0.0.0.0";

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`web: WEB_PORT must be a port number, got ${process.env.WEB_PORT ?? process.env.PORT}`);
  process.exit(2);
}
if (!dev && process.argv.includes("--build-if-stale") && webBuildIsStale(webDir)) {
  console.log("web: building the studio (first start or changed sources; about a minute on 2 cores)…");
  try {
    console.log(`web: built in ${buildWeb(webDir).toFixed(1)} s`);
  } catch {
    console.error("web: `next build` failed (its output is above). Fix the error, or start with --dev.");
    process.exit(1);
  }
}
if (!dev && !existsSync(path.join(webDir, ".next", "BUILD_ID"))) {
  console.error("web: no production build found. Run `npm run build -w @headstart/web` first, or start with --dev.");
  process.exit(2);
}

const proxy = createApiProxy(apiUrl);
const server = http.createServer();
const app = next({ dev, dir: webDir, hostname: host === "0.0.0.0" ? "localhost" : host, port, httpServer: server });
const started = Date.now();
await app.prepare();
const handle = app.getRequestHandler();
const handleNextUpgrade = app.getUpgradeHandler();

server.on("request", (req, res) => {
  if (isApiPath(req.url)) {
    proxy.handleRequest(req, res);
    return;
  }
  applySecurityHeaders(req, res, { dev });
  handle(req, res).catch((err: unknown) => {
    console.error("web: request failed", req.url, err);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal error while rendering this page; see the web server log.");
  });
});
server.on("upgrade", (req, socket, head) => {
  if (isApiPath(req.url)) proxy.handleUpgrade(req, socket, head);
  else void handleNextUpgrade(req, socket, head);
});

server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  console.log(
    `web: ready on http://localhost:${actualPort} (${dev ? "development" : "production"}, API ${apiUrl}, ${Date.now() - started} ms)`,
  );
});

let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  console.log(`web: ${signal}, shutting down`);
  server.closeAllConnections();
  server.close(() => {
    void app.close().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));

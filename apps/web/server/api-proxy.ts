// Same-origin gateway to the API. The browser only ever talks to the web
// origin, so the API's HTTP-only session cookie is first-party, no CORS is
// needed, and a deployment exposes a single port. It is a plain streaming
// proxy (not Next's rewrites or proxy.ts) for two reasons: rewrites are frozen
// into the build, so the API address could not change at launch time, and
// proxy.ts buffers request bodies in memory and silently truncates them past a
// limit, which would corrupt large zip imports.
import http from "node:http";
import type { Duplex } from "node:stream";

/**
 * Paths that belong to the API; everything else is rendered by Next. The run
 * routes share /runs/<id> with the studio's run pages, so only their exact
 * API endings (model.zip, predict) go to the API.
 */
const API_PATHS: RegExp[] = [
  /^\/graphql\/?$/,
  /^\/upload\//,
  /^\/images\//,
  /^\/thumbnails\//,
  /^\/runs\/[^/]+\/(model\.zip|predict)$/,
];

export function isApiPath(url: string | undefined): boolean {
  if (!url) return false;
  const path = url.split("?", 1)[0] ?? "";
  return API_PATHS.some((pattern) => pattern.test(path));
}

// Hop-by-hop headers must not be forwarded (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function forwardHeaders(req: http.IncomingMessage, keepUpgrade: boolean): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (!keepUpgrade && HOP_BY_HOP.has(name)) continue;
    headers[name] = value;
  }
  const remote = req.socket.remoteAddress;
  if (remote) {
    const prior = req.headers["x-forwarded-for"];
    headers["x-forwarded-for"] = prior ? `${String(prior)}, ${remote}` : remote;
  }
  headers["x-forwarded-host"] = req.headers.host ?? "";
  headers["x-forwarded-proto"] = "http";
  return headers;
}

export interface ApiProxy {
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void;
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
}

export function createApiProxy(apiUrl: string): ApiProxy {
  const target = new URL(apiUrl);
  if (target.protocol !== "http:") {
    throw new Error(
      `HEADSTART_API_URL must be an http:// URL (got ${apiUrl}); terminate TLS in front of the web app instead.`,
    );
  }
  const agent = new http.Agent({ keepAlive: true });
  const base = { hostname: target.hostname, port: target.port || 80 } as const;

  function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const upstream = http.request(
      { ...base, agent, method: req.method, path: req.url, headers: forwardHeaders(req, false) },
      (upstreamRes) => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(upstreamRes.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, headers);
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      if (res.headersSent) {
        res.destroy(err);
        return;
      }
      // Same shape as a GraphQL error so the client shows it like any other.
      res.writeHead(502, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          errors: [
            {
              message: `The Headstart API at ${target.origin} is not reachable (${(err as NodeJS.ErrnoException).code ?? err.message}). Start it with \`npm start\` or set HEADSTART_API_URL.`,
              extensions: { code: "API_UNREACHABLE" },
            },
          ],
        }),
      );
    });
    // A client that goes away mid-upload must not leave the upstream request hanging.
    req.on("aborted", () => upstream.destroy());
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  function handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const upstream = http.request({ ...base, method: req.method, path: req.url, headers: forwardHeaders(req, true) });
    socket.on("error", () => upstream.destroy());
    upstream.on("upgrade", (upstreamRes, upstreamSocket, upstreamHead) => {
      const lines = [`HTTP/1.1 ${upstreamRes.statusCode ?? 101} ${upstreamRes.statusMessage ?? "Switching Protocols"}`];
      for (let i = 0; i < upstreamRes.rawHeaders.length; i += 2) {
        lines.push(`${upstreamRes.rawHeaders[i]}: ${upstreamRes.rawHeaders[i + 1]}`);
      }
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (upstreamHead.length) socket.write(upstreamHead);
      if (head.length) upstreamSocket.write(head);
      upstreamSocket.on("error", () => socket.destroy());
      socket.on("close", () => upstreamSocket.destroy());
      upstreamSocket.on("close", () => socket.destroy());
      upstreamSocket.pipe(socket);
      socket.pipe(upstreamSocket);
    });
    // The API refused the upgrade (e.g. wrong path): relay its answer and close.
    upstream.on("response", (upstreamRes) => {
      socket.end(
        `HTTP/1.1 ${upstreamRes.statusCode ?? 502} ${upstreamRes.statusMessage ?? "Bad Gateway"}\r\nconnection: close\r\n\r\n`,
      );
      upstreamRes.resume();
    });
    upstream.on("error", () => {
      socket.end("HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n");
    });
    upstream.end();
  }

  return { handleRequest, handleUpgrade };
}

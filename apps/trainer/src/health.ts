import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DaemonStatus } from "./daemon.ts";

/** GET /healthz: 200 with the daemon's status while it works, 503 once it is shutting down. */
export async function startHealthServer(
  port: number,
  status: () => DaemonStatus,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.method !== "GET" || request.url !== "/healthz") {
      response
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "Only GET /healthz is served here." }));
      return;
    }
    const current = status();
    const healthy = current.state !== "stopping" && current.state !== "stopped";
    response.writeHead(healthy ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify(current));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

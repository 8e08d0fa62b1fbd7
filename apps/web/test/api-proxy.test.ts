// The same-origin gateway against a real HTTP + WebSocket upstream.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { createApiProxy, isApiPath } from "../server/api-proxy.ts";

describe("isApiPath", () => {
  it("sends GraphQL, uploads, image files and the run model/predict routes to the API", () => {
    for (const url of [
      "/graphql",
      "/graphql?x=1",
      "/upload/datasets/d1/images",
      "/images/i1",
      "/thumbnails/i1",
      "/runs/r1/model.zip",
      "/runs/r1/predict",
    ]) {
      expect(isApiPath(url), url).toBe(true);
    }
  });

  it("leaves the studio pages, including /runs/<id> pages, to Next", () => {
    for (const url of [
      "/",
      "/datasets",
      "/runs",
      "/runs/r1",
      "/runs/r1/review",
      "/graphqlx",
      "/imagesx/1",
      "/_next/static/a.js",
      undefined,
    ]) {
      expect(isApiPath(url), String(url)).toBe(false);
    }
  });
});

describe("createApiProxy", () => {
  let upstream: http.Server;
  let front: http.Server;
  let frontUrl: string;
  const seen: { method?: string; url?: string; host?: string; cookie?: string; body: string }[] = [];

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, host: req.headers.host, cookie: req.headers.cookie, body });
        res.setHeader("set-cookie", "headstart_session=abc; HttpOnly; Path=/");
        res.writeHead(201, { "content-type": "application/json" });
        res.end(JSON.stringify({ bytes: body.length }));
      });
    });
    const wss = new WebSocketServer({ server: upstream, path: "/graphql" });
    wss.on("connection", (socket, req) => {
      socket.on("message", (data) => socket.send(`echo:${data.toString()}:${req.headers.cookie ?? ""}`));
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const proxy = createApiProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    front = http.createServer((req, res) => proxy.handleRequest(req, res));
    front.on("upgrade", (req, socket, head) => proxy.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => front.listen(0, "127.0.0.1", r));
    frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    front.closeAllConnections();
    upstream.closeAllConnections();
    await new Promise((r) => front.close(r));
    await new Promise((r) => upstream.close(r));
  });

  it("streams a large request body through unchanged and relays status, headers and the original Host", async () => {
    const body = "x".repeat(12 * 1024 * 1024); // past the 10 MB where Next's proxy.ts would truncate
    const res = await fetch(`${frontUrl}/upload/datasets/d1/images`, {
      method: "POST",
      body,
      headers: { cookie: "headstart_session=s1" },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ bytes: body.length });
    expect(res.headers.get("set-cookie")).toContain("headstart_session=abc");
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: "POST", url: "/upload/datasets/d1/images", cookie: "headstart_session=s1" });
    // The API compares Origin with Host to trust cookies; Host must stay the web origin's.
    expect(last.host).toBe(new URL(frontUrl).host);
  });

  it("carries WebSocket upgrades (graphql-ws) with the cookie", async () => {
    const ws = new WebSocket(`${frontUrl.replace("http", "ws")}/graphql`, {
      headers: { cookie: "headstart_session=s2" },
    });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.on("open", () => ws.send("ping"));
      ws.on("message", (data) => resolve(data.toString()));
      ws.on("error", reject);
    });
    ws.close();
    expect(reply).toBe("echo:ping:headstart_session=s2");
  });

  it("answers a GraphQL-shaped 502 that says what to do when the API is down", async () => {
    const proxy = createApiProxy("http://127.0.0.1:1");
    const server = http.createServer((req, res) => proxy.handleRequest(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
      method: "POST",
      body: "{}",
    });
    server.close();
    expect(res.status).toBe(502);
    const json = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(json.errors[0].extensions.code).toBe("API_UNREACHABLE");
    expect(json.errors[0].message).toMatch(/HEADSTART_API_URL/);
  });

  it("refuses a non-http API URL at start-up", () => {
    expect(() => createApiProxy("https://example.com")).toThrow(/http:\/\//);
  });
});

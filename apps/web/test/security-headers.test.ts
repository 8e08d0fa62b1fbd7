// The studio's security headers over real HTTP, and that Next finds the nonce
// where server/main.ts puts it (Next's own parser, the one its renderer uses).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySecurityHeaders, contentSecurityPolicy } from "../server/security-headers.ts";

let server: http.Server;
let url = "";
const seenByNext: (string | undefined)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    applySecurityHeaders(req, res, { dev: false });
    seenByNext.push(getScriptNonceFromHeader(String(req.headers["content-security-policy"])));
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/datasets`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function directives(csp: string): Map<string, string> {
  return new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.slice(d.indexOf(" ") + 1)]));
}

describe("security headers", () => {
  it("sends CSP, nosniff and a referrer policy, with a fresh nonce per response that Next can read", async () => {
    const first = await fetch(url);
    const second = await fetch(url);
    for (const res of [first, second]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
    const csp = [first, second].map((res) => directives(res.headers.get("content-security-policy") ?? ""));
    const nonces = csp.map((d) => /'nonce-([^']+)'/.exec(d.get("script-src") ?? "")?.[1]);
    expect(nonces[0]).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(nonces[1]).not.toBe(nonces[0]);
    expect(seenByNext).toEqual(nonces);
    expect(csp[0].get("script-src")).toBe(`'self' 'nonce-${nonces[0]}' 'strict-dynamic'`);
    expect(csp[0].get("frame-ancestors")).toBe("'none'");
    expect(csp[0].get("object-src")).toBe("'none'");
    const host = new URL(url).host;
    expect(csp[0].get("connect-src")).toBe(`'self' ws://${host} wss://${host}`);
  });

  it("allows eval only in development, and names no websocket for a malformed Host", () => {
    expect(contentSecurityPolicy({ nonce: "n", dev: true })).toContain("'strict-dynamic' 'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: "n", dev: false })).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy({ nonce: "n", dev: false, host: "evil.example; script-src *" })).toContain(
      "connect-src 'self';",
    );
    expect(contentSecurityPolicy({ nonce: "n", dev: false, host: "[::1]:3000" })).toContain(
      "connect-src 'self' ws://[::1]:3000 wss://[::1]:3000;",
    );
  });
});

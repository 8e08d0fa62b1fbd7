// Security headers on every page the studio serves (set by server/main.ts, so
// they hold for `npm start`'s production server and for --dev alike):
//
// - Content-Security-Policy with a fresh nonce per request and
//   'strict-dynamic': only scripts carrying the nonce run, and the chunks they
//   load. Next reads the nonce from the *request's* CSP header and puts it on
//   its own scripts (framework, page bundles, the inline flight data), which
//   is why every page is rendered per request (connection() in the root
//   layout): a page prerendered at build time has no nonce to carry.
// - X-Content-Type-Options: nosniff, Referrer-Policy, and frame-ancestors
//   'none' (plus X-Frame-Options for browsers without CSP 2).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

// A Host header as browsers send it: name or IPv4 or [IPv6], optional port.
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function contentSecurityPolicy({ nonce, dev, host }: { nonce: string; dev: boolean; host?: string }): string {
  // 'self' covers the same-origin GraphQL proxy (/graphql), uploads and
  // images; its websocket is named explicitly as well, since browsers before
  // CSP 3 do not let 'self' match ws: and wss:.
  const sockets = host && HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    // React's development build evaluates code to rebuild server error stacks; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (bar widths, chart colours) are data-driven; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    // blob: for the playground's local previews of images being classified.
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // No upgrade-insecure-requests: a studio served over plain http on a LAN
    // address would have every request rewritten to an https that is not there.
  ].join("; ");
}

/** Sets the headers on a page response and hands Next the nonce through the request. */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, { dev }: { dev: boolean }): void {
  const nonce = randomBytes(18).toString("base64");
  const csp = contentSecurityPolicy({ nonce, dev, host: req.headers.host });
  req.headers["content-security-policy"] = csp;
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Frame-Options", "DENY");
}

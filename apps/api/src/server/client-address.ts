// The address a request really came from, for the logIn throttle. The studio
// reaches the API through its own server (apps/web/server/api-proxy.ts), which
// appends the browser's address to X-Forwarded-For; without this every browser
// would share the proxy's address and one person's typos would lock out all.
// Only hops in `trustedProxies` may speak for the client: anyone else could
// write any X-Forwarded-For they like.

/** IPv4 peers of a dual-stack socket arrive as ::ffff:a.b.c.d. */
function normalize(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

/**
 * The right-most address in the chain (peer first, then X-Forwarded-For from
 * the right) that is not a trusted proxy; the left-most when all are trusted.
 */
export function clientAddressOf(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: readonly string[],
): string | null {
  if (!remoteAddress) return null;
  const trusted = new Set(trustedProxies.map(normalize));
  const peer = normalize(remoteAddress);
  if (!trusted.has(peer)) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const hops = header
    .split(",")
    .map(normalize)
    .filter((hop) => hop.length > 0);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i])) return hops[i];
  return hops[0] ?? peer;
}

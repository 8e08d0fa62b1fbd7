// Builds the resolver context for an HTTP request. Exported for routes beside
// /graphql (uploads, image files) so they authenticate exactly like GraphQL.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ContextDependencies, createContext, type RequestContext } from "../context.ts";
import { clientAddressOf } from "./client-address.ts";

/**
 * Whether the request's cookies may be trusted. Browsers always send Origin
 * on cross-origin requests and WebSocket upgrades; one from a page that is not
 * the Headstart web app must not ride on the user's session cookie.
 */
export function cookiesAllowed(origin: string | undefined, host: string | undefined, webOrigins: string[]): boolean {
  if (!origin) return true;
  if (webOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function contextForHttpRequest(
  deps: ContextDependencies,
  req: IncomingMessage,
  res: ServerResponse | null,
): Promise<RequestContext> {
  const auth = await deps.access.authenticate({
    authorization: req.headers.authorization,
    cookieHeader: cookiesAllowed(req.headers.origin, req.headers.host, deps.config.webOrigins)
      ? req.headers.cookie
      : null,
  });
  const clientAddress = clientAddressOf(
    req.socket.remoteAddress,
    req.headers["x-forwarded-for"],
    deps.config.trustedProxies,
  );
  return createContext(
    deps,
    auth,
    res ? { set: (cookie) => res.appendHeader("Set-Cookie", cookie) } : null,
    clientAddress,
  );
}

// CORS for the web app when it calls the API directly (instead of through
// its same-origin proxy): only configured origins, with credentials.
import type { NextFunction, Request, Response } from "express";

const ALLOWED_HEADERS = "content-type, authorization, apollo-require-preflight, x-apollo-operation-name";

/** The CORS headers of an answer to a non-preflight request from `origin`. */
export function corsHeaders(origin: string | undefined, webOrigins: string[]): [string, string][] {
  if (!origin || !webOrigins.includes(origin)) return [["Vary", "Origin"]];
  return [
    ["Vary", "Origin"],
    ["Access-Control-Allow-Origin", origin],
    ["Access-Control-Allow-Credentials", "true"],
  ];
}

export function corsMiddleware(webOrigins: string[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    res.vary("Origin");
    if (origin && webOrigins.includes(origin)) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Allow-Credentials", "true");
      if (req.method === "OPTIONS") {
        res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        res.setHeader("Access-Control-Max-Age", "600");
        res.status(204).end();
        return;
      }
    }
    next();
  };
}

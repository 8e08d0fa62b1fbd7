// Failures before GraphQL sees the request (body too large, malformed JSON,
// unknown path) answered in the GraphQL error shape, so clients need one
// error parser.
import type { NextFunction, Request, Response } from "express";
import { ErrorCode } from "../errors/codes.ts";
import type { Logger } from "./logger.ts";

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

function send(res: Response, status: number, message: string, reason: string): void {
  res
    .status(status)
    .type("application/json")
    .send(JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason } }] }));
}

export function notFoundHandler(req: Request, res: Response): void {
  send(res, 404, `Nothing is served at ${req.method} ${req.path}; GraphQL lives at /graphql.`, "NOT_FOUND");
}

export function httpErrorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const parserError = error as BodyParserError;
    switch (parserError.type) {
      case "entity.too.large":
        return send(
          res,
          413,
          `The request body is over the ${parserError.limit ?? "allowed"}-byte limit; send a smaller query or fewer variables (upload files through the upload route).`,
          "PAYLOAD_TOO_LARGE",
        );
      case "entity.parse.failed":
        return send(
          res,
          400,
          "The request body is not valid JSON; send a JSON object with a `query` string.",
          "BAD_REQUEST",
        );
      case "encoding.unsupported":
      case "charset.unsupported":
        return send(res, 415, "Send the request body as UTF-8 JSON.", "BAD_REQUEST");
      case "request.aborted":
        return send(res, 400, "The request body ended early; send it again.", "BAD_REQUEST");
    }
    logger.error("Unhandled HTTP error", error);
    res
      .status(500)
      .type("application/json")
      .send(
        JSON.stringify({
          errors: [
            {
              message: "Something went wrong on the server. Try again.",
              extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
            },
          ],
        }),
      );
  };
}

// Failures before GraphQL sees the request (body too large, malformed JSON,
// unknown path) answered in the GraphQL error shape, so clients need one
// error parser.
import type { ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { ErrorCode } from "../errors/codes.ts";
import type { Logger } from "./logger.ts";

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/** A request GraphQL never saw, refused with `status` (plain node:http or Express). */
export function sendHttpError(res: ServerResponse, status: number, message: string, reason: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason } }] });
}

/** A failure of ours; the details go to the log, not to the client. */
export function sendInternalError(res: ServerResponse): void {
  sendJson(res, 500, {
    errors: [
      {
        message: "Something went wrong on the server. Try again.",
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      },
    ],
  });
}

export function notFoundHandler(req: Request, res: Response): void {
  sendHttpError(res, 404, `Nothing is served at ${req.method} ${req.path}; GraphQL lives at /graphql.`, "NOT_FOUND");
}

export function httpErrorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const parserError = error as BodyParserError;
    switch (parserError.type) {
      case "entity.too.large":
        return sendHttpError(
          res,
          413,
          `The request body is over the ${parserError.limit ?? "allowed"}-byte limit; send a smaller query or fewer variables (upload files through the upload route).`,
          "PAYLOAD_TOO_LARGE",
        );
      case "entity.parse.failed":
        return sendHttpError(
          res,
          400,
          "The request body is not valid JSON; send a JSON object with a `query` string.",
          "BAD_REQUEST",
        );
      case "encoding.unsupported":
      case "charset.unsupported":
        return sendHttpError(res, 415, "Send the request body as UTF-8 JSON.", "BAD_REQUEST");
      case "request.aborted":
        return sendHttpError(res, 400, "The request body ended early; send it again.", "BAD_REQUEST");
    }
    logger.error("Unhandled HTTP error", error);
    sendInternalError(res);
  };
}

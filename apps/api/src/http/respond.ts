// JSON answers for the routes beside /graphql, in the GraphQL error shape so
// clients need one error parser. Typed errors keep their code; anything else
// goes to express's error handler, which logs it and answers a masked 500.
import type { NextFunction, Response } from "express";
import { GraphQLError } from "graphql";
import { ErrorCode, errorCodeOf } from "../errors/index.ts";

const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.BAD_USER_INPUT]: 400,
};

export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  if (res.headersSent) return;
  res
    .status(status)
    .type("application/json")
    .send(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }));
}

/** Sends a typed GraphQLError with its HTTP status; hands anything else to `next`. */
export function sendFailure(res: Response, next: NextFunction, error: unknown): void {
  const code = errorCodeOf(error);
  if (error instanceof GraphQLError && code && code in STATUS) {
    const { code: _code, http: _http, ...extra } = error.extensions as Record<string, unknown>;
    sendError(res, STATUS[code], code, error.message, extra);
    return;
  }
  next(error);
}

// JSON answers for the routes beside /graphql, in the GraphQL error shape so
// clients need one error parser. This is the one place an AppError becomes an
// HTTP status; anything else goes to express's error handler, which logs it
// and answers a masked 500.
import { AppErrorCode } from "@headstart/domain";
import type { NextFunction, Response } from "express";
import { appErrorExtensions, appErrorIn } from "../errors/format-error.ts";

const STATUS: Record<AppErrorCode, number> = {
  [AppErrorCode.UNAUTHENTICATED]: 401,
  [AppErrorCode.FORBIDDEN]: 403,
  [AppErrorCode.NOT_FOUND]: 404,
  [AppErrorCode.CONFLICT]: 409,
  [AppErrorCode.BAD_USER_INPUT]: 400,
  [AppErrorCode.RATE_LIMITED]: 429,
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

/** Sends an AppError with its HTTP status; hands anything else to `next`. */
export function sendFailure(res: Response, next: NextFunction, error: unknown): void {
  const appError = appErrorIn(error);
  if (appError) {
    const { code, ...extra } = appErrorExtensions(appError);
    if (typeof extra.retryAfterSeconds === "number") res.setHeader("Retry-After", String(extra.retryAfterSeconds));
    sendError(res, STATUS[appError.code], appError.code, appError.message, extra);
    return;
  }
  next(error);
}

// The one place errors become what a GraphQL client sees (over HTTP and
// graphql-ws alike). A domain AppError passes with its code, message, field
// and details; request-level problems found by GraphQL itself (parse,
// validation, limits) become BAD_USER_INPUT with the original code kept as
// `reason`; anything else (a Prisma fault, a bug) becomes
// INTERNAL_SERVER_ERROR with a reference the operator can find in the log,
// never a stack trace or SQL.
import { randomUUID } from "node:crypto";
import { AppError } from "@headstart/domain";
import type { GraphQLFormattedError } from "graphql";
import { ErrorCode, PUBLIC_ERROR_CODES, REQUEST_ERROR_CODES } from "./codes.ts";

export type MaskedErrorLog = (reference: string, original: unknown) => void;

/**
 * The AppError a resolver threw, if that is what `error` is: graphql-js wraps
 * resolver errors in a GraphQLError whose `originalError` is the thrown one.
 */
export function appErrorIn(error: unknown): AppError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    if (current instanceof AppError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** The `extensions` an AppError is sent with, over GraphQL and the HTTP routes alike. */
export function appErrorExtensions(error: AppError): Record<string, unknown> {
  return { ...error.details, code: error.code, ...(error.field === undefined ? {} : { field: error.field }) };
}

export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  log: MaskedErrorLog,
): GraphQLFormattedError {
  const appError = appErrorIn(original);
  if (appError) {
    // The formatted message, not appError.message: for a variable that failed
    // to coerce, GraphQL prefixes which variable it was.
    return {
      message: formatted.message,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: appErrorExtensions(appError),
    };
  }
  const { stacktrace: _stack, exception: _exception, code, ...extensions } = formatted.extensions ?? {};
  if (typeof code === "string" && REQUEST_ERROR_CODES.has(code)) {
    return { ...formatted, extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT, reason: code } };
  }
  if (typeof code === "string" && PUBLIC_ERROR_CODES.has(code)) {
    return { ...formatted, extensions: { ...extensions, code } };
  }
  const reference = randomUUID();
  log(reference, original);
  return {
    message: `Something went wrong on the server. Try again; if it keeps failing, give the operator this reference: ${reference}.`,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, reference },
  };
}

// Shapes every error a client sees. Typed errors pass through; request-level
// problems found by GraphQL itself (parse, validation, limits) become
// BAD_USER_INPUT with the original code kept as `reason`; anything else (a
// Prisma fault, a bug) becomes INTERNAL_SERVER_ERROR with a reference the
// operator can find in the log, never a stack trace or SQL.
import { randomUUID } from "node:crypto";
import type { GraphQLFormattedError } from "graphql";
import { ErrorCode, PUBLIC_ERROR_CODES, REQUEST_ERROR_CODES } from "./codes.ts";

export type MaskedErrorLog = (reference: string, original: unknown) => void;

export function maskError(
  formatted: GraphQLFormattedError,
  original: unknown,
  log: MaskedErrorLog,
): GraphQLFormattedError {
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

// The error codes a client may branch on (an AppError's codes, plus the
// masked INTERNAL_SERVER_ERROR). Anything else that escapes a
// resolver is an internal fault and is masked (see format-error.ts).
export const ErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  /** Too many attempts (logIn); `extensions.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: "RATE_LIMITED",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

// Codes Apollo and our limit checks attach to problems with the request
// itself. They are reported as BAD_USER_INPUT with this code as `reason`, so
// clients only ever see the codes above.
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "QUERY_TOO_DEEP",
  "QUERY_TOO_COMPLEX",
  "QUERY_TOO_BROAD",
  "PAYLOAD_TOO_LARGE",
]);

// INTERNAL_SERVER_ERROR is deliberately absent: Apollo gives that code to any
// untyped throw, whose message may carry SQL or paths, so it is always masked.
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.NOT_FOUND,
  ErrorCode.CONFLICT,
  ErrorCode.RATE_LIMITED,
  ...REQUEST_ERROR_CODES,
]);

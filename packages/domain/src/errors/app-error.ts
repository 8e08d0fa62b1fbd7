// The one error type domain services throw. It says what went wrong in words a
// person can act on, and carries a code programs branch on; each edge maps it
// once: the API to a GraphQL error's `extensions.code` (apps/api/src/errors/format-error.ts),
// HTTP routes to a status, the CLI to an exit code. Nothing here knows about
// any transport.

export const AppErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
} as const;

export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export interface AppErrorOptions {
  /** The input that was wrong (`config.epochs`), so a form can highlight it. */
  field?: string;
  /** Extra machine-readable facts (`retryAfterSeconds`, `reason`), passed through to clients. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
    this.details = options.details ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

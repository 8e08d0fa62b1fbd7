// The one place the CLI turns a failure into what the shell sees: a message
// on stderr and an exit status scripts can branch on. Domain services throw
// AppError, whose code picks the status; a bad command line is a UsageError;
// anything else is unexpected and exits 1.
import { AppError, type AppErrorCode } from "@headstart/domain";
import { UsageError } from "./args.ts";

/** Exit statuses by AppError code (documented in apps/cli/README.md). */
export const EXIT_STATUS: Record<AppErrorCode, number> = {
  BAD_USER_INPUT: 2,
  NOT_FOUND: 3,
  CONFLICT: 4,
  UNAUTHENTICATED: 5,
  FORBIDDEN: 5,
  RATE_LIMITED: 6,
};

/** A command line that could not be parsed; the same status as bad input. */
export const USAGE_EXIT_STATUS = 2;
export const UNEXPECTED_EXIT_STATUS = 1;

export interface Failure {
  exitStatus: number;
  message: string;
}

export function failureOf(error: unknown, usage: string): Failure {
  if (error instanceof UsageError) {
    return { exitStatus: USAGE_EXIT_STATUS, message: `${error.message}\n\n${usage}` };
  }
  if (error instanceof AppError) {
    // Messages are written for people; the field says which input was wrong.
    const field = error.field ? ` (${error.field})` : "";
    return { exitStatus: EXIT_STATUS[error.code], message: `Error${field}: ${error.message}` };
  }
  return {
    exitStatus: UNEXPECTED_EXIT_STATUS,
    message: `Error: ${error instanceof Error ? error.message : String(error)}`,
  };
}

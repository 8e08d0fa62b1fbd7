// Constructors for the AppErrors services throw. Each message tells the person
// what to do next; the code is what programs branch on.
import { AppError, AppErrorCode } from "./app-error.ts";

export function unauthenticated(
  message = 'Sign in first: send the session cookie, or an "Authorization: Bearer <token>" header with a session or personal API token.',
): AppError {
  return new AppError(AppErrorCode.UNAUTHENTICATED, message);
}

export function forbidden(message: string): AppError {
  return new AppError(AppErrorCode.FORBIDDEN, message);
}

/** `field` names the input that was wrong, so a form can highlight it. */
export function badUserInput(message: string, field?: string, details?: Record<string, unknown>): AppError {
  return new AppError(AppErrorCode.BAD_USER_INPUT, message, { field, details });
}

/**
 * Used both for objects that do not exist and for objects of teams the caller
 * is not in: the two must be indistinguishable, so the message covers both.
 */
export function notFound(what: string, id?: string): AppError {
  const subject = id === undefined ? `No ${what}` : `No ${what} with id "${id}"`;
  return new AppError(
    AppErrorCode.NOT_FOUND,
    `${subject} exists, or you are not a member of the team that owns it. Check the id, or ask a team ADMIN to add you.`,
  );
}

export function conflict(message: string, field?: string): AppError {
  return new AppError(AppErrorCode.CONFLICT, message, { field });
}

/** The AppError code of `error`, or undefined for anything else (a bug, a database fault). */
export function appErrorCodeOf(error: unknown): AppErrorCode | undefined {
  return error instanceof AppError ? error.code : undefined;
}

// Error constructors for resolvers. Each message tells the person what to do
// next; `extensions.code` is what programs branch on.
import { GraphQLError } from "graphql";
import { ErrorCode } from "./codes.ts";

export { ErrorCode, PUBLIC_ERROR_CODES, REQUEST_ERROR_CODES } from "./codes.ts";
export { isUuid, requireUuid } from "./ids.ts";
export { type MaskedErrorLog, maskError } from "./mask.ts";

/** For the rare message none of the helpers below fits. */
export function typedError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export function unauthenticated(
  message = 'Sign in first: send the session cookie, or an "Authorization: Bearer <token>" header with a session or personal API token.',
): GraphQLError {
  return typedError(ErrorCode.UNAUTHENTICATED, message);
}

export function forbidden(message: string): GraphQLError {
  return typedError(ErrorCode.FORBIDDEN, message);
}

/** `field` names the input that was wrong, so a form can highlight it. */
export function badUserInput(message: string, field?: string): GraphQLError {
  return typedError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
}

/**
 * Used both for objects that do not exist and for objects of teams the caller
 * is not in: the two must be indistinguishable, so the message covers both.
 */
export function notFound(what: string, id?: string): GraphQLError {
  const subject = id === undefined ? `No ${what}` : `No ${what} with id "${id}"`;
  return typedError(
    ErrorCode.NOT_FOUND,
    `${subject} exists, or you are not a member of the team that owns it. Check the id, or ask a team ADMIN to add you.`,
  );
}

export function conflict(message: string, field?: string): GraphQLError {
  return typedError(ErrorCode.CONFLICT, message, field ? { field } : {});
}

export function errorCodeOf(error: unknown): string | undefined {
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

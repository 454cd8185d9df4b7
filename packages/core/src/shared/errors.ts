/**
 * Typed errors at the edge of every use-case. Transports turn them into clear messages with the
 * right status; a stack trace never reaches a user.
 */

export type ErrorCode =
  | "bad_request"
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "precondition_failed"
  | "precondition_required"
  | "rate_limited"
  | "internal";

export interface ErrorDetail {
  /** Where the problem is, e.g. "body.email" or "row 12, column correct". */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const unauthenticated = (message = "Sign in to continue.") => new AppError("unauthenticated", message);
export const forbidden = (message = "You do not have access to this.") => new AppError("forbidden", message);
export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`);

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * One error shape for the whole API: `{ error: { code, message, details } }`, with the status
 * that matches the code. Unexpected failures are logged and answered without internals.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isAppError, type ErrorCode, type ErrorDetail } from "@pathwise/core";

const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
};

export function errorBody(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

export function errorResponse(c: Context, code: ErrorCode, message: string, details: ErrorDetail[] = []) {
  return c.json(errorBody(code, message, details), STATUS[code]);
}

export function handleError(error: unknown, c: Context) {
  if (isAppError(error)) {
    if (error.code === "rate_limited") c.header("Retry-After", "900");
    return errorResponse(c, error.code, error.message, error.details);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 403) {
      return errorResponse(
        c,
        "forbidden",
        "This request came from another site and was refused (cross-site request protection).",
      );
    }
    const code: ErrorCode = status === 401 ? "unauthenticated" : status === 404 ? "not_found" : "bad_request";
    return c.json(
      errorBody(code, error.message || "The request could not be understood."),
      status as ContentfulStatusCode,
    );
  }
  console.error("Unexpected error while answering", c.req.method, c.req.path, error);
  return errorResponse(
    c,
    "internal",
    "Something went wrong on our side. Try again; if it keeps happening, tell your administrator.",
  );
}

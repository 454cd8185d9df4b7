/** Use-case errors met while loading a page become the page's own 404/403 (never a stack trace). */
import { error } from "@sveltejs/kit";
import { isAppError } from "@pathwise/core";

export function pageErrorFrom(cause: unknown): never {
  if (isAppError(cause)) {
    if (cause.code === "not_found") error(404, { message: "not_found", code: "not_found" });
    if (cause.code === "forbidden" || cause.code === "unauthenticated")
      error(403, { message: "forbidden", code: "forbidden" });
    if (cause.code === "validation_failed" || cause.code === "bad_request")
      error(400, { message: "bad_request", code: "bad_request" });
  }
  throw cause;
}

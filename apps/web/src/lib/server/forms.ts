/**
 * Form actions call one use-case each; what goes wrong comes back as a typed AppError. This turns
 * it into a `fail()` the page can show in the reader's language: which form, which field, and a
 * catalog key (never core's English sentence).
 */
import { error, fail } from "@sveltejs/kit";
import { isAppError } from "@pathwise/core";
import type { MessageKey } from "$lib/i18n/index.js";

export interface FormProblem {
  /** Which form on the page (several forms share one page). */
  form: string;
  /** The id of the thing the form was about, when there are several of the same form. */
  target: string | null;
  /** The field at fault, or null for the form as a whole. */
  field: string | null;
  message: MessageKey;
  /** What the person typed, so they do not have to type it again. */
  values: Record<string, string>;
}

const STATUS: Record<string, number> = {
  validation_failed: 400,
  bad_request: 400,
  conflict: 409,
  precondition_failed: 412,
  precondition_required: 428,
};

/**
 * A use-case error as a form failure. `fieldMessages` maps the field name (the last part of the
 * error's path, e.g. "reason" for "body.reason") to the message to show; a field not listed gets
 * `fallback`. Not-found and forbidden stay errors of the page (404/403), as anywhere else.
 */
export function failFrom(
  cause: unknown,
  form: string,
  target: string | null,
  values: Record<string, string>,
  fieldMessages: Partial<Record<string, MessageKey>>,
  fallback: MessageKey,
) {
  if (!isAppError(cause)) throw cause;
  if (cause.code === "not_found") error(404, { message: "not_found", code: "not_found" });
  if (cause.code === "forbidden" || cause.code === "unauthenticated")
    error(403, { message: "forbidden", code: "forbidden" });
  const status = STATUS[cause.code];
  if (!status) throw cause;
  if (cause.code === "conflict") {
    return fail(status, {
      problem: {
        form,
        target,
        field: null,
        message: fieldMessages.conflict ?? fallback,
        values,
      } satisfies FormProblem,
    });
  }
  const field = cause.details[0]?.path.split(".")[1]?.replace(/\[\d+\]$/, "") ?? null;
  const message = (field && fieldMessages[field]) || fallback;
  return fail(status, { problem: { form, target, field, message, values } satisfies FormProblem });
}

/** A text field of a submitted form ("" when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from a URL or a form; anything that is not an id names nothing here (404). */
export function idOrNotFound(value: string): string {
  if (!UUID.test(value)) error(404, { message: "not_found", code: "not_found" });
  return value;
}

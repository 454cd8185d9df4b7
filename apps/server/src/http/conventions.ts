/**
 * API conventions shared by every route: ETag / If-Match on editable records, Idempotency-Key on
 * creates, cursor pagination parameters.
 */
import type { Context } from "hono";
import { AppError } from "@pathwise/core";

/** `"v3"` for version 3: strong, opaque to clients, cheap to compare. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/** The version an If-Match header names, or undefined when absent (the use-case then refuses). */
export function ifMatchVersion(c: Context): number | undefined {
  const header = c.req.header("if-match");
  if (!header) return undefined;
  const match = /^(?:W\/)?"v(\d+)"$/.exec(header.trim());
  if (!match) {
    throw new AppError("validation_failed", "If-Match must be an ETag this API returned.", [
      { path: "header.if-match", message: `"${header}" is not an ETag like "v3".` },
    ]);
  }
  return Number(match[1]);
}

/** The Idempotency-Key of a create: required, so that a retry never creates twice. */
export function idempotencyKey(c: Context): string {
  const key = c.req.header("idempotency-key")?.trim();
  if (!key || key.length > 200) {
    throw new AppError("validation_failed", "Send an Idempotency-Key header (1–200 characters) with this request.", [
      { path: "header.idempotency-key", message: key ? "Too long." : "Missing." },
    ]);
  }
  return key;
}

/**
 * API conventions shared by every route: ETag / If-Match on editable records, Idempotency-Key on
 * creates, cursor pagination parameters.
 */
import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { AppError, beginIdempotentRequest, completeIdempotentRequest } from "@pathwise/core";
import type { AppEnv } from "./env.js";

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
    throw new AppError(
      "validation_failed",
      "Send an Idempotency-Key header (1–200 characters) with this request.",
      [{ path: "header.idempotency-key", message: key ? "Too long." : "Missing." }],
    );
  }
  return key;
}

/**
 * For create routes: requires an Idempotency-Key, answers a retry with the first answer (same
 * status and body, header `Idempotent-Replayed: true`) without running the handler again.
 */
export const idempotent: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = idempotencyKey(c);
  const actor = c.get("actor");
  const runtime = c.get("runtime");
  if (!actor) throw new AppError("unauthenticated", "Sign in to continue.");
  const body = await c.req.raw.clone().text();
  const scope = {
    organizationId: actor.organizationId,
    callerKey: actor.userId,
    key,
    // The query is part of the request: `?next=board` answers with more than the same POST without it.
    fingerprint: createHash("sha256")
      .update(`${c.req.method} ${c.req.path}${new URL(c.req.url).search}\n${body}`)
      .digest("hex"),
  };
  const start = await beginIdempotentRequest(runtime.database.db, scope, runtime.now());
  if (start.kind === "replay") {
    c.header("Idempotent-Replayed", "true");
    return c.json(start.body as object, start.status as 200);
  }
  try {
    await next();
  } catch (error) {
    await completeIdempotentRequest(runtime.database.db, scope, 500, null);
    throw error;
  }
  const status = c.res.status;
  const answer =
    status < 400 && c.res.headers.get("content-type")?.includes("json") ? await c.res.clone().text() : null;
  await completeIdempotentRequest(runtime.database.db, scope, status, answer);
};

/**
 * Idempotent creates: the first request with a key is answered and its answer remembered; a retry
 * with the same key and the same request gets the remembered answer and changes nothing; the same
 * key with a different request is refused. Keys are remembered for `IDEMPOTENCY_WINDOW_HOURS`.
 */
import { and, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { AppError } from "../shared/errors.js";
import { idempotentRequests } from "./schema.js";

export const IDEMPOTENCY_WINDOW_HOURS = 24;

export interface IdempotencyScope {
  organizationId: string;
  callerKey: string;
  key: string;
  fingerprint: string;
}

export type IdempotencyStart = { kind: "first" } | { kind: "replay"; status: number; body: unknown };

export async function beginIdempotentRequest(
  db: Database,
  scope: IdempotencyScope,
  now: Date,
): Promise<IdempotencyStart> {
  const where = and(
    eq(idempotentRequests.organizationId, scope.organizationId),
    eq(idempotentRequests.callerKey, scope.callerKey),
    eq(idempotentRequests.key, scope.key),
  );
  // The usual case costs one statement: the key is new. A key remembered longer than the window is
  // forgotten and claimed again.
  const claim = () =>
    db
      .insert(idempotentRequests)
      .values({ ...scope, createdAt: now })
      .onConflictDoNothing()
      .returning({ key: idempotentRequests.key })
      // Named: the text never changes (the values are parameters), so each connection plans it once.
      .prepare("pw_idempotency_claim")
      .execute();
  if ((await claim()).length > 0) return { kind: "first" };
  const expired = new Date(now.getTime() - IDEMPOTENCY_WINDOW_HOURS * 3_600_000);
  const forgotten = await db
    .delete(idempotentRequests)
    .where(and(where, lt(idempotentRequests.createdAt, expired)))
    .returning({ key: idempotentRequests.key });
  if (forgotten.length > 0 && (await claim()).length > 0) return { kind: "first" };

  const [existing] = await db.select().from(idempotentRequests).where(where).limit(1);
  if (!existing) return { kind: "first" };
  if (existing.fingerprint !== scope.fingerprint) {
    throw new AppError(
      "conflict",
      "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
      [{ path: "header.idempotency-key", message: "Reused with a different method, path or body." }],
    );
  }
  if (existing.status === null) {
    throw new AppError(
      "conflict",
      "A request with this Idempotency-Key is still being answered. Retry in a moment.",
      [{ path: "header.idempotency-key", message: "In progress." }],
    );
  }
  return { kind: "replay", status: existing.status, body: existing.body };
}

/** Remember the answer: `answerJson` is the JSON text sent to the client (stored as is, not parsed again). */
export async function completeIdempotentRequest(
  db: Database,
  scope: IdempotencyScope,
  status: number,
  answerJson: string | null,
): Promise<void> {
  const where = and(
    eq(idempotentRequests.organizationId, scope.organizationId),
    eq(idempotentRequests.callerKey, scope.callerKey),
    eq(idempotentRequests.key, scope.key),
  );
  // Failures are not remembered: the client may fix the request and retry with the same key.
  if (status >= 400) await db.delete(idempotentRequests).where(where);
  else
    await db
      .update(idempotentRequests)
      .set({ status, body: sql`${answerJson}::jsonb` })
      .where(where)
      .prepare("pw_idempotency_complete")
      .execute();
}

/**
 * A learner answers an item. Auto-scorable kinds are scored here, on the server, against the key
 * the learner never saw, and recorded as evidence of kind "attempt" through the one evidence path
 * (which updates their mastery in the same transaction). A short-text answer waits in the scoring
 * queue of the learner's teachers and becomes evidence when one of them scores it. The same
 * Idempotency-Key sent again is counted once.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { CLOCK_SKEW_MINUTES, writeEvidence } from "../evidence/record-evidence.js";
import type { StateUpdate } from "../personalization/update-learner-state.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { scoreResponse } from "./item-scoring.js";
import { findVisibleItem, liveCompetencyIdsOf } from "./items.js";
import { submissions } from "./schema.js";

/**
 * Message ids of the feedback an answer gets, framed for growth: what to do next, never a verdict
 * on the learner. The web catalogs hold their wording.
 */
export const ATTEMPT_FEEDBACK = {
  correct: "feedback.attempt.correct",
  notYet: "feedback.attempt.not-yet",
  waitingForTeacher: "feedback.attempt.waiting-for-teacher",
} as const;

export const AnswerItemInput = z.object({
  response: z.unknown().refine((v) => v !== undefined, "Send your answer."),
  /** The variant the learner was served, when one was. */
  variantId: z.uuid().optional(),
  durationSeconds: z.number().min(0).max(86_400).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  source: z.enum(["web", "api", "offline"]).default("api"),
});

export interface AnswerResult {
  itemId: string;
  status: "scored" | "pending";
  /** Right or wrong for auto-scored kinds; null while a teacher has not scored it. */
  correct: boolean | null;
  feedbackKey: (typeof ATTEMPT_FEEDBACK)[keyof typeof ATTEMPT_FEEDBACK];
  evidenceId: string | null;
  submissionId: string | null;
  /** True when this Idempotency-Key had already been answered: nothing changed. */
  replayed: boolean;
  update: StateUpdate | null;
}

export async function answerItem(
  ctx: SignedInCtx,
  itemId: string,
  raw: unknown,
  idempotencyKey: string,
): Promise<AnswerResult> {
  const input = parseInput(AnswerItemInput, raw, "body");
  const { actor, db } = ctx;
  const item = await findVisibleItem(db, actor, itemId);
  // An attempt is the learner's own work: staff record paper results as evidence instead.
  if (!actor.roles.includes("learner"))
    throw forbidden("Only a learner answers items; record a paper result as evidence about the learner.");
  if (input.variantId && !item.variants.some((v) => v.id === input.variantId))
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.variantId", message: "Not a variant of this item." },
    ]);
  const scored = scoreResponse(item.body, input.response);
  const now = ctx.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.occurredAt", message: "This is in the future." },
    ]);
  const competencyIds = await liveCompetencyIdsOf(db, item);
  if (competencyIds.length === 0)
    throw new AppError("conflict", "This item no longer speaks to a current competency; ask your teacher.");
  // Keys are the learner's own: two learners' clients may well pick the same one.
  const key = `item-attempt:${actor.userId}:${idempotencyKey}`;

  if (scored.scoring === "teacher") {
    return db.transaction(async (tx) => {
      const [inserted] = await tx
        .insert(submissions)
        .values({
          organizationId: actor.organizationId,
          learnerId: actor.userId,
          kind: "item",
          itemId,
          itemRevision: item.revision,
          variantId: input.variantId ?? null,
          response: input.response as Record<string, unknown>,
          idempotencyKey: key,
          submittedAt: occurredAt,
        })
        .onConflictDoNothing({ target: [submissions.organizationId, submissions.idempotencyKey] })
        .returning();
      const row =
        inserted ??
        (
          await tx
            .select()
            .from(submissions)
            .where(
              and(eq(submissions.organizationId, actor.organizationId), eq(submissions.idempotencyKey, key)),
            )
        )[0]!;
      if (row.itemId !== itemId)
        throw new AppError("conflict", "This Idempotency-Key was used for another answer. Use a new key.");
      if (inserted)
        await recordAudit(tx, {
          organizationId: actor.organizationId,
          actorId: actor.userId,
          action: "item.answer-for-scoring",
          subjectType: "submission",
          subjectId: row.id,
          details: { itemId },
          at: now,
        });
      return {
        itemId,
        status: row.status === "scored" ? "scored" : "pending",
        correct: null,
        feedbackKey: ATTEMPT_FEEDBACK.waitingForTeacher,
        evidenceId: row.evidenceIds[0] ?? null,
        submissionId: row.id,
        replayed: !inserted,
        update: null,
      } satisfies AnswerResult;
    });
  }

  const recorded = await db.transaction((tx) =>
    writeEvidence(tx, actor, now, {
      learnerId: actor.userId,
      kind: "attempt",
      competencyIds,
      itemId,
      variantId: input.variantId ?? null,
      response: input.response,
      correct: scored.correct,
      durationSeconds: input.durationSeconds ?? null,
      source: input.source,
      idempotencyKey: key,
      occurredAt,
      // The revision answered: an edit of the item after this keeps that revision for this evidence.
      details: { itemRevision: item.revision },
    }),
  );
  return {
    itemId,
    status: "scored",
    correct: recorded.correct,
    feedbackKey: recorded.correct ? ATTEMPT_FEEDBACK.correct : ATTEMPT_FEEDBACK.notYet,
    evidenceId: recorded.id,
    submissionId: null,
    replayed: recorded.replayed,
    update: recorded.update,
  };
}

/**
 * A teacher enters a class's paper results in one request: for each learner and answer-sheet code,
 * what the learner wrote. Each answer is read against the packet that learner was given (the same
 * labels, the same reduced choices), scored like an answer on screen, and recorded as an attempt
 * with source "paper" through the one evidence path. Its idempotency key is derived from the packet,
 * the learner and the item, so entering the same sheet again counts nothing twice. Short-text
 * answers go to the scoring queue, as they do on screen. All of a request is written, or none.
 */
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { itemCompetencies, submissions } from "../content/schema.js";
import { scoreResponse, type DeliveredBody } from "../content/item-scoring.js";
import { CLOCK_SKEW_MINUTES, writeEvidence } from "../evidence/record-evidence.js";
import { competencies } from "../frameworks/schema.js";
import { learnerIdsOfClass } from "../personalization/relationships.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden, type ErrorDetail } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { CHOICE_LABELS, loadBoardFor, packetsOf } from "./practice-packets.js";

export const RecordPaperResultsInput = z.object({
  /** When the packet was done on paper; by default now. */
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  results: z
    .array(
      z.object({
        learnerId: z.uuid(),
        /** The answer-sheet code printed next to the item, e.g. "3F2A9C1B-2". */
        code: z.string().trim().min(1).max(40),
        /**
         * What the learner wrote: a choice's letter ("B"); several letters for "choose every
         * answer" ("A C"); a number ("0.5"); their words; or the entries' letters in order ("C A B").
         */
        answer: z.string().trim().min(1, "Write what the learner answered.").max(10_000),
      }),
    )
    .min(1, "Enter at least one result.")
    .max(2000),
});

export interface PaperResult {
  learnerId: string;
  code: string;
  itemId: string;
  status: "scored" | "pending";
  correct: boolean | null;
  evidenceId: string | null;
  submissionId: string | null;
  /** True when this learner's answer to this item of this packet had been entered before. */
  replayed: boolean;
}

const letters = (answer: string) =>
  answer
    .toUpperCase()
    .split(/[\s,;]+/)
    .filter(Boolean);

/** The written answer as the item's response, labels resolved against what this learner was shown. */
function responseOf(body: DeliveredBody, answer: string, path: string): unknown {
  const byLabel = (entries: { id: string }[], label: string) => {
    const index = CHOICE_LABELS.indexOf(label);
    if (label.length !== 1 || index < 0 || index >= entries.length)
      throw new AppError("validation_failed", "Some fields are not valid.", [
        { path, message: `"${label}" is not a letter printed for this question.` },
      ]);
    return entries[index]!.id;
  };
  switch (body.kind) {
    case "single_choice":
      return { choiceId: byLabel(body.choices, answer.toUpperCase()) };
    case "multiple_choice":
      return { choiceIds: letters(answer).map((l) => byLabel(body.choices, l)) };
    case "numeric": {
      const value = Number(answer.replace(",", "."));
      if (!Number.isFinite(value))
        throw new AppError("validation_failed", "Some fields are not valid.", [
          { path, message: "Write the number the learner gave." },
        ]);
      return { value };
    }
    case "short_text":
      return { text: answer };
    case "ordering":
      return { order: letters(answer).map((l) => byLabel(body.entries, l)) };
  }
}

export async function recordPaperResults(
  ctx: SignedInCtx,
  boardId: string,
  raw: unknown,
): Promise<PaperResult[]> {
  const input = parseInput(RecordPaperResultsInput, raw, "body");
  const { actor, db } = ctx;
  const access = await loadBoardFor(db, actor, boardId);
  if (!access.teaches) throw forbidden("Only the class's teachers enter its paper results.");
  const now = ctx.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.occurredAt", message: "This is in the future." },
    ]);

  const classLearners = new Set(await learnerIdsOfClass(db, actor.organizationId, access.board.classId));
  const problems: ErrorDetail[] = [];
  input.results.forEach((r, index) => {
    if (!classLearners.has(r.learnerId))
      problems.push({ path: `body.results.${index}.learnerId`, message: "Not a learner of this class." });
  });
  if (problems.length) throw new AppError("validation_failed", "Some fields are not valid.", problems);

  const learnerIds = [...new Set(input.results.map((r) => r.learnerId))];
  const packets = await packetsOf(db, actor.organizationId, access.board, learnerIds);
  const live = await db
    .select({ itemId: itemCompetencies.itemId, competencyId: itemCompetencies.competencyId })
    .from(itemCompetencies)
    .innerJoin(competencies, eq(competencies.id, itemCompetencies.competencyId))
    .where(and(eq(itemCompetencies.organizationId, actor.organizationId), isNull(competencies.retiredAt)));
  // Resolve and score every answer before writing anything, so one bad line writes nothing.
  const entries = input.results.map((r, index) => {
    const path = `body.results.${index}`;
    const packet = packets.find((p) => p.learner.id === r.learnerId)!;
    const item = packet.items.find((i) => i.code === r.code.toUpperCase());
    if (!item)
      throw new AppError("validation_failed", "Some fields are not valid.", [
        { path: `${path}.code`, message: `No question ${r.code} in packet ${packet.packetCode}.` },
      ]);
    const competencyIds = live.filter((l) => l.itemId === item.itemId).map((l) => l.competencyId);
    if (competencyIds.length === 0)
      throw new AppError("conflict", `Question ${item.code} no longer speaks to a current competency.`, [
        { path: `${path}.code`, message: "Its competencies were retired." },
      ]);
    const response = responseOf(item.body, r.answer, `${path}.answer`);
    const scored = scoreResponse(item.authored, response, `${path}.answer`);
    const key = `paper:${boardId}:${r.learnerId}:${item.itemId}`;
    return { learnerId: r.learnerId, item, response, scored, competencyIds, key };
  });

  return db.transaction(async (tx) => {
    const results: PaperResult[] = [];
    for (const entry of entries) {
      const base = { learnerId: entry.learnerId, code: entry.item.code, itemId: entry.item.itemId };
      if (entry.scored.scoring === "teacher") {
        const [inserted] = await tx
          .insert(submissions)
          .values({
            organizationId: actor.organizationId,
            learnerId: entry.learnerId,
            kind: "item",
            itemId: entry.item.itemId,
            variantId: entry.item.variantId,
            response: entry.response as Record<string, unknown>,
            idempotencyKey: entry.key,
            submittedAt: occurredAt,
          })
          .onConflictDoNothing({ target: [submissions.organizationId, submissions.idempotencyKey] })
          .returning();
        const [row] = inserted
          ? [inserted]
          : await tx
              .select()
              .from(submissions)
              .where(
                and(
                  eq(submissions.organizationId, actor.organizationId),
                  eq(submissions.idempotencyKey, entry.key),
                ),
              );
        results.push({
          ...base,
          status: row!.status === "scored" ? "scored" : "pending",
          correct: null,
          evidenceId: row!.evidenceIds[0] ?? null,
          submissionId: row!.id,
          replayed: !inserted,
        });
        continue;
      }
      const recorded = await writeEvidence(tx, actor, now, {
        learnerId: entry.learnerId,
        kind: "attempt",
        competencyIds: entry.competencyIds,
        itemId: entry.item.itemId,
        variantId: entry.item.variantId,
        response: entry.response,
        correct: entry.scored.correct,
        source: "paper",
        idempotencyKey: entry.key,
        occurredAt,
        details: { packetId: boardId, code: entry.item.code },
      });
      results.push({
        ...base,
        status: "scored",
        correct: recorded.correct,
        evidenceId: recorded.id,
        submissionId: null,
        replayed: recorded.replayed,
      });
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "paper-results.enter",
      subjectType: "choice_board",
      subjectId: boardId,
      details: {
        results: results.length,
        newlyRecorded: results.filter((r) => !r.replayed).length,
      },
      at: now,
    });
    return results;
  });
}

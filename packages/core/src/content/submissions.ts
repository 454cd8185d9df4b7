/**
 * Work waiting for a teacher, and the teacher scoring it: a learner's short-text answer (scored
 * right or not yet) or their submission of a task (scored by its rubric). Scoring writes the
 * evidence through the one evidence path — one "attempt" for an answer, one "rubric_score" per
 * criterion for a task, all in one transaction with the submission marked scored — so a learner's
 * mastery moves exactly once, and of two teachers scoring at once the second is told.
 */
import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { writeEvidence, type RecordedEvidence } from "../evidence/record-evidence.js";
import { authorize as authorizeLearner, can as canForLearner } from "../personalization/policies.js";
import { relationToLearner } from "../personalization/relationships.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, forbidden, notFound } from "../shared/errors.js";
import { decodeCursor, pageOf, PageInput, type Page } from "../shared/pagination.js";
import { parseInput } from "../shared/validate.js";
import { findVisibleItem, liveCompetencyIdsOf } from "./items.js";
import { isStaff, learnersTaughtBy } from "./policies.js";
import { rubricAtRevision, type RubricSnapshot } from "./revisions.js";
import { findVisibleTask, scaledScore, type Rubric } from "./rubrics.js";
import { items, submissions, tasks } from "./schema.js";

export type Submission = typeof submissions.$inferSelect;

export const SubmitTaskInput = z
  .object({
    text: z.string().trim().max(50_000).optional(),
    url: z
      .url({ protocol: /^https?$/, message: "Use a web address starting with http:// or https://." })
      .max(2000)
      .optional(),
  })
  .refine((v) => (v.text?.length ?? 0) > 0 || v.url !== undefined, {
    path: ["text"],
    message: "Add some text or a link to your work.",
  });

/** A learner hands in their work on a task; it waits in their teachers' scoring queue. */
export async function submitTask(
  ctx: SignedInCtx,
  taskId: string,
  raw: unknown,
  idempotencyKey: string,
): Promise<Submission & { replayed: boolean }> {
  const input = parseInput(SubmitTaskInput, raw, "body");
  const { actor, db } = ctx;
  const task = await findVisibleTask(db, actor, taskId);
  if (!actor.roles.includes("learner") || isStaff(actor))
    throw forbidden("Only a learner hands in their work.");
  const now = ctx.now();
  const key = `task-submission:${actor.userId}:${idempotencyKey}`;
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(submissions)
      .values({
        organizationId: actor.organizationId,
        learnerId: actor.userId,
        kind: "task",
        taskId,
        // Scored later with the rubric exactly as it is now, even if the teacher edits it meanwhile.
        rubricId: task.rubric.id,
        rubricRevision: task.rubric.revision,
        response: { ...(input.text ? { text: input.text } : {}), ...(input.url ? { url: input.url } : {}) },
        idempotencyKey: key,
        submittedAt: now,
      })
      .onConflictDoNothing({ target: [submissions.organizationId, submissions.idempotencyKey] })
      .returning();
    if (!inserted) {
      const [existing] = await tx
        .select()
        .from(submissions)
        .where(
          and(eq(submissions.organizationId, actor.organizationId), eq(submissions.idempotencyKey, key)),
        );
      if (existing?.taskId !== taskId)
        throw new AppError("conflict", "This Idempotency-Key was used for other work. Use a new key.");
      return { ...existing, replayed: true };
    }
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "task.submit",
      subjectType: "submission",
      subjectId: inserted.id,
      details: { taskId },
      at: now,
    });
    return { ...inserted, replayed: false };
  });
}

export interface QueuedSubmission extends Submission {
  /** The item's stem or the task's title, to scan the queue by. */
  title: string;
}

/** Pending work of the learners in the classes I teach (an admin: of the organization), oldest first. */
export async function listScoringQueue(ctx: SignedInCtx): Promise<QueuedSubmission[]> {
  const { actor, db } = ctx;
  if (!isStaff(actor)) throw forbidden();
  const admin = actor.roles.includes("admin");
  const rows = await db
    .select({ submission: submissions, stem: items.stem, taskTitle: tasks.title })
    .from(submissions)
    .leftJoin(items, eq(items.id, submissions.itemId))
    .leftJoin(tasks, eq(tasks.id, submissions.taskId))
    .where(
      and(
        eq(submissions.organizationId, actor.organizationId),
        eq(submissions.status, "pending"),
        admin ? undefined : inArray(submissions.learnerId, learnersTaughtBy(db, actor)),
      ),
    )
    .orderBy(asc(submissions.submittedAt), asc(submissions.id))
    .limit(500);
  return rows.map((r) => ({ ...r.submission, title: r.stem ?? r.taskTitle ?? "" }));
}

/**
 * The rubric a task submission is scored with: the rubric and revision it was handed in against
 * (work handed in before revisions were kept: the task's current rubric).
 */
export async function submittedRubric(
  ctx: SignedInCtx,
  submission: Submission,
  fallback: Rubric,
): Promise<RubricSnapshot & { id: string; revision: number; current: boolean }> {
  if (!submission.rubricId) return { ...fallback, current: true };
  return rubricAtRevision(ctx.db, ctx.actor.organizationId, submission.rubricId, submission.rubricRevision);
}

export const ScoreSubmissionInput = z.object({
  /** For a short-text answer: right, or not yet. */
  correct: z.boolean().optional(),
  /** For a task: the level reached on each criterion of its rubric, by criterion id. */
  levels: z.record(z.string(), z.number().int().min(0)).optional(),
  feedback: z.string().trim().max(5000).optional(),
});

export interface ScoredSubmission {
  submission: Submission;
  evidence: RecordedEvidence[];
}

export async function scoreSubmission(
  ctx: SignedInCtx,
  submissionId: string,
  raw: unknown,
): Promise<ScoredSubmission> {
  const input = parseInput(ScoreSubmissionInput, raw, "body");
  const { actor, db } = ctx;
  const [submission] = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.id, submissionId), eq(submissions.organizationId, actor.organizationId)));
  if (!submission) throw notFound("The submission");
  const relation = await relationToLearner(db, actor, submission.learnerId);
  if (!canForLearner(actor, "view", relation) || relation.guards) throw notFound("The submission");
  if (relation.isSelf) throw forbidden("Your teacher scores your work.");
  authorizeLearner(actor, "record-staff-evidence", relation);
  if (submission.status !== "pending")
    throw new AppError("conflict", "This work was already scored; reload to see the score.");

  const now = ctx.now();
  const base = {
    learnerId: submission.learnerId,
    source: "web" as const,
    occurredAt: submission.submittedAt,
    details: { submissionId, ...(input.feedback ? { feedback: input.feedback } : {}) },
  };
  let toWrite: Parameters<typeof writeEvidence>[3][];
  if (submission.kind === "item") {
    if (input.correct === undefined)
      throw new AppError("validation_failed", "Some fields are not valid.", [
        { path: "body.correct", message: "Say whether the answer is right (true) or not yet (false)." },
      ]);
    const item = await findVisibleItem(db, actor, submission.itemId!);
    const competencyIds = await liveCompetencyIdsOf(db, item);
    if (competencyIds.length === 0)
      throw new AppError("conflict", "The item no longer speaks to a current competency.");
    toWrite = [
      {
        ...base,
        kind: "attempt",
        competencyIds,
        itemId: item.id,
        variantId: submission.variantId,
        response: submission.response,
        correct: input.correct,
        idempotencyKey: `submission:${submissionId}`,
      },
    ];
  } else {
    const task = await findVisibleTask(db, actor, submission.taskId!);
    const rubric = await submittedRubric(ctx, submission, task.rubric);
    const levels = input.levels ?? {};
    const details = rubric.criteria.flatMap((criterion) => {
      const level = levels[criterion.id];
      if (level === undefined)
        return [{ path: `body.levels.${criterion.id}`, message: `Score "${criterion.title}".` }];
      if (!criterion.levels.some((l) => l.score === level))
        return [
          {
            path: `body.levels.${criterion.id}`,
            message: `Use one of this criterion's level scores: ${criterion.levels.map((l) => l.score).join(", ")}.`,
          },
        ];
      return [];
    });
    for (const id of Object.keys(levels))
      if (!rubric.criteria.some((c) => c.id === id))
        details.push({ path: `body.levels.${id}`, message: "The rubric has no criterion with this id." });
    if (details.length) throw new AppError("validation_failed", "Some fields are not valid.", details);
    toWrite = rubric.criteria.map((criterion) => ({
      ...base,
      kind: "rubric_score" as const,
      competencyIds: [criterion.competencyId],
      taskId: task.id,
      response: submission.response,
      score: scaledScore(criterion, levels[criterion.id]!),
      idempotencyKey: `submission:${submissionId}:${criterion.id}`,
      details: {
        ...base.details,
        rubricId: rubric.id,
        rubricRevision: rubric.revision,
        criterionId: criterion.id,
        level: levels[criterion.id],
      },
    }));
  }

  return db.transaction(async (tx) => {
    // Claim the submission first: of two teachers scoring at once, the second finds it scored.
    const [claimed] = await tx
      .update(submissions)
      .set({ status: "scored", scoredBy: actor.userId, scoredAt: now, feedback: input.feedback ?? null })
      .where(and(eq(submissions.id, submissionId), eq(submissions.status, "pending")))
      .returning();
    if (!claimed) throw new AppError("conflict", "This work was already scored; reload to see the score.");
    const recorded: RecordedEvidence[] = [];
    for (const evidence of toWrite) recorded.push(await writeEvidence(tx, actor, now, evidence));
    const [row] = await tx
      .update(submissions)
      .set({ evidenceIds: recorded.map((r) => r.id) })
      .where(eq(submissions.id, submissionId))
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "submission.score",
      subjectType: "submission",
      subjectId: submissionId,
      details: { learnerId: submission.learnerId, evidenceIds: row!.evidenceIds },
      at: now,
    });
    return { submission: row!, evidence: recorded };
  });
}

/**
 * A learner's handed-in work and how it was scored, newest first: the learner sees their teacher's
 * feedback here; their teachers and admins see it too. Guardians and classmates do not.
 */
export async function listLearnerSubmissions(
  ctx: SignedInCtx,
  learnerId: string,
  raw: unknown,
): Promise<Page<QueuedSubmission>> {
  const input = parseInput(PageInput, raw, "query");
  const { actor, db } = ctx;
  const relation = await relationToLearner(db, actor, learnerId);
  authorizeLearner(actor, "view", relation);
  if (!(relation.isSelf || relation.teaches || actor.roles.includes("admin"))) throw forbidden();
  const cursor = decodeCursor(input.cursor);
  const rows = await db
    .select({ submission: submissions, stem: items.stem, taskTitle: tasks.title })
    .from(submissions)
    .leftJoin(items, eq(items.id, submissions.itemId))
    .leftJoin(tasks, eq(tasks.id, submissions.taskId))
    .where(
      and(
        eq(submissions.organizationId, actor.organizationId),
        eq(submissions.learnerId, learnerId),
        cursor
          ? or(
              lt(submissions.submittedAt, new Date(cursor.at)),
              and(eq(submissions.submittedAt, new Date(cursor.at)), lt(submissions.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(submissions.submittedAt), desc(submissions.id))
    .limit(input.limit + 1);
  return pageOf(
    rows.map((r) => ({ ...r.submission, title: r.stem ?? r.taskTitle ?? "" })),
    input.limit,
    (r) => r.submittedAt,
  );
}

/**
 * Record one piece of evidence and let it update the learner's state, in one transaction. The
 * idempotency key is claimed first: a retry of the same evidence (flaky network, offline sync)
 * finds it taken and changes nothing, so nothing is ever counted twice.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { competencies } from "../frameworks/schema.js";
import { relationToLearner } from "../personalization/relationships.js";
import { updateLearnerState, type StateUpdate } from "../personalization/update-learner-state.js";
import type { Database } from "../db/open-database.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { authorizeRecording, type EvidenceKind } from "./policies.js";
import { evidence, evidenceKindEnum, evidenceSourceEnum } from "./schema.js";

/** How far in the future a device clock may put `occurredAt` before it is refused. */
export const CLOCK_SKEW_MINUTES = 5;

export const RecordEvidenceInput = z
  .object({
    learnerId: z.uuid(),
    kind: z.enum(evidenceKindEnum.enumValues).exclude(["artifact", "diagnosis"]),
    competencyIds: z.array(z.uuid()).min(1, "Name at least one competency.").max(20),
    itemId: z.uuid().optional(),
    variantId: z.uuid().optional(),
    taskId: z.uuid().optional(),
    response: z.unknown().optional(),
    correct: z.boolean().optional(),
    score: z.number().min(0).max(1).optional(),
    durationSeconds: z.number().min(0).max(86_400).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    source: z.enum(evidenceSourceEnum.enumValues).default("api"),
    idempotencyKey: z.string().trim().min(1).max(200),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((input, ctx) => {
    const needsScore = ["rubric_score", "observation", "self_assessment", "activity"].includes(input.kind);
    if (needsScore && input.score === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["score"],
        message: `A ${input.kind.replace("_", " ")} needs a score from 0 to 1.`,
      });
    if (
      input.kind === "attempt" &&
      input.correct !== undefined &&
      input.score !== undefined &&
      input.correct !== input.score >= 1
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["score"],
        message: "An attempt marked correct has score 1; one marked wrong has a lower score.",
      });
    }
  });
export type RecordEvidenceInput = z.input<typeof RecordEvidenceInput>;

export interface RecordedEvidence {
  id: string;
  learnerId: string;
  kind: string;
  competencyIds: string[];
  correct: boolean | null;
  score: number | null;
  occurredAt: Date;
  recordedAt: Date;
  /** True when this key had already been recorded: nothing changed. */
  replayed: boolean;
  /** What the evidence did to the learner's mastery (null on replay, or when it carries no outcome). */
  update: StateUpdate | null;
}

export async function recordEvidence(ctx: SignedInCtx, raw: unknown): Promise<RecordedEvidence> {
  const input = parseInput(RecordEvidenceInput, raw, "body");
  const { actor } = ctx;
  const now = ctx.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000) {
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.occurredAt", message: "This is in the future." },
    ]);
  }
  const relation = await relationToLearner(ctx.db, actor, input.learnerId);
  authorizeRecording(actor, input.kind, relation);

  const competencyIds = [...new Set(input.competencyIds)];
  const known = await ctx.db
    .select({ id: competencies.id })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, actor.organizationId),
        inArray(competencies.id, competencyIds),
        isNull(competencies.retiredAt),
      ),
    );
  const missing = competencyIds.filter((id) => !known.some((k) => k.id === id));
  if (missing.length > 0) {
    throw new AppError(
      "validation_failed",
      "Some fields are not valid.",
      missing.map((id) => ({
        path: `body.competencyIds[${input.competencyIds.indexOf(id)}]`,
        message: `No current competency ${id} in your organization.`,
      })),
    );
  }

  return ctx.db.transaction((tx) =>
    writeEvidence(tx, actor, now, { ...input, competencyIds, occurredAt, response: input.response ?? null }),
  );
}

/** Evidence already parsed, authorized and checked, to be written inside the caller's transaction. */
export interface EvidenceToWrite {
  learnerId: string;
  kind: EvidenceKind;
  competencyIds: string[];
  itemId?: string | null | undefined;
  variantId?: string | null | undefined;
  taskId?: string | null | undefined;
  response?: unknown;
  correct?: boolean | null | undefined;
  score?: number | null | undefined;
  durationSeconds?: number | null | undefined;
  source: (typeof evidenceSourceEnum.enumValues)[number];
  idempotencyKey: string;
  occurredAt: Date;
  details?: Record<string, unknown> | undefined;
}

/**
 * Write one piece of evidence and update the learner's state in the caller's transaction — the one
 * path every kind of evidence takes (recorded directly, an answered item, a scored submission), so
 * that a key already used changes nothing and a rubric's criteria are written all or none.
 */
/** Who writes: a signed-in person, or a system path such as the LRS (`userId` null). */
export type EvidenceWriter = Pick<Actor, "organizationId"> & { userId: string | null };

export async function writeEvidence(
  tx: Database,
  actor: EvidenceWriter,
  now: Date,
  input: EvidenceToWrite,
): Promise<RecordedEvidence> {
  const { competencyIds, occurredAt } = input;
  const correct =
    input.correct ??
    (input.kind === "attempt" && input.score !== undefined && input.score !== null ? input.score >= 1 : null);
  const [inserted] = await tx
    .insert(evidence)
    .values({
      organizationId: actor.organizationId,
      learnerId: input.learnerId,
      kind: input.kind,
      competencyIds,
      itemId: input.itemId ?? null,
      variantId: input.variantId ?? null,
      taskId: input.taskId ?? null,
      response: input.response ?? null,
      correct,
      score: input.score ?? (correct === null ? null : correct ? 1 : 0),
      durationSeconds: input.durationSeconds ?? null,
      recordedBy: actor.userId,
      source: input.source,
      idempotencyKey: input.idempotencyKey,
      occurredAt,
      recordedAt: now,
      details: input.details ?? {},
    })
    .onConflictDoNothing({ target: [evidence.organizationId, evidence.idempotencyKey] })
    .returning();

  if (!inserted) {
    const [existing] = await tx
      .select()
      .from(evidence)
      .where(
        and(
          eq(evidence.organizationId, actor.organizationId),
          eq(evidence.idempotencyKey, input.idempotencyKey),
        ),
      );
    if (!existing || existing.learnerId !== input.learnerId) {
      throw new AppError(
        "conflict",
        "This idempotency key was already used for other evidence. Use a new key for new evidence.",
        [{ path: "body.idempotencyKey", message: "Already used." }],
      );
    }
    return { ...summary(existing), replayed: true, update: null };
  }

  // Self-assessments are kept beside the estimate, not fed into it: confidence is not performance.
  const update =
    inserted.kind === "self_assessment"
      ? null
      : await updateLearnerState(
          tx,
          {
            organizationId: actor.organizationId,
            learnerId: inserted.learnerId,
            competencyIds,
            itemId: inserted.itemId,
            correct: inserted.correct,
            score: inserted.score,
            occurredAt,
          },
          now,
        );
  await recordAudit(tx, {
    organizationId: actor.organizationId,
    actorId: actor.userId,
    action: "evidence.record",
    subjectType: "evidence",
    subjectId: inserted.id,
    details: {
      learnerId: inserted.learnerId,
      kind: inserted.kind,
      competencyIds,
      itemId: inserted.itemId,
      correct: inserted.correct,
      score: inserted.score,
      source: inserted.source,
      // Mastery this evidence reached (told as a "mastered" statement, docs/xapi-profile.md).
      mastered: (update?.changes ?? [])
        .filter((c) => c.after.status === "mastered" && c.before.status !== "mastered")
        .map((c) => ({ competencyId: c.competencyId, probability: c.after.probability })),
    },
    at: now,
  });
  return { ...summary(inserted), replayed: false, update };
}

function summary(row: typeof evidence.$inferSelect) {
  return {
    id: row.id,
    learnerId: row.learnerId,
    kind: row.kind,
    competencyIds: row.competencyIds,
    correct: row.correct,
    score: row.score,
    occurredAt: row.occurredAt,
    recordedAt: row.recordedAt,
  };
}

/**
 * Record one piece of evidence and let it update the learner's state, in one transaction. The
 * idempotency key is claimed first: a retry of the same evidence (flaky network, offline sync)
 * finds it taken and changes nothing, so nothing is ever counted twice.
 */
import { and, eq, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { auditWrites } from "../audit/record-audit.js";
import { EVIDENCE_REFERENCES_PER_COMPETENCY } from "../personalization/board-inputs.js";
import { writeLearnerBoard, type LearnerBoard } from "../personalization/build-choice-board.js";
import { authorize } from "../personalization/policies.js";
import { readLoopInputs, uuidArray, type LoopInputs } from "../personalization/loop-inputs.js";
import {
  lockedStateOf,
  outcomeOf,
  stateWrites,
  stepLearnerState,
  type Observation,
  type StateUpdate,
} from "../personalization/update-learner-state.js";
import { executePrepared, type Database } from "../db/open-database.js";
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
  return record(ctx, raw, false);
}

export interface RecordedAnswerWithBoard extends RecordedEvidence {
  /** The learner's next choice board, built on the state this evidence just produced. */
  board: LearnerBoard;
}

/**
 * The central loop in one call: record the evidence, update the learner's state, and build and
 * write their next choice board — one transaction, the learner's inputs read in one query while
 * their state is locked, the evidence with its state update written in one statement and the
 * board's decisions in another.
 */
export async function recordAnswerAndNextBoard(
  ctx: SignedInCtx,
  raw: unknown,
): Promise<RecordedAnswerWithBoard> {
  return record(ctx, raw, true);
}

async function record(ctx: SignedInCtx, raw: unknown, withBoard: true): Promise<RecordedAnswerWithBoard>;
async function record(ctx: SignedInCtx, raw: unknown, withBoard: false): Promise<RecordedEvidence>;
async function record(
  ctx: SignedInCtx,
  raw: unknown,
  withBoard: boolean,
): Promise<RecordedEvidence | RecordedAnswerWithBoard> {
  const input = parseInput(RecordEvidenceInput, raw, "body");
  const { actor } = ctx;
  const now = ctx.now();
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000) {
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.occurredAt", message: "This is in the future." },
    ]);
  }
  const competencyIds = [...new Set(input.competencyIds)];

  return ctx.db.transaction(async (tx) => {
    // Who the caller is to the learner, which competencies are current, the learner's state (locked
    // when this evidence will change it) and, for the loop, the board's inputs: one query.
    const inputs = await readLoopInputs(tx, {
      organizationId: actor.organizationId,
      actorUserId: actor.userId,
      learnerId: input.learnerId,
      competencyIds,
      lockState: input.kind !== "self_assessment",
      board: withBoard,
    });
    authorizeRecording(actor, input.kind, inputs.relation);
    if (withBoard) authorize(actor, "record-own-work", inputs.relation);
    const missing = competencyIds.filter((id) => !inputs.currentCompetencyIds.has(id));
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
    const recorded = await writeEvidence(
      tx,
      actor,
      now,
      { ...input, competencyIds, occurredAt, response: input.response ?? null },
      inputs,
    );
    if (!withBoard) return recorded;
    const board = inputs.board!;
    for (const { competencyId, after } of recorded.update?.changes ?? []) {
      board.mastery.set(competencyId, after);
      if (after.status === "mastered" && !board.masteredAt.has(competencyId))
        board.masteredAt.set(competencyId, now);
    }
    if (!recorded.replayed && input.kind !== "self_assessment") {
      for (const competencyId of competencyIds) {
        const cited = [...(board.references.get(competencyId) ?? []), recorded.id];
        board.references.set(competencyId, cited.slice(-EVIDENCE_REFERENCES_PER_COMPETENCY));
      }
    }
    return { ...recorded, board: await writeLearnerBoard(ctx.db, tx, actor, input.learnerId, inputs, now) };
  });
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
  /** The learner's state, already locked by the caller's read (the central loop reads it with the board's inputs). */
  read?: Pick<LoopInputs, "model" | "state" | "stateLocked">,
): Promise<RecordedEvidence> {
  const { competencyIds, occurredAt } = input;
  const correct =
    input.correct ??
    (input.kind === "attempt" && input.score !== undefined && input.score !== null ? input.score >= 1 : null);
  const score = input.score ?? (correct === null ? null : correct ? 1 : 0);
  const observation: Observation = {
    organizationId: actor.organizationId,
    learnerId: input.learnerId,
    competencyIds,
    itemId: input.itemId ?? null,
    correct,
    score,
    occurredAt,
  };
  // Self-assessments are kept beside the estimate, not fed into it: confidence is not performance.
  const feedsModel =
    input.kind !== "self_assessment" && competencyIds.length > 0 && outcomeOf(observation) !== null;
  const step = feedsModel
    ? stepLearnerState(await lockedStateOf(tx, actor.organizationId, input.learnerId, now, read), observation)
    : null;

  // One statement: the key is claimed by the insert, and the state, the mastery rows, the audit
  // event and the statements it tells are written only when it was new.
  const id = randomUUID();
  const at = now.toISOString();
  const mastered = (step?.update.changes ?? [])
    .filter((c) => c.after.status === "mastered" && c.before.status !== "mastered")
    .map((c) => ({ competencyId: c.competencyId, probability: c.after.probability }));
  const audit = auditWrites(
    {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "evidence.record",
      subjectType: "evidence",
      subjectId: id,
      details: {
        learnerId: input.learnerId,
        kind: input.kind,
        competencyIds,
        itemId: input.itemId ?? null,
        correct,
        score,
        source: input.source,
        // Mastery this evidence reached (told as a "mastered" statement, docs/xapi-profile.md).
        mastered,
      },
      at: now,
    },
    "inserted",
  );
  const result = await executePrepared(tx, sql`
    with inserted as (
      insert into evidence (id, organization_id, learner_id, kind, competency_ids, item_id, variant_id, task_id,
             response, correct, score, duration_seconds, recorded_by, source, idempotency_key, occurred_at,
             recorded_at, details)
      values (${id}::uuid, ${actor.organizationId}, ${input.learnerId}, ${input.kind}::evidence_kind,
             ${uuidArray(competencyIds)}, ${input.itemId ?? null}::uuid, ${input.variantId ?? null}::uuid,
             ${input.taskId ?? null}::uuid,
             ${input.response === undefined || input.response === null ? null : JSON.stringify(input.response)}::jsonb,
             ${correct}::boolean, ${score}::real, ${input.durationSeconds ?? null}::real, ${actor.userId}::uuid,
             ${input.source}::evidence_source, ${input.idempotencyKey}, ${occurredAt.toISOString()}::timestamptz,
             ${at}::timestamptz, ${JSON.stringify(input.details ?? {})}::jsonb)
      on conflict (organization_id, idempotency_key) do nothing
      returning id, recorded_at),
    ${step ? sql`${stateWrites(actor.organizationId, input.learnerId, step, now, "inserted")},` : sql``}
    ${audit}
    select id, recorded_at from inserted`);
  const [inserted] = (result as unknown as { rows: { id: string; recorded_at: Date | string }[] }).rows;

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
  return {
    id: inserted.id,
    learnerId: input.learnerId,
    kind: input.kind,
    competencyIds,
    correct,
    score,
    occurredAt,
    recordedAt: new Date(inserted.recorded_at),
    replayed: false,
    update: step?.update ?? null,
  };
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

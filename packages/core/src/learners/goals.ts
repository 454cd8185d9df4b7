/**
 * Goals, authored by the learner or one of their teachers: a title, the competencies it aims at and
 * a target date, with check-ins along the way ("how far along do I feel, and what happened").
 * Goals are edited with If-Match; check-ins are appended.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { assertCompetencies } from "../portfolio/artifacts.js";
import { relationToLearner, type LearnerRelation } from "../personalization/relationships.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { authorize, can } from "./policies.js";
import { goalCheckIns, goals } from "./schema.js";

export type Goal = typeof goals.$inferSelect;
export type GoalCheckIn = typeof goalCheckIns.$inferSelect;

const IsoDate = z.iso.date("Use a date like 2026-12-18.");

export const CreateGoalInput = z.object({
  title: z.string().trim().min(1, "Give the goal a title.").max(200),
  description: z.string().trim().max(5000).default(""),
  competencyIds: z.array(z.uuid()).max(50).default([]),
  targetDate: IsoDate.nullable().default(null),
});

export const UpdateGoalInput = z
  .object({
    title: z.string().trim().min(1, "Give the goal a title.").max(200),
    description: z.string().trim().max(5000),
    competencyIds: z.array(z.uuid()).max(50),
    targetDate: IsoDate.nullable(),
    status: z.enum(["active", "achieved", "dropped"]),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Send at least one field to change." });

export const CheckInInput = z.object({
  note: z.string().trim().min(1, "Say how it is going.").max(5000),
  progress: z.number().int().min(0).max(100).nullable().default(null),
});

export async function createGoal(ctx: SignedInCtx, learnerId: string, raw: unknown): Promise<Goal> {
  const input = parseInput(CreateGoalInput, raw, "body");
  const { actor, db } = ctx;
  authorize(actor, "author-goal", await relationToLearner(db, actor, learnerId));
  await assertCompetencies(db, actor.organizationId, input.competencyIds, "body.competencyIds");
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(goals)
      .values({
        organizationId: actor.organizationId,
        learnerId,
        title: input.title,
        description: input.description,
        competencyIds: [...new Set(input.competencyIds)],
        targetDate: input.targetDate,
        authoredBy: actor.userId,
        createdAt: now,
      })
      .returning();
    if (!row) throw new AppError("internal", "The goal could not be saved.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "goal.create",
      subjectType: "goal",
      subjectId: row.id,
      details: { learnerId, competencyIds: row.competencyIds, targetDate: row.targetDate },
      at: now,
    });
    return row;
  });
}

export const ListGoalsInput = z.object({ status: z.enum(["active", "achieved", "dropped"]).optional() });

/** Active goals first (soonest target date first), then the others, newest first. */
export async function listGoals(ctx: SignedInCtx, learnerId: string, raw: unknown = {}): Promise<Goal[]> {
  const input = parseInput(ListGoalsInput, raw, "query");
  const { actor, db } = ctx;
  authorize(actor, "view", await relationToLearner(db, actor, learnerId));
  const rows = await db
    .select()
    .from(goals)
    .where(
      and(
        eq(goals.organizationId, actor.organizationId),
        eq(goals.learnerId, learnerId),
        input.status ? eq(goals.status, input.status) : undefined,
      ),
    )
    .orderBy(asc(goals.status), asc(goals.targetDate), desc(goals.createdAt));
  return rows;
}

/** A goal and how the caller relates to its learner; a goal they may not see does not exist. */
export async function loadGoal(
  db: Database,
  ctx: SignedInCtx,
  goalId: string,
): Promise<{ goal: Goal; relation: LearnerRelation }> {
  const [goal] = await db
    .select()
    .from(goals)
    .where(and(eq(goals.id, goalId), eq(goals.organizationId, ctx.actor.organizationId)));
  if (!goal) throw notFound("The goal");
  const relation = await relationToLearner(db, ctx.actor, goal.learnerId);
  if (!can(ctx.actor, "view", relation)) throw notFound("The goal");
  return { goal, relation };
}

export async function updateGoal(
  ctx: SignedInCtx,
  goalId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<Goal> {
  const input = parseInput(UpdateGoalInput, raw, "body");
  const { actor, db } = ctx;
  const { relation } = await loadGoal(db, ctx, goalId);
  authorize(actor, "author-goal", relation);
  if (input.competencyIds)
    await assertCompetencies(db, actor.organizationId, input.competencyIds, "body.competencyIds");
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(goals).where(eq(goals.id, goalId)).for("update");
    assertVersion("goal", current!.version, expectedVersion);
    const [row] = await tx
      .update(goals)
      .set({
        ...input,
        ...(input.competencyIds ? { competencyIds: [...new Set(input.competencyIds)] } : {}),
        version: current!.version + 1,
      })
      .where(eq(goals.id, goalId))
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "goal.update",
      subjectType: "goal",
      subjectId: goalId,
      details: { learnerId: row!.learnerId, changes: input, version: row!.version },
      at: now,
    });
    return row!;
  });
}

export async function addGoalCheckIn(ctx: SignedInCtx, goalId: string, raw: unknown): Promise<GoalCheckIn> {
  const input = parseInput(CheckInInput, raw, "body");
  const { actor, db } = ctx;
  const { goal, relation } = await loadGoal(db, ctx, goalId);
  authorize(actor, "check-in", relation);
  if (goal.status !== "active")
    throw new AppError("conflict", `This goal is ${goal.status}; check-ins are for active goals.`);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(goalCheckIns)
      .values({
        organizationId: actor.organizationId,
        goalId,
        authorId: actor.userId,
        note: input.note,
        progress: input.progress,
        createdAt: now,
      })
      .returning();
    if (!row) throw new AppError("internal", "The check-in could not be saved.");
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "goal.check-in",
      subjectType: "goal",
      subjectId: goalId,
      details: { learnerId: goal.learnerId, checkInId: row.id, progress: input.progress },
      at: now,
    });
    return row;
  });
}

/** Oldest first: a goal's story as it happened. */
export async function listGoalCheckIns(ctx: SignedInCtx, goalId: string): Promise<GoalCheckIn[]> {
  const { db } = ctx;
  await loadGoal(db, ctx, goalId);
  return db
    .select()
    .from(goalCheckIns)
    .where(eq(goalCheckIns.goalId, goalId))
    .orderBy(asc(goalCheckIns.createdAt), asc(goalCheckIns.id));
}

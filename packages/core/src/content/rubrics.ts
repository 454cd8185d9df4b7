/**
 * Rubrics (criteria × levels, each criterion mapped to a competency) and the tasks or projects
 * scored with them. Teachers and admins author both; learners see the rubric of a task for their
 * classes' competencies, so they know before they start what good work looks like.
 */
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { assertCompetencies } from "../portfolio/artifacts.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { authorize, visibleCompetencyIds } from "./policies.js";
import { modalityEnum, rubrics, tasks, type RubricCriterion } from "./schema.js";

const Level = z.object({
  score: z.number().int().min(0).max(100),
  label: z.string().trim().min(1).max(100),
  description: z.string().trim().max(2000).default(""),
});

export const CreateRubricInput = z.object({
  title: z.string().trim().min(1, "Give it a title.").max(300),
  criteria: z
    .array(
      z
        .object({
          id: z
            .string()
            .trim()
            .regex(/^[\w-]{1,40}$/, "Use letters, digits, - or _.")
            .optional(),
          title: z.string().trim().min(1, "Name the criterion.").max(300),
          competencyId: z.uuid(),
          levels: z.array(Level).min(2, "Give at least two levels.").max(10),
        })
        .superRefine((c, ctx) => {
          const scores = c.levels.map((l) => l.score);
          if (new Set(scores).size !== scores.length)
            ctx.addIssue({ code: "custom", path: ["levels"], message: "Each level needs its own score." });
          if (Math.max(...scores) === 0)
            ctx.addIssue({
              code: "custom",
              path: ["levels"],
              message: "The top level needs a score above 0.",
            });
        }),
    )
    .min(1, "Give at least one criterion.")
    .max(20),
});

export type Rubric = typeof rubrics.$inferSelect;

/** A level's score scaled to 0..1 against the criterion's top level (4 of 4 → 1, 3 of 4 → 0.75). */
export function scaledScore(criterion: RubricCriterion, levelScore: number): number {
  return levelScore / Math.max(...criterion.levels.map((l) => l.score));
}

/** Criteria ids filled in and unique, competencies checked, levels sorted by score. */
export async function prepareCriteria(
  db: Database,
  actor: Actor,
  criteriaInput: z.infer<typeof CreateRubricInput>["criteria"],
): Promise<RubricCriterion[]> {
  const ids = criteriaInput.map((c, index) => c.id ?? `c${index + 1}`);
  const duplicate = ids.findIndex((id, index) => ids.indexOf(id) !== index);
  if (duplicate >= 0)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: `body.criteria.${duplicate}.id`, message: "Each criterion needs its own id." },
    ]);
  try {
    await assertCompetencies(
      db,
      actor.organizationId,
      criteriaInput.map((c) => c.competencyId),
      "criteria",
    );
  } catch (error) {
    // Name the criterion whose competency is unknown: "criteria[1]" → "body.criteria.1.competencyId".
    if (error instanceof AppError)
      throw new AppError(
        error.code,
        error.message,
        error.details.map((d) => ({
          path: d.path.replace(/^criteria\[(\d+)\]$/, "body.criteria.$1.competencyId"),
          message: d.message,
        })),
      );
    throw error;
  }
  return criteriaInput.map((c, index) => ({
    id: ids[index]!,
    title: c.title,
    competencyId: c.competencyId,
    levels: [...c.levels].sort((a, b) => a.score - b.score),
  }));
}

export async function createRubric(ctx: SignedInCtx, raw: unknown): Promise<Rubric> {
  const input = parseInput(CreateRubricInput, raw, "body");
  const { actor, db } = ctx;
  authorize(actor, "author");
  const criteria = await prepareCriteria(db, actor, input.criteria);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(rubrics)
      .values({
        organizationId: actor.organizationId,
        title: input.title,
        criteria,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "rubric.create",
      subjectType: "rubric",
      subjectId: row!.id,
      details: { criteria: criteria.length },
      at: now,
    });
    return row!;
  });
}

export async function findVisibleRubric(
  db: Database,
  actor: Actor,
  rubricId: string,
  what = "The rubric",
): Promise<Rubric> {
  authorize(actor, "view");
  const [row] = await db
    .select()
    .from(rubrics)
    .where(and(eq(rubrics.id, rubricId), eq(rubrics.organizationId, actor.organizationId)));
  if (!row) throw notFound(what);
  const visible = await visibleCompetencyIds(db, actor);
  if (visible && !row.criteria.some((c) => visible.has(c.competencyId))) throw notFound(what);
  return row;
}

export async function getRubric(ctx: SignedInCtx, rubricId: string): Promise<Rubric> {
  return findVisibleRubric(ctx.db, ctx.actor, rubricId);
}

export const CreateTaskInput = z.object({
  title: z.string().trim().min(1, "Give it a title.").max(300),
  description: z.string().trim().min(1, "Say what the learner is to make or do.").max(20_000),
  rubricId: z.uuid(),
  expectedMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 40),
  modality: z.enum(modalityEnum.enumValues).default("project"),
});

export type Task = typeof tasks.$inferSelect;
export interface TaskWithRubric extends Task {
  rubric: Rubric;
}

export async function createTask(ctx: SignedInCtx, raw: unknown): Promise<TaskWithRubric> {
  const input = parseInput(CreateTaskInput, raw, "body");
  const { actor, db } = ctx;
  authorize(actor, "author");
  const [rubric] = await db
    .select()
    .from(rubrics)
    .where(and(eq(rubrics.id, input.rubricId), eq(rubrics.organizationId, actor.organizationId)));
  if (!rubric)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.rubricId", message: "No rubric with this id in your organization." },
    ]);
  const now = ctx.now();
  const task = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tasks)
      .values({ ...input, organizationId: actor.organizationId, createdBy: actor.userId, createdAt: now })
      .returning();
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "task.create",
      subjectType: "task",
      subjectId: row!.id,
      details: { rubricId: rubric.id },
      at: now,
    });
    return row!;
  });
  return { ...task, rubric };
}

/** The task with its rubric, for staff and for learners of its competencies. */
export async function findVisibleTask(db: Database, actor: Actor, taskId: string): Promise<TaskWithRubric> {
  authorize(actor, "view");
  const [task] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), eq(tasks.organizationId, actor.organizationId)));
  if (!task) throw notFound("The task");
  return { ...task, rubric: await findVisibleRubric(db, actor, task.rubricId, "The task") };
}

export async function getTask(ctx: SignedInCtx, taskId: string): Promise<TaskWithRubric> {
  return findVisibleTask(ctx.db, ctx.actor, taskId);
}

/** The organization's rubrics, newest first, for the staff who author tasks with them. */
export async function listRubrics(ctx: SignedInCtx): Promise<Rubric[]> {
  authorize(ctx.actor, "author");
  return ctx.db
    .select()
    .from(rubrics)
    .where(eq(rubrics.organizationId, ctx.actor.organizationId))
    .orderBy(desc(rubrics.createdAt), desc(rubrics.id))
    .limit(500);
}

/** The organization's tasks and projects, newest first, for the staff who author and offer them. */
export async function listTasks(ctx: SignedInCtx): Promise<Task[]> {
  authorize(ctx.actor, "author");
  return ctx.db
    .select()
    .from(tasks)
    .where(eq(tasks.organizationId, ctx.actor.organizationId))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(500);
}

/**
 * Edit a rubric (title, criteria × levels mapped to competencies) or a task/project (its wording,
 * minutes, modality, and which rubric scores it). Edits name the version they were based on
 * (If-Match). A rubric that work was handed in against gets a new revision; the submitted work is
 * still scored with the revision it was handed in with.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { assertVersion } from "../shared/versioning.js";
import { authorize } from "./policies.js";
import { rubricRevisionUsed, keepRevision } from "./revisions.js";
import {
  CreateRubricInput,
  CreateTaskInput,
  findVisibleRubric,
  findVisibleTask,
  prepareCriteria,
  type Rubric,
  type TaskWithRubric,
} from "./rubrics.js";
import { rubrics, tasks } from "./schema.js";

export const UpdateRubricInput = CreateRubricInput.partial().refine((v) => Object.keys(v).length > 0, {
  message: "Change at least one field.",
  path: [],
});

const stale = (what: string, version: number) =>
  new AppError(
    "precondition_failed",
    `The ${what} was changed by someone else. Reload it and make your change again.`,
    [{ path: "header.if-match", message: `You edited version ${version}; it has changed since.` }],
  );

export async function updateRubric(
  ctx: SignedInCtx,
  rubricId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<Rubric & { newRevision: boolean }> {
  const input = parseInput(UpdateRubricInput, raw, "body");
  const { actor, db } = ctx;
  const current = await findVisibleRubric(db, actor, rubricId);
  authorize(actor, "author");
  const criteria = input.criteria ? await prepareCriteria(db, actor, input.criteria) : current.criteria;
  assertVersion("rubric", current.version, expectedVersion);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const used = await rubricRevisionUsed(tx, rubricId, current.revision);
    const revision = used ? current.revision + 1 : current.revision;
    const [updated] = await tx
      .update(rubrics)
      .set({
        title: input.title ?? current.title,
        criteria,
        updatedAt: now,
        version: current.version + 1,
        revision,
      })
      .where(and(eq(rubrics.id, rubricId), eq(rubrics.version, current.version)))
      .returning();
    if (!updated) throw stale("rubric", current.version);
    if (used)
      await keepRevision(
        tx,
        actor,
        "rubric",
        rubricId,
        current.revision,
        { title: current.title, criteria: current.criteria },
        now,
      );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: used ? "rubric.revise" : "rubric.update",
      subjectType: "rubric",
      subjectId: rubricId,
      details: { fields: Object.keys(input), version: updated.version, revision },
      at: now,
    });
    return { ...updated, newRevision: used };
  });
}

export const UpdateTaskInput = z
  .object(CreateTaskInput.shape)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: "Change at least one field.", path: [] });

export async function updateTask(
  ctx: SignedInCtx,
  taskId: string,
  raw: unknown,
  expectedVersion: number | undefined,
): Promise<TaskWithRubric> {
  const input = parseInput(UpdateTaskInput, raw, "body");
  const { actor, db } = ctx;
  const current = await findVisibleTask(db, actor, taskId);
  authorize(actor, "author");
  const rubric =
    input.rubricId && input.rubricId !== current.rubricId
      ? await findVisibleRubric(db, actor, input.rubricId).catch(() => {
          throw new AppError("validation_failed", "Some fields are not valid.", [
            { path: "body.rubricId", message: "No rubric with this id in your organization." },
          ]);
        })
      : current.rubric;
  assertVersion("task", current.version, expectedVersion);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(tasks)
      .set({ ...input, updatedAt: now, version: current.version + 1 })
      .where(and(eq(tasks.id, taskId), eq(tasks.version, current.version)))
      .returning();
    if (!updated) throw stale("task", current.version);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "task.update",
      subjectType: "task",
      subjectId: taskId,
      details: { fields: Object.keys(input), version: updated.version },
      at: now,
    });
    return { ...updated, rubric };
  });
}

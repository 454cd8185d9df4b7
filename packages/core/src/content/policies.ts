/**
 * Who may author and who may see content.
 * - teachers and admins of the organization author resources, items, rubrics and tasks, and see all
 *   of the organization's content (answer keys included);
 * - learners see content for the competencies of their classes' frameworks, items without their keys;
 * - guardians and anyone outside the organization see none of it.
 * Choice boards belong to a class: its teachers (and admins) author them, its learners pick.
 * At-home notes belong to a school and a competency: the school's staff (teachers of one of its
 * classes, admins) write them; a learner's family reads those of the learner's schools, together
 * with the learner's home-suitable links, through the learner (learners/help-at-home.ts).
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { competencies } from "../frameworks/schema.js";
import { frameworkIdsOfLearner } from "../personalization/board-inputs.js";
import { enrollments } from "../roster/schema.js";
import type { Actor } from "../shared/context.js";
import { forbidden } from "../shared/errors.js";

export type ContentAction = "author" | "view";

export function isStaff(actor: Actor): boolean {
  return actor.roles.includes("teacher") || actor.roles.includes("admin");
}

export function can(actor: Actor | null, action: ContentAction): boolean {
  if (!actor) return false;
  switch (action) {
    case "author":
      return isStaff(actor);
    case "view":
      return isStaff(actor) || actor.roles.includes("learner");
  }
}

export function authorize(actor: Actor | null, action: ContentAction): asserts actor is Actor {
  if (!can(actor, action)) throw forbidden();
}

/**
 * The competencies a learner may see content for: those of their classes' frameworks. Null for
 * staff, who see everything of their organization.
 */
export async function visibleCompetencyIds(db: Database, actor: Actor): Promise<Set<string> | null> {
  if (isStaff(actor)) return null;
  const frameworkIds = await frameworkIdsOfLearner(db, actor.organizationId, actor.userId);
  if (frameworkIds.length === 0) return new Set();
  const rows = await db
    .select({ id: competencies.id })
    .from(competencies)
    .where(
      and(
        eq(competencies.organizationId, actor.organizationId),
        inArray(competencies.frameworkId, frameworkIds),
        isNull(competencies.retiredAt),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

export interface ClassRelation {
  teaches: boolean;
  learns: boolean;
}

/** How the caller relates to a class of their organization (whether it exists is checked by the caller). */
export async function relationToClass(db: Database, actor: Actor, classId: string): Promise<ClassRelation> {
  const rows = await db
    .select({ role: enrollments.role })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.organizationId, actor.organizationId),
        eq(enrollments.classId, classId),
        eq(enrollments.userId, actor.userId),
      ),
    );
  return {
    teaches: rows.some((r) => r.role === "teacher" || r.role === "co-teacher"),
    learns: rows.some((r) => r.role === "learner"),
  };
}

/** Learner ids of the classes the actor teaches (a subquery), for teachers' queues. */
export function learnersTaughtBy(db: Database, actor: Actor) {
  return db
    .select({ learnerId: enrollments.userId })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.organizationId, actor.organizationId),
        eq(enrollments.role, "learner"),
        inArray(
          enrollments.classId,
          db
            .select({ classId: enrollments.classId })
            .from(enrollments)
            .where(
              and(
                eq(enrollments.userId, actor.userId),
                sql`${enrollments.role} in ('teacher', 'co-teacher')`,
              ),
            ),
        ),
      ),
    );
}

export type HomeNoteAction = "write";

/** Staff of the school write its at-home notes; nobody else does, whatever their role. */
export function canHomeNote(
  actor: Actor | null,
  _action: HomeNoteAction,
  relation: { staffOfSchool: boolean },
): boolean {
  return Boolean(actor && isStaff(actor) && relation.staffOfSchool);
}

export function authorizeHomeNote(
  actor: Actor | null,
  action: HomeNoteAction,
  relation: { staffOfSchool: boolean },
): void {
  if (!canHomeNote(actor, action, relation)) throw forbidden();
}

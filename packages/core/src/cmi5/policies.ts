/**
 * Who may do what with cmi5 courses.
 * - admins of an organization import its course packages, see what was imported, offer courses to
 *   its classes, waive AUs for a learner and abandon sessions;
 * - a learner sees and launches the courses offered to a class they learn in, as themselves;
 * - nobody sees another organization's courses (they are not found, rather than forbidden).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { enrollments } from "../roster/schema.js";
import type { Ctx, SignedInCtx } from "../shared/context.js";
import { forbidden, unauthenticated } from "../shared/errors.js";
import { cmi5Offerings } from "./schema.js";

export type Cmi5AdminAction = "import" | "view" | "offer" | "waive" | "abandon";

export function canAdministerCourses(ctx: Ctx, _action: Cmi5AdminAction): boolean {
  return ctx.actor !== null && ctx.actor.roles.includes("admin");
}

export function authorizeCourseAdministration(ctx: Ctx, action: Cmi5AdminAction): asserts ctx is SignedInCtx {
  if (!ctx.actor) throw unauthenticated();
  if (!canAdministerCourses(ctx, action))
    throw forbidden("Only an administrator of your organization can manage cmi5 courses.");
}

/** Learners launch courses: a signed-in person with the learner role. */
export function authorizeLearner(ctx: Ctx): asserts ctx is SignedInCtx {
  if (!ctx.actor) throw unauthenticated();
  if (!ctx.actor.roles.includes("learner")) throw forbidden("Only learners launch cmi5 courses.");
}

/** Whether the course is offered to a class the person learns in. */
export async function isOfferedTo(db: Database, learnerId: string, courseId: string): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(cmi5Offerings)
    .innerJoin(
      enrollments,
      and(
        eq(enrollments.classId, cmi5Offerings.classId),
        eq(enrollments.userId, learnerId),
        eq(enrollments.role, "learner"),
      ),
    )
    .where(eq(cmi5Offerings.courseId, courseId))
    .limit(1);
  return row !== undefined;
}

/**
 * How the caller relates to a learner: the facts personalization policies rest on. One query,
 * scoped to the caller's organization; a learner of another organization simply does not exist.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { userRoles } from "../identity/schema.js";
import { enrollments, guardianships } from "../roster/schema.js";
import type { Actor } from "../shared/context.js";

export interface LearnerRelation {
  organizationId: string;
  learnerId: string;
  /** The learner exists in the caller's organization. */
  exists: boolean;
  isSelf: boolean;
  /** The caller teaches or co-teaches a class the learner is enrolled in. */
  teaches: boolean;
  /** The caller is a linked guardian of the learner. */
  guards: boolean;
}

export async function relationToLearner(
  db: Database,
  actor: Actor,
  learnerId: string,
): Promise<LearnerRelation> {
  const [row] = await db
    .select({
      exists: sql<boolean>`exists (select 1 from ${userRoles} r where r.user_id = ${learnerId} and r.role = 'learner' and r.organization_id = ${actor.organizationId})`,
      teaches: sql<boolean>`exists (
        select 1 from ${enrollments} mine join ${enrollments} theirs on theirs.class_id = mine.class_id
        where mine.user_id = ${actor.userId} and mine.role in ('teacher', 'co-teacher')
          and theirs.user_id = ${learnerId} and theirs.role = 'learner' and mine.organization_id = ${actor.organizationId})`,
      guards: sql<boolean>`exists (select 1 from ${guardianships} g where g.guardian_id = ${actor.userId} and g.learner_id = ${learnerId} and g.organization_id = ${actor.organizationId})`,
    })
    .from(sql`(select 1) as one`);
  return {
    organizationId: actor.organizationId,
    learnerId,
    exists: Boolean(row?.exists),
    isSelf: actor.userId === learnerId,
    teaches: Boolean(row?.teaches),
    guards: Boolean(row?.guards),
  };
}

/** Learners enrolled in a class, for class-wide views. */
export async function learnerIdsOfClass(
  db: Database,
  organizationId: string,
  classId: string,
): Promise<string[]> {
  const rows = await db
    .select({ id: enrollments.userId })
    .from(enrollments)
    .where(
      and(
        eq(enrollments.organizationId, organizationId),
        eq(enrollments.classId, classId),
        eq(enrollments.role, "learner"),
      ),
    );
  return rows.map((r) => r.id);
}

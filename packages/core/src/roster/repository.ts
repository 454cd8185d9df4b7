/** Roster queries, always scoped to one organization. */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { users } from "../identity/schema.js";
import { classes, enrollments, guardianships, schools, terms, type EnrollmentRole } from "./schema.js";

export interface ClassSummary {
  id: string;
  name: string;
  grade: string | null;
  schoolName: string;
  termName: string;
  frameworkId: string | null;
}

export interface PersonSummary {
  id: string;
  givenName: string;
  familyName: string;
  grade: string | null;
}

const classColumns = {
  id: classes.id,
  name: classes.name,
  grade: classes.grade,
  schoolName: schools.name,
  termName: terms.name,
  frameworkId: classes.frameworkId,
};

export async function classesOfMember(
  db: Database,
  organizationId: string,
  userId: string,
  roles: EnrollmentRole[],
): Promise<(ClassSummary & { membership: EnrollmentRole })[]> {
  return db
    .select({ ...classColumns, membership: enrollments.role })
    .from(enrollments)
    .innerJoin(classes, eq(classes.id, enrollments.classId))
    .innerJoin(schools, eq(schools.id, classes.schoolId))
    .innerJoin(terms, eq(terms.id, classes.termId))
    .where(
      and(
        eq(enrollments.organizationId, organizationId),
        eq(enrollments.userId, userId),
        inArray(enrollments.role, roles),
      ),
    )
    .orderBy(asc(classes.name));
}

export async function classesOfOrganization(db: Database, organizationId: string): Promise<ClassSummary[]> {
  return db
    .select(classColumns)
    .from(classes)
    .innerJoin(schools, eq(schools.id, classes.schoolId))
    .innerJoin(terms, eq(terms.id, classes.termId))
    .where(eq(classes.organizationId, organizationId))
    .orderBy(asc(classes.name));
}

export async function findClass(
  db: Database,
  organizationId: string,
  classId: string,
): Promise<ClassSummary | null> {
  const rows = await db
    .select(classColumns)
    .from(classes)
    .innerJoin(schools, eq(schools.id, classes.schoolId))
    .innerJoin(terms, eq(terms.id, classes.termId))
    .where(and(eq(classes.organizationId, organizationId), eq(classes.id, classId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function membershipIn(
  db: Database,
  classId: string,
  userId: string,
): Promise<EnrollmentRole | null> {
  const rows = await db
    .select({ role: enrollments.role })
    .from(enrollments)
    .where(and(eq(enrollments.classId, classId), eq(enrollments.userId, userId)))
    .limit(1);
  return rows[0]?.role ?? null;
}

/** Learners of several classes at once, keyed by class id, in name order. */
export async function learnersOfClasses(
  db: Database,
  organizationId: string,
  classIds: string[],
): Promise<Map<string, PersonSummary[]>> {
  const byClass = new Map<string, PersonSummary[]>(classIds.map((id) => [id, []]));
  if (classIds.length === 0) return byClass;
  const rows = await db
    .select({
      classId: enrollments.classId,
      id: users.id,
      givenName: users.givenName,
      familyName: users.familyName,
      grade: users.grade,
    })
    .from(enrollments)
    .innerJoin(users, eq(users.id, enrollments.userId))
    .where(
      and(
        eq(enrollments.organizationId, organizationId),
        inArray(enrollments.classId, classIds),
        eq(enrollments.role, "learner"),
      ),
    )
    .orderBy(asc(users.familyName), asc(users.givenName));
  for (const { classId, ...person } of rows) byClass.get(classId)?.push(person);
  return byClass;
}

export async function childrenOfGuardian(
  db: Database,
  organizationId: string,
  guardianId: string,
): Promise<(PersonSummary & { relationship: string })[]> {
  return db
    .select({
      id: users.id,
      givenName: users.givenName,
      familyName: users.familyName,
      grade: users.grade,
      relationship: guardianships.relationship,
    })
    .from(guardianships)
    .innerJoin(users, eq(users.id, guardianships.learnerId))
    .where(and(eq(guardianships.organizationId, organizationId), eq(guardianships.guardianId, guardianId)))
    .orderBy(asc(users.givenName));
}

/**
 * Who may change the organization's frameworks.
 *
 * - Import a new framework (CASE): admins, and teachers. A teacher brings the standards their
 *   school teaches to; a new framework changes nothing anyone else uses, so it needs no admin.
 * - Import a new version of a framework the organization has: admins, and teachers of a class that
 *   uses it. A new version updates the framework for every class using it, so it is for the people
 *   teaching those classes; a framework no class uses yet, any teacher may bring up to date.
 * - Add local competencies and prerequisites to a framework: admins, and teachers of a class that
 *   uses it.
 * Reading frameworks is open to everyone in the organization (local-changes.ts).
 */
import { and, count, eq, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { classes, enrollments } from "../roster/schema.js";
import type { Actor } from "../shared/context.js";
import { forbidden } from "../shared/errors.js";

export function mayImportFrameworks(actor: Actor): boolean {
  return actor.roles.includes("admin") || actor.roles.includes("teacher");
}

export function assertMayImportFrameworks(actor: Actor): void {
  if (!mayImportFrameworks(actor)) throw forbidden();
}

/** Admins, and teachers of a class that uses this framework. */
export async function mayChangeFramework(db: Database, actor: Actor, frameworkId: string): Promise<boolean> {
  if (actor.roles.includes("admin")) return true;
  if (!actor.roles.includes("teacher")) return false;
  const [teaches] = await db
    .select({ n: count() })
    .from(enrollments)
    .innerJoin(classes, eq(classes.id, enrollments.classId))
    .where(
      and(
        eq(enrollments.userId, actor.userId),
        sql`${enrollments.role} in ('teacher', 'co-teacher')`,
        eq(classes.frameworkId, frameworkId),
      ),
    );
  return (teaches?.n ?? 0) > 0;
}

/** May import a new version of this framework (see the rules above). */
export async function mayReplaceFramework(db: Database, actor: Actor, frameworkId: string): Promise<boolean> {
  if (!mayImportFrameworks(actor)) return false;
  if (await mayChangeFramework(db, actor, frameworkId)) return true;
  const [used] = await db.select({ n: count() }).from(classes).where(eq(classes.frameworkId, frameworkId));
  return (used?.n ?? 0) === 0;
}

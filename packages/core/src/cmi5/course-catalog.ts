/**
 * What an admin sees of the organization's cmi5 courses — each course's tree, versions, the classes
 * it is offered to and how many learners have a registration — and offering a course to classes
 * (their learners then see it and may launch it; withdrawing keeps every registration and result).
 */
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import { classes } from "../roster/schema.js";
import type { Ctx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { parseInput } from "../shared/validate.js";
import { courseTrees, type Cmi5CourseTree } from "./course-tree.js";
import { authorizeCourseAdministration } from "./policies.js";
import { cmi5Courses, cmi5Offerings, cmi5Packages, cmi5Registrations } from "./schema.js";

export interface Cmi5CourseVersion {
  version: number;
  source: "zip" | "xml";
  filename: string;
  byteSize: number;
  fileCount: number;
  importedAt: Date;
}

export interface Cmi5CourseAdminView extends Cmi5CourseTree {
  versions: Cmi5CourseVersion[];
  offeredTo: { classId: string; name: string }[];
  registrations: number;
}

export async function listCmi5Courses(ctx: Ctx): Promise<Cmi5CourseAdminView[]> {
  authorizeCourseAdministration(ctx, "view");
  const rows = await ctx.db
    .select()
    .from(cmi5Courses)
    .where(eq(cmi5Courses.organizationId, ctx.actor.organizationId))
    .orderBy(desc(cmi5Courses.updatedAt), asc(cmi5Courses.id));
  return adminViews(ctx, rows);
}

export async function getCmi5Course(ctx: Ctx, courseId: string): Promise<Cmi5CourseAdminView> {
  authorizeCourseAdministration(ctx, "view");
  if (!z.uuid().safeParse(courseId).success) throw notFound("This course");
  const rows = await ctx.db
    .select()
    .from(cmi5Courses)
    .where(and(eq(cmi5Courses.id, courseId), eq(cmi5Courses.organizationId, ctx.actor.organizationId)));
  const [view] = await adminViews(ctx, rows);
  if (!view) throw notFound("This course");
  return view;
}

async function adminViews(
  ctx: Ctx & { actor: NonNullable<Ctx["actor"]> },
  rows: (typeof cmi5Courses.$inferSelect)[],
): Promise<Cmi5CourseAdminView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const trees = await courseTrees(ctx.db, rows);
  const versions = await ctx.db
    .select()
    .from(cmi5Packages)
    .where(inArray(cmi5Packages.courseId, ids))
    .orderBy(desc(cmi5Packages.version));
  const offered = await ctx.db
    .select({ courseId: cmi5Offerings.courseId, classId: classes.id, name: classes.name })
    .from(cmi5Offerings)
    .innerJoin(classes, eq(classes.id, cmi5Offerings.classId))
    .where(inArray(cmi5Offerings.courseId, ids))
    .orderBy(asc(classes.name));
  const registrations = await ctx.db
    .select({ courseId: cmi5Registrations.courseId, n: count() })
    .from(cmi5Registrations)
    .where(inArray(cmi5Registrations.courseId, ids))
    .groupBy(cmi5Registrations.courseId);
  return trees.map((tree) => ({
    ...tree,
    versions: versions
      .filter((v) => v.courseId === tree.id)
      .map((v) => ({
        version: v.version,
        source: v.source,
        filename: v.filename,
        byteSize: v.byteSize,
        fileCount: v.fileCount,
        importedAt: v.importedAt,
      })),
    offeredTo: offered.filter((o) => o.courseId === tree.id).map(({ classId, name }) => ({ classId, name })),
    registrations: registrations.find((r) => r.courseId === tree.id)?.n ?? 0,
  }));
}

export const OfferCmi5CourseInput = z.object({
  classIds: z
    .array(z.uuid())
    .max(500)
    .transform((ids) => [...new Set(ids)]),
});
export type OfferCmi5CourseInput = z.input<typeof OfferCmi5CourseInput>;

/** Sets the classes the course is offered to (an empty list withdraws it from all). */
export async function offerCmi5Course(
  ctx: Ctx,
  courseId: string,
  raw: unknown,
): Promise<{ classIds: string[] }> {
  authorizeCourseAdministration(ctx, "offer");
  const actor = ctx.actor;
  const input = parseInput(OfferCmi5CourseInput, raw, "body");
  if (!z.uuid().safeParse(courseId).success) throw notFound("This course");
  return ctx.db.transaction(async (tx) => {
    const [course] = await tx
      .select({ id: cmi5Courses.id })
      .from(cmi5Courses)
      .where(and(eq(cmi5Courses.id, courseId), eq(cmi5Courses.organizationId, actor.organizationId)));
    if (!course) throw notFound("This course");
    if (input.classIds.length > 0) {
      const known = await tx
        .select({ id: classes.id })
        .from(classes)
        .where(and(eq(classes.organizationId, actor.organizationId), inArray(classes.id, input.classIds)));
      const missing = input.classIds.filter((id) => !known.some((k) => k.id === id));
      if (missing.length > 0)
        throw new AppError(
          "validation_failed",
          "Some fields are not valid.",
          missing.map((id) => ({
            path: `body.classIds[${input.classIds.indexOf(id)}]`,
            message: `No class ${id} in your organization.`,
          })),
        );
    }
    await tx.delete(cmi5Offerings).where(eq(cmi5Offerings.courseId, course.id));
    const now = ctx.now();
    if (input.classIds.length > 0)
      await tx.insert(cmi5Offerings).values(
        input.classIds.map((classId) => ({
          organizationId: actor.organizationId,
          courseId: course.id,
          classId,
          offeredBy: actor.userId,
          offeredAt: now,
        })),
      );
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "cmi5_course.offer",
      subjectType: "cmi5_course",
      subjectId: course.id,
      details: { classIds: input.classIds },
      at: now,
    });
    return { classIds: input.classIds };
  });
}

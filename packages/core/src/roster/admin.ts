/**
 * Roster administration for an organization's admins: schools, terms, classes, people and their
 * roles, enrollments and guardianships. Every write is validated (the field and the problem are
 * named), audited, and all-or-nothing. Only admins of the organization may call these.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { frameworks } from "../frameworks/schema.js";
import { roleEnum, userRoles, users } from "../identity/schema.js";
import { hashPassword } from "../identity/passwords.js";
import { applyDefaultAccommodations } from "../learners/accommodations.js";
import type { SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { SUPPORTED_LOCALES } from "../shared/locales.js";
import { parseInput } from "../shared/validate.js";
import { assertAdmin } from "../shared/admin.js";
import { classes, enrollmentRoleEnum, enrollments, guardianships, schools, terms } from "./schema.js";

const invalid = (path: string, message: string) =>
  new AppError("validation_failed", "Some fields are not valid.", [{ path, message }]);
/** A reference to something that is not in the caller's organization: not found, whoever has it. */
const unknownRef = (path: string, what: string) =>
  new AppError("not_found", `${what} was not found in your organization.`, [
    { path, message: `No such ${what.toLowerCase()}.` },
  ]);

async function audit(
  tx: Database,
  ctx: SignedInCtx,
  action: string,
  subjectType: string,
  subjectId: string,
  details: Record<string, unknown>,
) {
  await recordAudit(tx, {
    organizationId: ctx.actor.organizationId,
    actorId: ctx.actor.userId,
    action,
    subjectType,
    subjectId,
    details,
    at: ctx.now(),
  });
}

// ── Schools and terms ────────────────────────────────────────────────────────────────────────────

export const SchoolInput = z.object({ name: z.string().trim().min(1, "Name the school.").max(200) });

export async function createSchool(ctx: SignedInCtx, raw: unknown) {
  assertAdmin(ctx);
  const input = parseInput(SchoolInput, raw, "body");
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(schools)
      .values({ organizationId: ctx.actor.organizationId, name: input.name })
      .returning();
    await audit(tx, ctx, "school.create", "school", row!.id, { name: input.name });
    return row!;
  });
}

export async function listSchools(ctx: SignedInCtx) {
  assertAdmin(ctx);
  const [schoolRows, termRows] = await Promise.all([
    ctx.db
      .select()
      .from(schools)
      .where(eq(schools.organizationId, ctx.actor.organizationId))
      .orderBy(asc(schools.name)),
    ctx.db
      .select()
      .from(terms)
      .where(eq(terms.organizationId, ctx.actor.organizationId))
      .orderBy(asc(terms.startsOn)),
  ]);
  return schoolRows.map((s) => ({ ...s, terms: termRows.filter((t) => t.schoolId === s.id) }));
}

export const TermInput = z
  .object({
    schoolId: z.uuid(),
    name: z.string().trim().min(1, "Name the term.").max(200),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
  })
  .refine((t) => t.endsOn > t.startsOn, { path: ["endsOn"], message: "A term ends after it starts." });

async function assertOwnSchool(db: Database, organizationId: string, schoolId: string, path: string) {
  const [row] = await db
    .select({ id: schools.id })
    .from(schools)
    .where(and(eq(schools.organizationId, organizationId), eq(schools.id, schoolId)));
  if (!row) throw unknownRef(path, "School");
}

export async function createTerm(ctx: SignedInCtx, raw: unknown) {
  assertAdmin(ctx);
  const input = parseInput(TermInput, raw, "body");
  await assertOwnSchool(ctx.db, ctx.actor.organizationId, input.schoolId, "body.schoolId");
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(terms)
      .values({ organizationId: ctx.actor.organizationId, ...input })
      .returning();
    await audit(tx, ctx, "term.create", "term", row!.id, { ...input });
    return row!;
  });
}

// ── Classes ──────────────────────────────────────────────────────────────────────────────────────

export const ClassInput = z.object({
  schoolId: z.uuid(),
  termId: z.uuid(),
  name: z.string().trim().min(1, "Name the class.").max(200),
  grade: z
    .string()
    .trim()
    .regex(/^(PK|KG|TK|\d{2}|UG|PS|IT|Other)$/, "Use a CEDS grade code such as KG, 01 … 12.")
    .optional(),
  frameworkId: z.uuid().optional(),
});

export async function createClass(ctx: SignedInCtx, raw: unknown) {
  assertAdmin(ctx);
  const input = parseInput(ClassInput, raw, "body");
  const orgId = ctx.actor.organizationId;
  await assertOwnSchool(ctx.db, orgId, input.schoolId, "body.schoolId");
  const [term] = await ctx.db
    .select({ schoolId: terms.schoolId })
    .from(terms)
    .where(and(eq(terms.organizationId, orgId), eq(terms.id, input.termId)));
  if (!term) throw unknownRef("body.termId", "Term");
  if (term.schoolId !== input.schoolId) throw invalid("body.termId", "This is not a term of that school.");
  if (input.frameworkId) {
    const [framework] = await ctx.db
      .select({ id: frameworks.id })
      .from(frameworks)
      .where(and(eq(frameworks.organizationId, orgId), eq(frameworks.id, input.frameworkId)));
    if (!framework) throw unknownRef("body.frameworkId", "Framework");
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(classes)
      .values({
        organizationId: orgId,
        schoolId: input.schoolId,
        termId: input.termId,
        name: input.name,
        grade: input.grade ?? null,
        frameworkId: input.frameworkId ?? null,
      })
      .returning();
    await audit(tx, ctx, "class.create", "class", row!.id, { ...input });
    return row!;
  });
}

// ── People ───────────────────────────────────────────────────────────────────────────────────────

export const PersonInput = z.object({
  email: z.email("Give an email address.").max(320),
  givenName: z.string().trim().min(1, "Give a first name.").max(200),
  familyName: z.string().trim().min(1, "Give a family name.").max(200),
  roles: z.array(z.enum(roleEnum.enumValues)).min(1, "Give at least one role.").max(4),
  grade: z.string().trim().max(10).optional(),
  locale: z.enum(SUPPORTED_LOCALES).default("en"),
  /** Optional: without one, the person cannot sign in with a password until an admin sets one. */
  password: z.string().min(12, "Use at least 12 characters.").max(200).optional(),
});

export async function createPerson(ctx: SignedInCtx, raw: unknown) {
  assertAdmin(ctx);
  const input = parseInput(PersonInput, raw, "body");
  const orgId = ctx.actor.organizationId;
  const [taken] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${input.email})`);
  if (taken) throw invalid("body.email", "Someone already uses this email address.");
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        organizationId: orgId,
        email: input.email,
        givenName: input.givenName,
        familyName: input.familyName,
        grade: input.grade ?? null,
        locale: input.locale,
        passwordHash,
      })
      .returning();
    const roles = [...new Set(input.roles)];
    await tx
      .insert(userRoles)
      .values(roles.map((role) => ({ organizationId: orgId, userId: user!.id, role })));
    if (roles.includes("learner")) await applyDefaultAccommodations(tx, orgId, [user!.id], ctx.now());
    await audit(tx, ctx, "user.create", "user", user!.id, { email: input.email, roles });
    return personOut(user!, roles);
  });
}

function personOut(user: typeof users.$inferSelect, roles: string[]) {
  return {
    id: user.id,
    email: user.email,
    givenName: user.givenName,
    familyName: user.familyName,
    grade: user.grade,
    locale: user.locale,
    roles,
    canSignIn: user.passwordHash !== null && user.disabledAt === null,
    disabled: user.disabledAt !== null,
  };
}

export const ListPeopleInput = z.object({
  role: z.enum(roleEnum.enumValues).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export async function listPeople(ctx: SignedInCtx, raw: unknown) {
  assertAdmin(ctx);
  const input = parseInput(ListPeopleInput, raw, "query");
  const orgId = ctx.actor.organizationId;
  const pattern = input.q ? `%${input.q.replaceAll(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
  const rows = await ctx.db
    .select()
    .from(users)
    .where(
      and(
        eq(users.organizationId, orgId),
        input.role
          ? sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.role} = ${input.role})`
          : undefined,
        pattern
          ? sql`(${users.givenName} ilike ${pattern} or ${users.familyName} ilike ${pattern} or ${users.email} ilike ${pattern})`
          : undefined,
      ),
    )
    .orderBy(asc(users.familyName), asc(users.givenName), asc(users.id))
    .limit(input.limit + 1)
    .offset(input.offset);
  const page = rows.slice(0, input.limit);
  const roleRows = page.length
    ? await ctx.db
        .select()
        .from(userRoles)
        .where(
          inArray(
            userRoles.userId,
            page.map((u) => u.id),
          ),
        )
    : [];
  return {
    items: page.map((u) =>
      personOut(
        u,
        roleRows.filter((r) => r.userId === u.id).map((r) => r.role),
      ),
    ),
    nextOffset: rows.length > input.limit ? input.offset + input.limit : null,
  };
}

// ── Enrollments and guardianships ────────────────────────────────────────────────────────────────

export const EnrollmentInput = z.object({ userId: z.uuid(), role: z.enum(enrollmentRoleEnum.enumValues) });

const ROLE_FOR_ENROLLMENT = { learner: "learner", teacher: "teacher", "co-teacher": "teacher" } as const;

async function rolesOf(db: Database, organizationId: string, userId: string): Promise<string[] | null> {
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organizationId, organizationId), eq(users.id, userId)));
  if (!user) return null;
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((r) => r.role);
}

/** Enroll (or change the role in the class of) a person; their organization role must match. */
export async function enrollInClass(ctx: SignedInCtx, classId: string, raw: unknown) {
  assertAdmin(ctx);
  const input = parseInput(EnrollmentInput, raw, "body");
  const orgId = ctx.actor.organizationId;
  const [klass] = await ctx.db
    .select({ id: classes.id })
    .from(classes)
    .where(and(eq(classes.organizationId, orgId), eq(classes.id, classId)));
  if (!klass) throw notFound("The class");
  const roles = await rolesOf(ctx.db, orgId, input.userId);
  if (!roles) throw unknownRef("body.userId", "Person");
  if (!roles.includes(ROLE_FOR_ENROLLMENT[input.role]))
    throw invalid("body.role", `This person does not have the ${ROLE_FOR_ENROLLMENT[input.role]} role.`);
  return ctx.db.transaction(async (tx) => {
    await tx
      .insert(enrollments)
      .values({ organizationId: orgId, classId, userId: input.userId, role: input.role })
      .onConflictDoUpdate({ target: [enrollments.classId, enrollments.userId], set: { role: input.role } });
    await audit(tx, ctx, "enrollment.upsert", "class", classId, { ...input });
    return { classId, userId: input.userId, role: input.role };
  });
}

export async function removeFromClass(ctx: SignedInCtx, classId: string, userId: string) {
  assertAdmin(ctx);
  const [klass] = await ctx.db
    .select({ id: classes.id })
    .from(classes)
    .where(and(eq(classes.organizationId, ctx.actor.organizationId), eq(classes.id, classId)));
  if (!klass) throw notFound("The class");
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(enrollments)
      .where(
        and(
          eq(enrollments.organizationId, ctx.actor.organizationId),
          eq(enrollments.classId, classId),
          eq(enrollments.userId, userId),
        ),
      )
      .returning();
    if (removed.length) await audit(tx, ctx, "enrollment.remove", "class", classId, { userId });
  });
}

export const GUARDIAN_RELATIONSHIPS = [
  "mother",
  "father",
  "grandmother",
  "grandfather",
  "aunt",
  "uncle",
  "legal_guardian",
  "other",
] as const;

export const GuardianshipInput = z.object({
  guardianId: z.uuid(),
  learnerId: z.uuid(),
  relationship: z.enum(GUARDIAN_RELATIONSHIPS).default("legal_guardian"),
});

export async function linkGuardian(ctx: SignedInCtx, raw: unknown) {
  assertAdmin(ctx);
  const input = parseInput(GuardianshipInput, raw, "body");
  const orgId = ctx.actor.organizationId;
  const [guardianRoles, learnerRoles] = await Promise.all([
    rolesOf(ctx.db, orgId, input.guardianId),
    rolesOf(ctx.db, orgId, input.learnerId),
  ]);
  if (!guardianRoles) throw unknownRef("body.guardianId", "Person");
  if (!learnerRoles) throw unknownRef("body.learnerId", "Person");
  if (!guardianRoles.includes("guardian"))
    throw invalid("body.guardianId", "This person is not a guardian here.");
  if (!learnerRoles?.includes("learner"))
    throw invalid("body.learnerId", "This person is not a learner here.");
  return ctx.db.transaction(async (tx) => {
    await tx
      .insert(guardianships)
      .values({ organizationId: orgId, ...input })
      .onConflictDoUpdate({
        target: [guardianships.guardianId, guardianships.learnerId],
        set: { relationship: input.relationship },
      });
    await audit(tx, ctx, "guardianship.upsert", "user", input.learnerId, { ...input });
    return input;
  });
}

export async function unlinkGuardian(ctx: SignedInCtx, guardianId: string, learnerId: string) {
  assertAdmin(ctx);
  if (!(await rolesOf(ctx.db, ctx.actor.organizationId, learnerId))) throw notFound("The learner");
  await ctx.db.transaction(async (tx) => {
    const removed = await tx
      .delete(guardianships)
      .where(
        and(
          eq(guardianships.organizationId, ctx.actor.organizationId),
          eq(guardianships.guardianId, guardianId),
          eq(guardianships.learnerId, learnerId),
        ),
      )
      .returning();
    if (removed.length) await audit(tx, ctx, "guardianship.remove", "user", learnerId, { guardianId });
  });
}

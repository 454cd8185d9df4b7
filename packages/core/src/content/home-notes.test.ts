import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../audit/schema.js";
import { competencies, frameworks } from "../frameworks/schema.js";
import { schools, terms } from "../roster/schema.js";
import { AppError } from "../shared/errors.js";
import {
  buildClass,
  buildOrganization,
  buildUser,
  contextOf,
  enroll,
  linkGuardian,
} from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import {
  homeNotesOverview,
  getHomeNote,
  listHomeNotesToEdit,
  MAX_HOME_NOTE_LENGTH,
  setHomeNote,
} from "./home-notes.js";

let test: TestDatabase;
const now = () => new Date("2026-10-05T09:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the use-case to fail");
}

/** Two schools of one district: a math teacher at each, a learner and their guardian at the first. */
async function district() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const [school2] = await db.insert(schools).values({ organizationId: orgId, name: "Hillside" }).returning();
  const [term2] = await db
    .insert(terms)
    .values({
      organizationId: orgId,
      schoolId: school2!.id,
      name: "Fall",
      startsOn: "2026-08-24",
      endsOn: "2026-12-18",
    })
    .returning();
  const [math] = await db
    .insert(frameworks)
    .values({ organizationId: orgId, title: "Math", version: "1" })
    .returning();
  const competency = async (statement: string, retiredAt: Date | null = null) =>
    (
      await db
        .insert(competencies)
        .values({ organizationId: orgId, frameworkId: math!.id, statement, position: 0, depth: 0, retiredAt })
        .returning()
    )[0]!;
  const fractions = await competency("Add fractions with unlike denominators");
  const retired = await competency("An old standard", new Date("2026-01-01"));
  const klass = await buildClass(db, place, { frameworkId: math!.id });
  const otherClass = await buildClass(
    db,
    { ...place, school: school2!, term: term2! },
    { frameworkId: math!.id },
  );
  const teacher = await buildUser(db, orgId, ["teacher"], { givenName: "Tess", familyName: "Teacher" });
  const hillsideTeacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  const admin = await buildUser(db, orgId, ["admin"]);
  const away = await buildOrganization(db, "Away");
  const awayAdmin = await buildUser(db, away.organization.id, ["admin"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  await enroll(db, otherClass, hillsideTeacher.id, "teacher");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  return {
    db,
    school: place.school,
    school2: school2!,
    framework: math!,
    fractions,
    retired,
    asTeacher: contextOf(db, teacher, ["teacher"], now),
    asHillsideTeacher: contextOf(db, hillsideTeacher, ["teacher"], now),
    asLearner: contextOf(db, learner, ["learner"], now),
    asGuardian: contextOf(db, guardian, ["guardian"], now),
    asAdmin: contextOf(db, admin, ["admin"], now),
    asAwayAdmin: contextOf(db, awayAdmin, ["admin"], now),
    teacher,
  };
}

describe("at-home notes", () => {
  it("a teacher of the school writes a note for families, naming the version they edited", async () => {
    const d = await district();
    const body = "Cut a pizza or a paper strip into thirds and sixths, and ask which pieces make a half.";
    const none = await getHomeNote(d.asTeacher, d.school.id, d.fractions.id);
    expect(none).toMatchObject({ body: "", version: 0, updatedBy: null });

    expect(
      (await failure(setHomeNote(d.asTeacher, d.school.id, d.fractions.id, { body }, undefined))).code,
    ).toBe("precondition_required");
    const saved = await setHomeNote(d.asTeacher, d.school.id, d.fractions.id, { body, language: "en" }, 0);
    expect(saved).toMatchObject({ body, language: "en", version: 1 });
    expect(saved.updatedBy).toMatchObject({ givenName: "Tess", familyName: "Teacher" });

    // Someone else saved version 1 meanwhile: an edit based on version 0 is refused.
    expect(
      (await failure(setHomeNote(d.asAdmin, d.school.id, d.fractions.id, { body: "Other" }, 0))).code,
    ).toBe("precondition_failed");
    const audit = await d.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, d.fractions.id), eq(auditEvents.action, "home_note.set")));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ schoolId: d.school.id, version: 1 });

    // Without a language, the note is in the writer's language.
    const spanish = await setHomeNote(
      { ...d.asTeacher, actor: { ...d.asTeacher.actor, locale: "es" } },
      d.school.id,
      d.fractions.id,
      { body: "Corten una tortilla en tercios y sextos." },
      1,
    );
    expect(spanish).toMatchObject({ language: "es", version: 2 });
  });

  it("refuses notes that are too long or in no language, and competencies that are gone", async () => {
    const d = await district();
    const tooLong = await failure(
      setHomeNote(
        d.asTeacher,
        d.school.id,
        d.fractions.id,
        { body: "x".repeat(MAX_HOME_NOTE_LENGTH + 1) },
        0,
      ),
    );
    expect(tooLong.code).toBe("validation_failed");
    expect(tooLong.details[0]?.path).toBe("body.body");
    const badLanguage = await failure(
      setHomeNote(d.asTeacher, d.school.id, d.fractions.id, { body: "Hi", language: "English" }, 0),
    );
    expect(badLanguage.details[0]?.path).toBe("body.language");
    expect((await failure(setHomeNote(d.asTeacher, d.school.id, d.retired.id, { body: "Hi" }, 0))).code).toBe(
      "not_found",
    );
  });

  it("only staff of the school write its notes: not another school's teacher, a guardian or a learner", async () => {
    const d = await district();
    const attempt = (ctx: typeof d.asTeacher) =>
      failure(setHomeNote(ctx, d.school.id, d.fractions.id, { body: "Hi" }, 0));
    expect((await attempt(d.asHillsideTeacher)).code).toBe("forbidden");
    expect((await attempt(d.asGuardian)).code).toBe("forbidden");
    expect((await attempt(d.asLearner)).code).toBe("forbidden");
    expect((await attempt(d.asAwayAdmin)).code).toBe("not_found");
    expect((await failure(getHomeNote(d.asGuardian, d.school.id, d.fractions.id))).code).toBe("forbidden");
    // Each school writes its own: Hillside's teacher writes Hillside's note.
    const hillside = await setHomeNote(
      d.asHillsideTeacher,
      d.school2.id,
      d.fractions.id,
      { body: "Bake!" },
      0,
    );
    expect(hillside.version).toBe(1);
    expect((await getHomeNote(d.asTeacher, d.school.id, d.fractions.id)).version).toBe(0);
    // Admins write for every school of their organization.
    expect((await setHomeNote(d.asAdmin, d.school.id, d.fractions.id, { body: "Measure" }, 0)).version).toBe(
      1,
    );
  });

  it("shows staff the notes of their schools, and which competencies already have one", async () => {
    const d = await district();
    await setHomeNote(d.asTeacher, d.school.id, d.fractions.id, { body: "Share snacks fairly." }, 0);
    const mine = await listHomeNotesToEdit(d.asTeacher, d.fractions.id);
    expect(mine.competency.statement).toBe("Add fractions with unlike denominators");
    expect(mine.schools.map((s) => [s.school.id, s.note.body])).toEqual([
      [d.school.id, "Share snacks fairly."],
    ]);
    const admins = await listHomeNotesToEdit(d.asAdmin, d.fractions.id);
    expect(admins.schools.map((s) => s.note.version).sort()).toEqual([0, 1]);
    expect(await homeNotesOverview(d.asTeacher, d.framework.id)).toEqual({
      writesForSchools: true,
      competencyIds: [d.fractions.id],
    });
    expect((await homeNotesOverview(d.asHillsideTeacher, d.framework.id)).competencyIds).toEqual([]);
    expect((await homeNotesOverview(d.asGuardian, d.framework.id)).writesForSchools).toBe(false);
    expect((await failure(listHomeNotesToEdit(d.asGuardian, d.fractions.id))).code).toBe("forbidden");

    // Clearing the note removes the advice but keeps counting versions.
    const cleared = await setHomeNote(d.asTeacher, d.school.id, d.fractions.id, { body: "  " }, 1);
    expect(cleared).toMatchObject({ body: "", version: 2 });
    expect((await homeNotesOverview(d.asTeacher, d.framework.id)).competencyIds).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setHomeNote } from "../content/home-notes.js";
import { archiveResource, createResource } from "../content/resources.js";
import { recordEvidence } from "../evidence/record-evidence.js";
import { competencies, competencyEdges, frameworks } from "../frameworks/schema.js";
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
import { setAccommodations } from "./accommodations.js";
import { frameworkExampleOf, getHelpAtHome } from "./help-at-home.js";
import { createPlan, editPlan } from "./plans.js";
import { updateLearnerProfile } from "./profile.js";

let test: TestDatabase;
let clock = new Date("2026-10-05T09:00:00Z"); // a Monday
const now = () => {
  clock = new Date(clock.getTime() + 1000);
  return clock;
};

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

/** A fractions class at one school; the same framework taught at a second school of the district. */
async function family() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const [framework] = await db
    .insert(frameworks)
    .values({ organizationId: orgId, title: "Fractions", version: "1" })
    .returning();
  const competency = async (statement: string, position: number) =>
    (
      await db
        .insert(competencies)
        .values({ organizationId: orgId, frameworkId: framework!.id, statement, position, depth: 0 })
        .returning()
    )[0]!;
  const equivalent = await competency(
    "Recognize and generate simple equivalent fractions. *For example, 1/2 = 2/4, 4/6 = 2/3.*",
    0,
  );
  const addLike = await competency("Add fractions with like denominators.", 1);
  const addUnlike = await competency("Add fractions with unlike denominators.", 2);
  const decimals = await competency("Compare decimals to hundredths.", 3);
  const edge = (from: string, to: string) => ({
    organizationId: orgId,
    frameworkId: framework!.id,
    fromId: from,
    toId: to,
    kind: "prerequisite" as const,
  });
  await db.insert(competencyEdges).values([edge(equivalent.id, addLike.id), edge(addLike.id, addUnlike.id)]);
  const klass = await buildClass(db, place, { frameworkId: framework!.id });
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
  const hillsideClass = await buildClass(
    db,
    { ...place, school: school2!, term: term2! },
    { frameworkId: framework!.id },
  );
  const teacher = await buildUser(db, orgId, ["teacher"], { givenName: "Tess", familyName: "Teacher" });
  const hillsideTeacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  const otherGuardian = await buildUser(db, orgId, ["guardian"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  await enroll(db, hillsideClass, hillsideTeacher.id, "teacher");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  return {
    db,
    school: place.school,
    school2: school2!,
    equivalent,
    addLike,
    addUnlike,
    decimals,
    learner,
    asTeacher: contextOf(db, teacher, ["teacher"], now),
    asHillsideTeacher: contextOf(db, hillsideTeacher, ["teacher"], now),
    asLearner: contextOf(db, learner, ["learner"], now),
    asGuardian: contextOf(db, guardian, ["guardian"], now),
    asOtherGuardian: contextOf(db, otherGuardian, ["guardian"], now),
  };
}

const link = (competencyId: string, fields: Record<string, unknown>) => ({
  kind: "link",
  url: "https://example.org/fractions",
  competencyIds: [competencyId],
  modality: "video",
  expectedMinutes: 10,
  ...fields,
});

describe("how a family can help at home", () => {
  it("names what the child works on now — this week's commitments, then the plan — with the school's notes", async () => {
    const f = await family();
    const plan = await createPlan(f.asTeacher, f.learner.id, {
      title: "Fractions by December",
      goalCompetencyIds: [f.addUnlike.id],
      targetDate: "2026-12-18",
      weeklyMinutes: 90,
    });
    await editPlan(f.asTeacher, plan.plan.id, { commitThisWeek: [f.addLike.id] }, plan.plan.version);
    await setHomeNote(
      f.asTeacher,
      f.school.id,
      f.addLike.id,
      { body: "Cook with measuring cups.", language: "en" },
      0,
    );
    // Another school's note on the same competency is not this family's.
    await setHomeNote(f.asHillsideTeacher, f.school2.id, f.addLike.id, { body: "Hillside advice" }, 0);

    const help = await getHelpAtHome(f.asGuardian, f.learner.id);
    expect(help.competencies.map((c) => [c.id, c.why])).toEqual([
      [f.addLike.id, "this-week"],
      [f.equivalent.id, "next-in-plan"],
      [f.addUnlike.id, "next-in-plan"],
    ]);
    const [addLike, equivalent] = help.competencies;
    expect(addLike!.notes).toEqual([
      {
        schoolName: expect.any(String),
        body: "Cook with measuring cups.",
        language: "en",
        updatedAt: expect.any(Date),
        writtenBy: "Tess Teacher",
      },
    ]);
    // Without a note, the family still gets the framework's wording, shortened, and its own example.
    expect(equivalent!.notes).toEqual([]);
    expect(equivalent!.title).toBe("Recognize and generate simple equivalent fractions");
    expect(equivalent!.example).toBe("1/2 = 2/4, 4/6 = 2/3");
    expect(addLike!.example).toBeNull();
  });

  it("leaves out what the child has mastered, and adds what they are practising or reviewing", async () => {
    const f = await family();
    for (let i = 0; i < 8; i++)
      await recordEvidence(f.asLearner, {
        learnerId: f.learner.id,
        kind: "attempt",
        competencyIds: [f.equivalent.id],
        correct: true,
        idempotencyKey: `eq-${i}`,
      });
    await recordEvidence(f.asLearner, {
      learnerId: f.learner.id,
      kind: "attempt",
      competencyIds: [f.decimals.id],
      correct: false,
      idempotencyKey: "dec-1",
    });
    const help = await getHelpAtHome(f.asGuardian, f.learner.id);
    const ids = help.competencies.map((c) => c.id);
    expect(ids).toContain(f.decimals.id);
    expect(ids).not.toContain(f.equivalent.id);
    expect(help.competencies.find((c) => c.id === f.decimals.id)?.why).toBe("practising");
  });

  it("offers home-suitable links in the family's languages, the child's interests first", async () => {
    const f = await family();
    await recordEvidence(f.asLearner, {
      learnerId: f.learner.id,
      kind: "attempt",
      competencyIds: [f.decimals.id],
      correct: false,
      idempotencyKey: "dec-1",
    });
    await updateLearnerProfile(
      f.asLearner,
      f.learner.id,
      // Not shared with the family: used to choose the links, never shown.
      { interests: ["soccer"], languages: ["es"], sharedWithGuardians: [] },
      0,
    );
    const make = (fields: Record<string, unknown>) =>
      createResource(f.asTeacher, link(f.decimals.id, fields));
    await make({ title: "Decimals song", modality: "audio", expectedMinutes: 5 });
    await make({
      title: "Decimales en el fútbol",
      language: "es",
      interests: ["soccer"],
      expectedMinutes: 20,
    });
    await make({ title: "Class debate", modality: "discussion" });
    await make({ title: "Decimales en francés", language: "fr" });
    await createResource(f.asTeacher, {
      kind: "text",
      title: "Worksheet text",
      body: "Compare 0.5 and 0.45.",
      competencyIds: [f.decimals.id],
      modality: "reading",
      expectedMinutes: 10,
    });
    const archived = await make({ title: "Old video" });
    await archiveResource(f.asTeacher, archived.id, true);

    const help = await getHelpAtHome(f.asGuardian, f.learner.id);
    const decimals = help.competencies.find((c) => c.id === f.decimals.id)!;
    expect(decimals.links.map((l) => l.title)).toEqual(["Decimales en el fútbol", "Decimals song"]);
    expect(decimals.links[0]).toMatchObject({ url: "https://example.org/fractions", language: "es" });
  });

  it("turns the child's accommodations into things to mirror at home", async () => {
    const f = await family();
    expect((await getHelpAtHome(f.asGuardian, f.learner.id)).accommodations).toEqual([]);
    await setAccommodations(
      f.asTeacher,
      f.learner.id,
      { readAloud: true, breaks: true, extendedTimeFactor: 1.5, largeText: true },
      0,
    );
    expect((await getHelpAtHome(f.asGuardian, f.learner.id)).accommodations).toEqual([
      { kind: "read-aloud" },
      { kind: "breaks" },
      { kind: "extended-time", factor: 1.5 },
      { kind: "large-text" },
    ]);
  });

  it("is the child's family's to read, not another family's", async () => {
    const f = await family();
    expect((await failure(getHelpAtHome(f.asOtherGuardian, f.learner.id))).code).toBe("not_found");
    expect((await getHelpAtHome(f.asTeacher, f.learner.id)).learnerId).toBe(f.learner.id);
  });
});

describe("frameworkExampleOf", () => {
  it("finds the example a framework appends, without its markup", () => {
    expect(frameworkExampleOf("Apply properties. *For example, express 36 + 8 as 4 (9 + 2).*")).toBe(
      "express 36 + 8 as 4 (9 + 2)",
    );
    expect(frameworkExampleOf("Compare two fractions, e.g., by using visual models.")).toBe(
      "by using visual models",
    );
    expect(
      frameworkExampleOf(
        "Interpret products of whole numbers, e.g., interpret 5 × 7 as 5 groups of 7. For example, describe a context for 5 × 7.",
      ),
    ).toBe("describe a context for 5 × 7");
    expect(frameworkExampleOf("Add fractions with like denominators.")).toBeNull();
  });
});

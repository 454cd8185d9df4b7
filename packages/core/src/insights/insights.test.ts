import type { Role } from "../identity/schema.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvidence } from "../evidence/record-evidence.js";
import { competencies, frameworks } from "../frameworks/schema.js";
import { AppError } from "../shared/errors.js";
import {
  actorOf,
  buildClass,
  buildOrganization,
  buildUser,
  enroll,
  linkGuardian,
  contextOf,
} from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { getLearnerMastery } from "../personalization/get-learner-mastery.js";
import { classMasteryMatrix } from "./class-mastery-matrix.js";
import { classGrowth, growthCsv } from "./growth.js";
import { learnerTimeline } from "./learner-timeline.js";

let test: TestDatabase;
let clock = new Date("2026-09-01T09:00:00Z");
const now = () => clock;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

async function classroom() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const [framework] = await db
    .insert(frameworks)
    .values({ organizationId: orgId, title: "Fractions", version: "1" })
    .returning();
  const [compare, add] = await db
    .insert(competencies)
    .values([
      {
        organizationId: orgId,
        frameworkId: framework!.id,
        statement: "Compare fractions",
        humanCodingScheme: "4.NF.A.2",
        position: 0,
        depth: 0,
      },
      {
        organizationId: orgId,
        frameworkId: framework!.id,
        statement: "Add fractions, like denominators",
        humanCodingScheme: "4.NF.B.3",
        position: 1,
        depth: 0,
      },
    ])
    .returning();
  const klass = await buildClass(db, place, { frameworkId: framework!.id });
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"], { givenName: "Ana", familyName: "Díaz, Jr." });
  const quiet = await buildUser(db, orgId, ["learner"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  await enroll(db, klass, quiet.id, "learner");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  const ctx = (user: typeof teacher, roles: Role[]) => contextOf(db, user, roles, now);
  return {
    klass,
    compare: compare!,
    add: add!,
    learner,
    quiet,
    asTeacher: ctx(teacher, ["teacher"]),
    asLearner: ctx(learner, ["learner"]),
    asGuardian: ctx(guardian, ["guardian"]),
  };
}

async function answer(
  c: Awaited<ReturnType<typeof classroom>>,
  competencyId: string,
  correct: boolean,
  at: string,
) {
  clock = new Date(at);
  return recordEvidence(c.asLearner, {
    learnerId: c.learner.id,
    kind: "attempt",
    competencyIds: [competencyId],
    correct,
    idempotencyKey: `${competencyId}-${at}`,
  });
}

describe("the class mastery matrix", () => {
  it("holds each learner of the class with their own estimates, and no one else's", async () => {
    const c = await classroom();
    await answer(c, c.compare.id, true, "2026-09-02T10:00:00Z");
    await answer(c, c.compare.id, true, "2026-09-02T10:01:00Z");
    // A learner of another class of the same organization, with evidence of their own.
    const db = test.handle.db;
    const other = await buildClass(db, {
      organization: { id: c.klass.organizationId },
      school: { id: c.klass.schoolId },
      term: { id: c.klass.termId },
    });
    const elsewhere = await buildUser(db, c.klass.organizationId, ["learner"]);
    await enroll(db, other, elsewhere.id, "learner");
    await recordEvidence(contextOf(db, elsewhere, ["learner"], now), {
      learnerId: elsewhere.id,
      kind: "attempt",
      competencyIds: [c.add.id],
      correct: false,
      idempotencyKey: "elsewhere-1",
    });

    const matrix = await classMasteryMatrix(c.asTeacher, c.klass.id);
    expect(matrix.learners.map((l) => l.id).sort()).toEqual([c.learner.id, c.quiet.id].sort());
    expect(matrix.competencies.map((k) => k.code)).toEqual(["4.NF.A.2", "4.NF.B.3"]);
    expect(Object.keys(matrix.cells)).toEqual([c.learner.id]);
    const column = (id: string) => matrix.competencies.findIndex((k) => k.id === id);
    expect(matrix.cells[c.learner.id]).toHaveLength(2);
    const cell = matrix.cells[c.learner.id]![column(c.compare.id)]!;
    expect(cell.probability).toBeGreaterThan(0.5);
    expect(cell.lower).toBeLessThan(cell.probability);
    expect(cell.upper).toBeGreaterThan(cell.probability);
    // The same estimate, to the last digit, as the learner's own mastery page shows.
    const [stored] = await getLearnerMastery(c.asTeacher, c.learner.id);
    expect(cell).toEqual({
      probability: stored!.probability,
      lower: stored!.lower,
      upper: stored!.upper,
      status: stored!.status,
    });
    expect(matrix.cells[c.learner.id]![column(c.add.id)]).toBeNull();
  });

  it("is for the class's staff, not its learners", async () => {
    const c = await classroom();
    await expect(classMasteryMatrix(c.asLearner, c.klass.id)).rejects.toBeInstanceOf(AppError);
  });
});

describe("growth over a period", () => {
  it("reports every learner of the class, whatever the order of their names and ids", async () => {
    const c = await classroom();
    const db = test.handle.db;
    const names = ["Zoe", "Yara", "Xavi", "Wren", "Vic"];
    const learners = [];
    for (const givenName of names) {
      const learner = await buildUser(db, c.klass.organizationId, ["learner"], {
        givenName,
        familyName: "Lee",
      });
      await enroll(db, c.klass, learner.id, "learner");
      learners.push(learner);
    }
    for (const [i, learner] of learners.entries()) {
      clock = new Date(`2026-09-1${i}T10:00:00Z`);
      await recordEvidence(
        { db, actor: actorOf(learner, ["learner"]), now },
        {
          learnerId: learner.id,
          kind: "attempt",
          competencyIds: [c.compare.id],
          correct: true,
          idempotencyKey: `order-${learner.id}`,
        },
      );
    }
    clock = new Date("2026-11-01T09:00:00Z");
    const report = await classGrowth(c.asTeacher, c.klass.id, { from: "2026-09-01", to: "2026-09-30" });
    for (const learner of learners) expect(report.cells[learner.id]![c.compare.id]).toBeDefined();
  });

  it("starts from what was known before the period and ends with what was known at its end", async () => {
    const c = await classroom();
    await answer(c, c.compare.id, false, "2026-09-02T10:00:00Z");
    await answer(c, c.compare.id, false, "2026-09-03T10:00:00Z");
    for (const day of ["10", "11", "12", "13", "14", "15"])
      await answer(c, c.compare.id, true, `2026-09-${day}T10:00:00Z`);
    // After the period: must not change the report.
    await answer(c, c.add.id, true, "2026-10-20T10:00:00Z");
    clock = new Date("2026-11-01T09:00:00Z");

    const report = await classGrowth(c.asTeacher, c.klass.id, { from: "2026-09-05", to: "2026-09-30" });
    const cell = report.cells[c.learner.id]![c.compare.id]!;
    expect(cell.start).toBeLessThan(0.3);
    expect(cell.end).toBeGreaterThan(0.9);
    expect(cell).toMatchObject({ masteredAtStart: false, masteredAtEnd: true });
    expect(report.cells[c.learner.id]![c.add.id]).toBeUndefined();
    expect(report.cells[c.quiet.id]).toEqual({});
    expect(report.byCompetency.find((x) => x.competencyId === c.compare.id)).toMatchObject({
      learnersWithEvidence: 1,
      masteredStart: 0,
      masteredEnd: 1,
    });
    expect(report.byLearner.find((x) => x.learnerId === c.learner.id)).toMatchObject({
      masteredStart: 0,
      masteredEnd: 1,
    });
    expect(report.byLearner.find((x) => x.learnerId === c.quiet.id)!.meanGain).toBeNull();

    // The same question asked again later gives the same answer.
    await answer(c, c.compare.id, false, "2026-10-25T10:00:00Z");
    clock = new Date("2026-11-02T09:00:00Z");
    expect(await classGrowth(c.asTeacher, c.klass.id, { from: "2026-09-05", to: "2026-09-30" })).toEqual(
      report,
    );

    const csv = growthCsv(report).trim().split("\n");
    expect(csv[0]).toBe("learner,competency_code,competency,p_start,p_end,mastered_start,mastered_end");
    expect(csv).toHaveLength(2);
    expect(csv[1]).toMatch(
      /^"Ana Díaz, Jr\.",4\.NF\.A\.2,Compare fractions,0\.\d{3},(0\.9\d{2}|1\.000),false,true$/,
    );
  });

  it("is for staff, and refuses a backwards period naming the field", async () => {
    const c = await classroom();
    await expect(
      classGrowth(c.asLearner, c.klass.id, { from: "2026-09-01", to: "2026-09-30" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const error = await classGrowth(c.asTeacher, c.klass.id, { from: "2026-09-30", to: "2026-09-01" }).catch(
      (e: AppError) => e,
    );
    expect((error as AppError).details).toEqual([
      { path: "query.to", message: "The end of the period comes after its start." },
    ]);
  });
});

describe("the learner timeline", () => {
  it("pages through evidence newest first with no entry twice or missed", async () => {
    const c = await classroom();
    for (let i = 0; i < 7; i++)
      await answer(c, i % 2 ? c.add.id : c.compare.id, i % 3 !== 0, `2026-09-0${i + 1}T10:00:00Z`);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await learnerTimeline(c.asTeacher, c.learner.id, { limit: 3, cursor });
      seen.push(...page.items.map((e) => e.id));
      for (let i = 1; i < page.items.length; i++)
        expect(page.items[i - 1]!.at >= page.items[i]!.at).toBe(true);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const [newest] = (await learnerTimeline(c.asGuardian, c.learner.id, { limit: 1 })).items;
    expect(newest).toMatchObject({
      type: "evidence",
      kind: "attempt",
      competencies: [{ id: c.compare.id, statement: "Compare fractions" }],
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvidence } from "../evidence/record-evidence.js";
import { competencies, competencyEdges, frameworks } from "../frameworks/schema.js";
import { listDecisions } from "../personalization/list-decisions.js";
import { createPlan } from "../learners/plans.js";
import { AppError } from "../shared/errors.js";
import { actorOf, buildClass, buildOrganization, buildUser, enroll } from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { classAlerts } from "./class-alerts.js";
import { createGroupSession, listGroupSessions, suggestClassGroups } from "./class-groups.js";

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
    .values(
      ["Compare fractions", "Add fractions, like denominators"].map((statement, position) => ({
        organizationId: orgId,
        frameworkId: framework!.id,
        statement,
        position,
        depth: 0,
      })),
    )
    .returning();
  await db.insert(competencyEdges).values({
    organizationId: orgId,
    frameworkId: framework!.id,
    fromId: compare!.id,
    toId: add!.id,
    kind: "prerequisite",
  });
  const klass = await buildClass(db, place, { frameworkId: framework!.id });
  const teacher = await buildUser(db, orgId, ["teacher"]);
  await enroll(db, klass, teacher.id, "teacher");
  const learners: Awaited<ReturnType<typeof buildUser>>[] = [];
  for (const givenName of ["Ana", "Ben", "Cai", "Dee"]) {
    const learner = await buildUser(db, orgId, ["learner"], { givenName });
    await enroll(db, klass, learner.id, "learner");
    learners.push(learner);
  }
  const asTeacher = { db, actor: actorOf(teacher, ["teacher"]), now };
  const asLearner = (i: number) => ({ db, actor: actorOf(learners[i]!, ["learner"]), now });
  return { klass, compare: compare!, add: add!, learners, asTeacher, asLearner };
}

type Room = Awaited<ReturnType<typeof classroom>>;

async function answer(room: Room, who: number, competencyId: string, correct: boolean, seconds?: number) {
  clock = new Date(clock.getTime() + 60_000);
  return recordEvidence(room.asLearner(who), {
    learnerId: room.learners[who]!.id,
    kind: "attempt",
    competencyIds: [competencyId],
    correct,
    ...(seconds === undefined ? {} : { durationSeconds: seconds }),
    idempotencyKey: `${who}-${clock.toISOString()}`,
  });
}

describe("suggested small groups", () => {
  it("groups the learners ready for the same next step and records why for each member of a session", async () => {
    const room = await classroom();
    for (const who of [0, 1, 2]) for (let k = 0; k < 6; k++) await answer(room, who, room.compare.id, true);

    const suggestion = await suggestClassGroups(room.asTeacher, room.klass.id, {
      minSize: "2",
      maxSize: "4",
    });
    expect(suggestion.groups).toHaveLength(1);
    const [group] = suggestion.groups;
    expect(group!.competency.title).toBe("Add fractions, like denominators");
    expect(group!.learners.map((l) => l.givenName).sort()).toEqual(["Ana", "Ben", "Cai"]);
    expect(group!.why).toContain("ready to work on Add fractions, like denominators");
    expect(suggestion.ungrouped.map((l) => l.givenName)).toEqual(["Dee"]);

    const session = await createGroupSession(room.asTeacher, room.klass.id, {
      competencyId: room.add.id,
      learnerIds: group!.learners.map((l) => l.id),
      title: "Adding fractions with fraction strips",
    });
    expect((await listGroupSessions(room.asTeacher, room.klass.id)).map((s) => s.id)).toEqual([session.id]);
    const ledger = await listDecisions(room.asLearner(0), room.learners[0]!.id, {});
    const grouping = ledger.items.find((d) => d.what === "grouping")!;
    expect(grouping.who.kind).toBe("teacher");
    expect(grouping.why).toContain("suggested activity: Adding fractions with fraction strips");
  });

  it("refuses bounds the wrong way round and learners from outside the class, naming the field", async () => {
    const room = await classroom();
    await expect(
      suggestClassGroups(room.asTeacher, room.klass.id, { minSize: "5", maxSize: "2" }),
    ).rejects.toMatchObject({ details: [{ path: "query.maxSize" }] });
    const stranger = await buildUser(test.handle.db, room.klass.organizationId, ["learner"]);
    await expect(
      createGroupSession(room.asTeacher, room.klass.id, {
        competencyId: room.add.id,
        learnerIds: [room.learners[0]!.id, stranger.id],
        title: "Group",
      }),
    ).rejects.toMatchObject({ details: [{ path: "body.learnerIds[1]" }] });
  });

  it("is for the class's staff only", async () => {
    const room = await classroom();
    await expect(suggestClassGroups(room.asLearner(0), room.klass.id, {})).rejects.toBeInstanceOf(AppError);
    await expect(classAlerts(room.asLearner(0), room.klass.id)).rejects.toBeInstanceOf(AppError);
  });
});

describe("class alerts", () => {
  it("names the stuck learner, the rapid guesser and the inactive one, each with the evidence behind it", async () => {
    const room = await classroom();
    clock = new Date("2026-09-01T09:00:00Z");
    const stuck = [];
    for (let k = 0; k < 6; k++) stuck.push((await answer(room, 0, room.compare.id, false, 45)).id);
    const rapid = [];
    for (let k = 0; k < 10; k++)
      rapid.push((await answer(room, 1, room.compare.id, k % 2 === 0, k < 8 ? 2 : 30)).id);
    await answer(room, 2, room.compare.id, true, 40);
    clock = new Date("2026-09-04T09:00:00Z");
    // Cai answered once, at 09:17 on the first day.
    const early = await classAlerts(room.asTeacher, room.klass.id);
    expect(early.alerts.find((a) => a.kind === "stuck" && a.learner.givenName === "Ana")).toMatchObject({
      learner: { givenName: "Ana" },
      competencyId: room.compare.id,
      evidence: stuck.slice(-5),
    });
    const guessing = early.alerts.find((a) => a.kind === "rapid-guessing")!;
    expect(guessing.learner.givenName).toBe("Ben");
    expect(guessing.evidence).toEqual(rapid.slice(0, 8));
    expect(guessing.why).toBe("8 of the last 10 answers came in under 5 seconds each.");
    expect(early.alerts.some((a) => a.kind === "inactive" && a.learner.givenName === "Cai")).toBe(false);

    clock = new Date("2026-09-20T09:00:00Z");
    const later = await classAlerts(room.asTeacher, room.klass.id);
    const cai = later.alerts.find((a) => a.kind === "inactive" && a.learner.givenName === "Cai")!;
    expect(cai.why).toBe("No activity for 18 days.");
  });

  it("names a learner whose plan is behind, with the plan as its evidence", async () => {
    const room = await classroom();
    clock = new Date("2026-09-01T09:00:00Z");
    const plan = await createPlan(room.asTeacher, room.learners[3]!.id, {
      title: "Fractions before the break",
      goalCompetencyIds: [room.compare.id, room.add.id],
      targetDate: "2026-09-08",
      weeklyMinutes: 15,
    });
    expect(plan.pacing?.status).toBe("behind");
    const { alerts } = await classAlerts(room.asTeacher, room.klass.id);
    const behind = alerts.find((a) => a.kind === "behind-pace")!;
    expect(behind.learner.givenName).toBe("Dee");
    expect(behind.evidence).toEqual([plan.plan.id]);
    expect(behind.why).toBe(`Behind the plan by ${plan.pacing!.days} days.`);
  });
});

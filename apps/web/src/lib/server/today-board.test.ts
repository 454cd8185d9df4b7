import { and, asc, eq, notExists, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contestDecision,
  loadConfig,
  overrideDecision,
  seedDemoSchoolIfEmpty,
  type DemoSeedResult,
  type SignedInCtx,
} from "@pathwise/core";
import {
  actorOf,
  competencies,
  competencyEdges,
  createTestDatabase,
  decisions,
  resourceCompetencies,
  resources,
  users,
  type TestDatabase,
} from "@pathwise/core/testing";
import { boardGivenToday, freshBoard, todaysBoard } from "./today-board.js";

let test: TestDatabase;
let demo: DemoSeedResult;
let clock = new Date("2026-10-05T14:00:00Z");
const now = () => clock;

async function ctxOf(role: "learner" | "teacher" | "guardian"): Promise<SignedInCtx> {
  const email = demo.signIns.find((s) => s.role === role)!.email;
  const [user] = await test.handle.db.select().from(users).where(eq(users.email, email));
  return { db: test.handle.db, actor: actorOf(user!, [role]), now };
}

async function decisionCount(learnerId: string) {
  const [row] = await test.handle.db
    .select({ n: sql<number>`count(*)::int` })
    .from(decisions)
    .where(eq(decisions.learnerId, learnerId));
  return row!.n;
}

beforeAll(async () => {
  test = await createTestDatabase();
  demo = (await seedDemoSchoolIfEmpty(test.handle.db, loadConfig({}).demoFrameworkFile, now))!;
  const db = test.handle.db;
  // Grade 5 skills a newcomer is ready for (no prerequisite), each with two resources.
  const skills = await db
    .select({ id: competencies.id, code: competencies.humanCodingScheme })
    .from(competencies)
    .where(
      and(
        eq(competencies.itemType, "Measured Skill"),
        sql`'05' = any(${competencies.educationLevels})`,
        notExists(
          db
            .select()
            .from(competencyEdges)
            .where(and(eq(competencyEdges.toId, competencies.id), eq(competencyEdges.kind, "prerequisite"))),
        ),
      ),
    )
    .orderBy(asc(competencies.position))
    .limit(5);
  for (const skill of skills) {
    for (const modality of ["video", "reading"] as const) {
      const [resource] = await db
        .insert(resources)
        .values({
          organizationId: demo.organizationId,
          title: `${modality} on ${skill.code}`,
          kind: "link",
          url: "https://example.org/lesson",
          modality,
          expectedMinutes: 10,
        })
        .returning();
      await db
        .insert(resourceCompetencies)
        .values({ organizationId: demo.organizationId, resourceId: resource!.id, competencyId: skill.id });
    }
  }
});
afterAll(async () => test.close());

describe("today's board", () => {
  it("is built once a day: opening the page again shows the same options and writes nothing new", async () => {
    const learner = await ctxOf("learner");
    const me = learner.actor.userId;
    expect(await boardGivenToday(learner, me)).toBeNull();
    const first = await todaysBoard(learner, me);
    expect(first.options.length).toBeGreaterThanOrEqual(3);
    expect(first.short).toBe(false);
    for (const option of first.options) expect(option.why).toMatch(/\S/);
    const written = await decisionCount(me);
    expect(written).toBe(first.options.length);

    clock = new Date("2026-10-05T18:30:00Z");
    const again = await todaysBoard(learner, me);
    expect(again.options.map((o) => o.decisionId).sort()).toEqual(
      first.options.map((o) => o.decisionId).sort(),
    );
    expect(again.options.map((o) => o.why).sort()).toEqual(first.options.map((o) => o.why).sort());
    expect(await decisionCount(me)).toBe(written);
  });

  it("shows the learner's 'not this' and the teacher's override on the option they are about", async () => {
    const learner = await ctxOf("learner");
    const teacher = await ctxOf("teacher");
    const me = learner.actor.userId;
    const board = (await boardGivenToday(learner, me))!;
    const [contested, overridden] = board.options;
    await contestDecision(learner, contested!.decisionId, { reason: "I did this one last week." });
    await overrideDecision(teacher, overridden!.decisionId, {
      reason: "Work with Ana on the group project instead.",
    });

    const seen = (await boardGivenToday(learner, me))!;
    expect(seen.options).toHaveLength(board.options.length);
    const byId = new Map(seen.options.map((o) => [o.decisionId, o]));
    expect(byId.get(contested!.decisionId)!.contests).toEqual([
      expect.objectContaining({ status: "open", reason: "I did this one last week." }),
    ]);
    expect(byId.get(overridden!.decisionId)!.override).toMatchObject({
      why: "Work with Ana on the group project instead.",
    });
    expect(byId.get(contested!.decisionId)!.override).toBeNull();
  });

  it("is new the next day, and when the learner asks for a fresh one", async () => {
    const learner = await ctxOf("learner");
    const me = learner.actor.userId;
    const today = (await boardGivenToday(learner, me))!.options.map((o) => o.decisionId);

    const fresh = await freshBoard(learner, me);
    const freshIds = fresh.options.map((o) => o.decisionId);
    expect(freshIds.some((id) => today.includes(id))).toBe(false);
    expect((await boardGivenToday(learner, me))!.options.map((o) => o.decisionId).sort()).toEqual(
      [...freshIds].sort(),
    );

    clock = new Date("2026-10-06T08:00:00Z");
    expect(await boardGivenToday(learner, me)).toBeNull();
    const tomorrow = await todaysBoard(learner, me);
    expect(tomorrow.options.length).toBeGreaterThanOrEqual(3);
    expect(tomorrow.options.some((o) => freshIds.includes(o.decisionId))).toBe(false);
  });

  it("may be asked for by the learner, not by their family (who may only read it)", async () => {
    const guardian = await ctxOf("guardian");
    const learner = await ctxOf("learner");
    const me = learner.actor.userId;
    const seen = await boardGivenToday(guardian, me);
    expect(seen?.options.map((o) => o.decisionId).sort()).toEqual(
      (await boardGivenToday(learner, me))!.options.map((o) => o.decisionId).sort(),
    );
    const before = await decisionCount(me);
    await expect(freshBoard(guardian, me)).rejects.toMatchObject({ code: "forbidden" });
    expect(await decisionCount(me)).toBe(before);
  });
});

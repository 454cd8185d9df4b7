import type { Role } from "../identity/schema.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itemCompetencies, items, type ItemBody } from "../content/schema.js";
import { evidence } from "../evidence/schema.js";
import { competencies, competencyEdges, frameworks } from "../frameworks/schema.js";
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
import { classGrowth } from "../insights/growth.js";
import { answerDiagnosis, finishDiagnosis, getDiagnosis, startDiagnosis } from "./diagnosis-sessions.js";
import { getLearnerMastery } from "./get-learner-mastery.js";
import { competencyMastery } from "./schema.js";
import { scoreDiagnosisAnswer } from "./score-diagnosis-answer.js";

let test: TestDatabase;
const now = () => new Date("2026-10-05T09:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

const choice = (correct: string): ItemBody => ({
  kind: "single_choice",
  choices: [
    { id: "a", text: "1/2" },
    { id: "b", text: "2/3" },
    { id: "c", text: "3/4" },
  ],
  correct,
});

/** A chain of four competencies; the third has no item, so it can only be inferred. */
async function placementClass() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const [framework] = await db
    .insert(frameworks)
    .values({ organizationId: orgId, title: "Fractions", version: "1" })
    .returning();
  const chain: (typeof competencies.$inferSelect)[] = [];
  for (const [i, statement] of [
    "Unit fractions",
    "Equivalent fractions",
    "Compare fractions",
    "Add fractions",
  ].entries())
    chain.push(
      (
        await db
          .insert(competencies)
          .values({ organizationId: orgId, frameworkId: framework!.id, statement, position: i, depth: 0 })
          .returning()
      )[0]!,
    );
  await db.insert(competencyEdges).values(
    chain.slice(1).map((c, i) => ({
      organizationId: orgId,
      frameworkId: framework!.id,
      fromId: chain[i]!.id,
      toId: c.id,
      kind: "prerequisite" as const,
    })),
  );
  const itemOf = new Map<string, { id: string; body: ItemBody }>();
  for (const [i, c] of chain.entries()) {
    if (i === 2) continue;
    const body: ItemBody =
      i === 3 ? { kind: "numeric", answer: 0.75, tolerance: 0.01 } : choice(i === 0 ? "a" : "b");
    const [item] = await db
      .insert(items)
      .values({ organizationId: orgId, kind: body.kind, stem: `Question on ${c.statement}`, body })
      .returning();
    await db.insert(itemCompetencies).values({ organizationId: orgId, itemId: item!.id, competencyId: c.id });
    itemOf.set(c.id, { id: item!.id, body });
  }
  // A short-text item cannot be scored at once, so it never makes the third competency askable.
  const [essay] = await db
    .insert(items)
    .values({
      organizationId: orgId,
      kind: "short_text",
      stem: "Explain how to compare 2/3 and 3/4",
      body: { kind: "short_text", modelAnswer: "Common denominators" },
    })
    .returning();
  await db
    .insert(itemCompetencies)
    .values({ organizationId: orgId, itemId: essay!.id, competencyId: chain[2]!.id });

  const klass = await buildClass(db, place, { frameworkId: framework!.id });
  const learner = await buildUser(db, orgId, ["learner"]);
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  const stranger = await buildUser(db, orgId, ["teacher"]);
  await enroll(db, klass, learner.id, "learner");
  await enroll(db, klass, teacher.id, "teacher");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  const ctx = (user: typeof learner, roles: Role[]) => contextOf(db, user, roles, now);
  return {
    db,
    klass,
    chain,
    itemOf,
    learner,
    asLearner: ctx(learner, ["learner"]),
    asTeacher: ctx(teacher, ["teacher"]),
    asGuardian: ctx(guardian, ["guardian"]),
    asStranger: ctx(stranger, ["teacher"]),
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** Answer as a learner who knows everything. */
function rightAnswer(body: ItemBody): string | number {
  if (body.kind === "single_choice") return body.correct;
  if (body.kind === "numeric") return body.answer;
  throw new Error("not asked in a placement");
}

describe("scoreDiagnosisAnswer", () => {
  it("scores like any item answer, taking the bare value or the item's response shape", () => {
    expect(scoreDiagnosisAnswer(choice("b"), "b")).toBe(true);
    expect(scoreDiagnosisAnswer(choice("b"), "a")).toBe(false);
    expect(scoreDiagnosisAnswer(choice("b"), { choiceId: "b" })).toBe(true);
    const multiple: ItemBody = {
      kind: "multiple_choice",
      choices: ["a", "b", "c"].map((id) => ({ id, text: id })),
      correct: ["a", "c"],
    };
    expect(scoreDiagnosisAnswer(multiple, ["c", "a"])).toBe(true);
    expect(scoreDiagnosisAnswer(multiple, ["a"])).toBe(false);
    expect(scoreDiagnosisAnswer(multiple, ["a", "b", "c"])).toBe(false);
    const numeric: ItemBody = { kind: "numeric", answer: 0.75, tolerance: 0.01 };
    expect(scoreDiagnosisAnswer(numeric, 0.755)).toBe(true);
    expect(scoreDiagnosisAnswer(numeric, "0.74")).toBe(true);
    expect(scoreDiagnosisAnswer(numeric, 0.7)).toBe(false);
    expect(scoreDiagnosisAnswer({ kind: "short_text", modelAnswer: "x" }, "x")).toBeNull();
  });

  it("refuses an answer that is not one of the item's choices or not a number, naming the field", () => {
    expect(() => scoreDiagnosisAnswer(choice("b"), "z")).toThrow(AppError);
    const numeric: ItemBody = { kind: "numeric", answer: 0.75, tolerance: 0.01 };
    try {
      scoreDiagnosisAnswer(numeric, "three quarters");
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).details[0]!.path).toBe("body.response.value");
    }
  });
});

describe("a placement", () => {
  it("asks only what has items, hides the key, resumes, and writes its result as evidence and state", async () => {
    const c = await placementClass();
    const { session, resumed } = await startDiagnosis(c.asLearner, c.learner.id, {});
    expect(resumed).toBe(false);
    expect(session.question).not.toBeNull();
    expect(JSON.stringify(session.question)).not.toMatch(/correct|answer/);
    // Starting again resumes the same session at the same question.
    const again = await startDiagnosis(c.asLearner, c.learner.id, {});
    expect(again).toMatchObject({ resumed: true, session: { id: session.id, question: session.question } });

    const notAsked = [...c.itemOf.values()].find((item) => item.id !== session.question!.itemId)!;
    const wrongItem = await failure(
      answerDiagnosis(c.asLearner, session.id, { itemId: notAsked.id, response: "a" }),
    );
    expect(wrongItem.code).toBe("conflict");
    expect(
      (
        await failure(
          answerDiagnosis(c.asGuardian, session.id, { itemId: session.question!.itemId, response: "a" }),
        )
      ).code,
    ).toBe("forbidden");

    let current = session;
    const asked: string[] = [];
    while (current.status === "in_progress") {
      const q = current.question!;
      asked.push(q.competencyId);
      const item = [...c.itemOf.values()].find((i) => i.id === q.itemId)!;
      current = await answerDiagnosis(c.asLearner, current.id, {
        itemId: q.itemId,
        response: rightAnswer(item.body),
      });
    }
    expect(asked).not.toContain(c.chain[2]!.id);
    expect(new Set(asked).size).toBe(asked.length);
    expect(current.result!.competencies).toHaveLength(4);
    // All right: every competency, the unasked one too, comes out more likely mastered than not.
    for (const estimate of current.result!.competencies) expect(estimate.probability).toBeGreaterThan(0.5);
    expect(current.result!.competencies.find((e) => e.competencyId === c.chain[2]!.id)?.asked).toBe(false);

    const rows = await c.db
      .select()
      .from(evidence)
      .where(and(eq(evidence.learnerId, c.learner.id), eq(evidence.kind, "diagnosis")));
    expect(rows).toHaveLength(4);
    const placed = current.result!.competencies.filter((e) => e.status !== "not-enough-data");
    const mastery = await getLearnerMastery(c.asGuardian, c.learner.id);
    expect(mastery.map((m) => m.competencyId).sort()).toEqual(placed.map((e) => e.competencyId).sort());
    // A replay of the evidence (growth over the term) reads what the live state says.
    const growth = await classGrowth(c.asTeacher, c.klass.id, { from: "2026-09-01", to: "2026-10-31" });
    expect(
      Object.entries(growth.cells[c.learner.id] ?? {})
        .map(([id, cell]) => [id, cell.end.toFixed(4)])
        .sort(),
    ).toEqual(mastery.map((m) => [m.competencyId, m.probability.toFixed(4)]).sort());
    expect((await getDiagnosis(c.asTeacher, session.id)).status).toBe("finished");
    expect((await failure(getDiagnosis(c.asStranger, session.id))).code).toBe("not_found");
    expect((await failure(finishDiagnosis(c.asLearner, session.id))).code).toBe("conflict");
  });

  it("stops when the learner asks, from the answers so far; only confident estimates become state", async () => {
    const c = await placementClass();
    const { session } = await startDiagnosis(c.asTeacher, c.learner.id, {});
    expect((await failure(finishDiagnosis(c.asLearner, session.id))).code).toBe("conflict");
    const q = session.question!;
    const item = [...c.itemOf.values()].find((i) => i.id === q.itemId)!;
    const wrong = item.body.kind === "numeric" ? 0.1 : "c";
    const answered = await answerDiagnosis(c.asLearner, session.id, { itemId: q.itemId, response: wrong });
    expect(answered.questionsAsked).toBe(1);
    const done = await finishDiagnosis(c.asLearner, session.id);
    expect(done.result?.stoppedBecause).toBe("stopped-by-learner");
    const asked = done.result!.competencies.find((e) => e.competencyId === q.competencyId)!;
    expect(asked.probability).toBeLessThan(0.5);
    const rows = await c.db
      .select()
      .from(competencyMastery)
      .where(eq(competencyMastery.learnerId, c.learner.id));
    for (const row of rows)
      expect(done.result!.competencies.find((e) => e.competencyId === row.competencyId)!.status).not.toBe(
        "not-enough-data",
      );
  });

  it("refuses a framework the learner has no class on", async () => {
    const c = await placementClass();
    const error = await failure(startDiagnosis(c.asLearner, c.learner.id, { frameworkId: c.chain[0]!.id }));
    expect(error.details[0]?.path).toBe("body.frameworkId");
  });

  it("trusts a right answer less when the item is easy to guess", async () => {
    const db = test.handle.db;
    const placeAfterOneRightAnswer = async (guessRate: number) => {
      const place = await buildOrganization(db);
      const orgId = place.organization.id;
      const [framework] = await db
        .insert(frameworks)
        .values({ organizationId: orgId, title: "Fractions", version: "1" })
        .returning();
      const [only] = await db
        .insert(competencies)
        .values({
          organizationId: orgId,
          frameworkId: framework!.id,
          statement: "Halves",
          position: 0,
          depth: 0,
        })
        .returning();
      const [item] = await db
        .insert(items)
        .values({
          organizationId: orgId,
          kind: "single_choice",
          stem: "Half of 8?",
          body: choice("a"),
          guessRate,
        })
        .returning();
      await db
        .insert(itemCompetencies)
        .values({ organizationId: orgId, itemId: item!.id, competencyId: only!.id });
      const klass = await buildClass(db, place, { frameworkId: framework!.id });
      const learner = await buildUser(db, orgId, ["learner"]);
      await enroll(db, klass, learner.id, "learner");
      const ctx = { db, actor: actorOf(learner, ["learner"]), now };
      const { session } = await startDiagnosis(ctx, learner.id, {});
      const done = await answerDiagnosis(ctx, session.id, { itemId: item!.id, response: "a" });
      return done.result!.competencies[0]!.probability;
    };
    expect(await placeAfterOneRightAnswer(0.5)).toBeLessThan(await placeAfterOneRightAnswer(0.05));
  });
});

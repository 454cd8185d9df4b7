import type { Role } from "../identity/schema.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvidence } from "../evidence/record-evidence.js";
import { competencies, competencyEdges, frameworks } from "../frameworks/schema.js";
import { profileOf } from "../personalization/board-inputs.js";
import { listDecisions } from "../personalization/list-decisions.js";
import { decisions } from "../personalization/schema.js";
import { AppError } from "../shared/errors.js";
import {
  buildClass,
  buildOrganization,
  buildUser,
  enroll,
  linkGuardian,
  contextOf,
} from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { getAccommodations, myDisplayAccommodations, setAccommodations } from "./accommodations.js";
import { addGoalCheckIn, createGoal, listGoalCheckIns, listGoals, updateGoal } from "./goals.js";
import {
  commentOnPlan,
  createPlan,
  decidePlanProposal,
  editPlan,
  getPlan,
  planHistory,
  proposePlanChange,
  replan,
  withdrawPlanProposal,
} from "./plans.js";
import { getLearnerProfile, updateLearnerProfile } from "./profile.js";

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

/** A class on fractions: equivalent → add like → add unlike (each the prerequisite of the next). */
async function classroom() {
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
  const equivalent = await competency("Recognize equivalent fractions", 0);
  const addLike = await competency("Add fractions with like denominators", 1);
  const addUnlike = await competency("Add fractions with unlike denominators", 2);
  const edge = (from: string, to: string) => ({
    organizationId: orgId,
    frameworkId: framework!.id,
    fromId: from,
    toId: to,
    kind: "prerequisite" as const,
  });
  await db.insert(competencyEdges).values([edge(equivalent.id, addLike.id), edge(addLike.id, addUnlike.id)]);
  const klass = await buildClass(db, place, { frameworkId: framework!.id });
  const teacher = await buildUser(db, orgId, ["teacher"], { givenName: "Tess", familyName: "Teacher" });
  const coTeacher = await buildUser(db, orgId, ["teacher"], { givenName: "Cole", familyName: "Co" });
  const otherTeacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  const admin = await buildUser(db, orgId, ["admin"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, coTeacher.id, "co-teacher");
  await enroll(db, klass, learner.id, "learner");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  const ctx = (user: typeof teacher, roles: Role[]) => contextOf(db, user, roles, now);
  return {
    db,
    equivalent,
    addLike,
    addUnlike,
    learner,
    asLearner: ctx(learner, ["learner"]),
    asTeacher: ctx(teacher, ["teacher"]),
    asCoTeacher: ctx(coTeacher, ["teacher"]),
    asOtherTeacher: ctx(otherTeacher, ["teacher"]),
    asGuardian: ctx(guardian, ["guardian"]),
    asAdmin: ctx(admin, ["admin"]),
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

describe("the learner's profile", () => {
  it("is edited by the learner only, with If-Match; guardians see the fields the learner shares", async () => {
    const c = await classroom();
    const empty = await getLearnerProfile(c.asTeacher, c.learner.id);
    expect(empty.version).toBe(0);
    expect(
      (await failure(updateLearnerProfile(c.asLearner, c.learner.id, { interests: ["music"] }, undefined)))
        .code,
    ).toBe("precondition_required");
    const saved = await updateLearnerProfile(
      c.asLearner,
      c.learner.id,
      {
        interests: ["music", "soccer"],
        needs: ["quiet corner"],
        languages: ["es", "en"],
        sharedWithGuardians: ["interests"],
      },
      0,
    );
    expect(saved.version).toBe(1);
    expect((await getLearnerProfile(c.asTeacher, c.learner.id)).needs).toEqual(["quiet corner"]);
    const seenByGuardian = await getLearnerProfile(c.asGuardian, c.learner.id);
    expect(seenByGuardian.interests).toEqual(["music", "soccer"]);
    expect(seenByGuardian.needs).toBeNull();
    expect((await failure(updateLearnerProfile(c.asTeacher, c.learner.id, { needs: [] }, 1))).code).toBe(
      "forbidden",
    );
    expect((await failure(updateLearnerProfile(c.asLearner, c.learner.id, { needs: [] }, 0))).code).toBe(
      "precondition_failed",
    );
    expect((await failure(getLearnerProfile(c.asOtherTeacher, c.learner.id))).code).toBe("not_found");
    const bad = await failure(
      updateLearnerProfile(c.asLearner, c.learner.id, { languages: ["not a tag"] }, 1),
    );
    expect(bad.details[0]?.path).toBe("body.languages.0");
    // The choice board reads the profile's languages and interests.
    expect(await profileOf(c.db, c.learner.id)).toMatchObject({
      languages: ["es", "en"],
      interests: ["music", "soccer"],
    });
  });
});

describe("accommodations", () => {
  it("that change how pages look reach the learner on every page, and no one else", async () => {
    const c = await classroom();
    const usual = { largeText: false, highContrast: false, dyslexiaFont: false };
    expect(await myDisplayAccommodations(c.asLearner)).toEqual(usual);
    await setAccommodations(
      c.asTeacher,
      c.learner.id,
      { highContrast: true, largeText: true, readAloud: true },
      0,
    );
    expect(await myDisplayAccommodations(c.asLearner)).toEqual({
      ...usual,
      highContrast: true,
      largeText: true,
    });
    expect(await myDisplayAccommodations(c.asTeacher)).toBeNull();
    expect(await myDisplayAccommodations(c.asGuardian)).toBeNull();
  });

  it("are set by staff, read by the learner and guardian, and reach the choice board", async () => {
    const c = await classroom();
    expect((await getAccommodations(c.asGuardian, c.learner.id)).readAloud).toBe(false);
    expect((await failure(setAccommodations(c.asLearner, c.learner.id, { readAloud: true }, 0))).code).toBe(
      "forbidden",
    );
    await setAccommodations(
      c.asTeacher,
      c.learner.id,
      { readAloud: true, extendedTimeFactor: 1.5, breaks: true },
      0,
    );
    const seen = await getAccommodations(c.asLearner, c.learner.id);
    expect(seen).toMatchObject({
      readAloud: true,
      extendedTimeFactor: 1.5,
      breaks: true,
      largeText: false,
      version: 1,
    });
    expect((await profileOf(c.db, c.learner.id)).accommodations).toEqual(["text-to-speech"]);
    await setAccommodations(c.asAdmin, c.learner.id, { largeText: true }, 1);
    expect([...(await profileOf(c.db, c.learner.id)).accommodations].sort()).toEqual([
      "large-text",
      "text-to-speech",
    ]);
    expect((await failure(setAccommodations(c.asTeacher, c.learner.id, { breaks: false }, 1))).code).toBe(
      "precondition_failed",
    );
  });
});

describe("goals", () => {
  it("are authored by the learner or a teacher, checked in on, and edited with If-Match", async () => {
    const c = await classroom();
    const mine = await createGoal(c.asLearner, c.learner.id, {
      title: "Add any two fractions",
      competencyIds: [c.addUnlike.id],
      targetDate: "2026-12-01",
    });
    await createGoal(c.asTeacher, c.learner.id, { title: "Fluency with like denominators" });
    expect((await failure(createGoal(c.asGuardian, c.learner.id, { title: "Mine" }))).code).toBe("forbidden");
    expect((await listGoals(c.asGuardian, c.learner.id)).map((g) => g.title)).toEqual([
      "Add any two fractions",
      "Fluency with like denominators",
    ]);
    await addGoalCheckIn(c.asLearner, mine.id, { note: "I can do sixths and thirds now", progress: 40 });
    await addGoalCheckIn(c.asTeacher, mine.id, { note: "Agreed — twelfths next" });
    expect((await listGoalCheckIns(c.asGuardian, mine.id)).map((x) => x.progress)).toEqual([40, null]);
    const achieved = await updateGoal(c.asLearner, mine.id, { status: "achieved" }, 1);
    expect(achieved.version).toBe(2);
    expect((await failure(updateGoal(c.asTeacher, mine.id, { title: "x" }, 1))).code).toBe(
      "precondition_failed",
    );
    expect((await failure(addGoalCheckIn(c.asLearner, mine.id, { note: "more" }))).code).toBe("conflict");
    expect((await failure(listGoalCheckIns(c.asOtherTeacher, mine.id))).code).toBe("not_found");
    const bad = await failure(createGoal(c.asLearner, c.learner.id, { title: "x", targetDate: "someday" }));
    expect(bad.details[0]?.path).toBe("body.targetDate");
  });
});

describe("learning plans", () => {
  async function planned() {
    const c = await classroom();
    const view = await createPlan(c.asTeacher, c.learner.id, {
      title: "Fractions by December",
      goalCompetencyIds: [c.addUnlike.id],
      targetDate: "2026-12-18",
      weeklyMinutes: 90,
    });
    return { c, view };
  }

  it("orders the goal after its prerequisites, paces it, and writes every step's why to the ledger", async () => {
    const { c, view } = await planned();
    expect(view.entries.map((e) => e.competencyId)).toEqual([c.equivalent.id, c.addLike.id, c.addUnlike.id]);
    expect(view.entries.map((e) => e.source)).toEqual(["prerequisite", "prerequisite", "goal"]);
    expect(view.pacing?.status).toBe("ahead");
    const ledger = await c.db
      .select()
      .from(decisions)
      .where(and(eq(decisions.learnerId, c.learner.id), eq(decisions.model, "pathwise-planner")));
    expect(ledger.map((d) => d.id).sort()).toEqual(
      [...view.entries.map((e) => e.decisionId), view.pacing!.decisionId].sort(),
    );
  });

  it("two teachers editing one plan at once: one succeeds, the other gets a precondition failure", async () => {
    const { c, view } = await planned();
    const results = await Promise.allSettled([
      editPlan(c.asTeacher, view.plan.id, { weeklyMinutes: 120 }, view.plan.version),
      editPlan(c.asCoTeacher, view.plan.id, { weeklyMinutes: 30 }, view.plan.version),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r) => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(((rejected[0] as PromiseRejectedResult).reason as AppError).code).toBe("precondition_failed");
    const after = await getPlan(c.asLearner, view.plan.id);
    expect(after.plan.version).toBe(2);
    expect([120, 30]).toContain(after.plan.weeklyMinutes);
  });

  it("co-design: the learner proposes, a teacher approves, re-planning keeps the week's commitment and the skip", async () => {
    const { c, view } = await planned();
    const proposal = await proposePlanChange(c.asLearner, view.plan.id, {
      summary: "I already know equivalent fractions; I want to start with adding like denominators this week",
      changes: {
        skip: [{ competencyId: c.equivalent.id, reason: "I learned it last year" }],
        commitThisWeek: [c.addLike.id],
      },
    });
    expect((await failure(decidePlanProposal(c.asLearner, proposal.id, { decision: "approve" }))).code).toBe(
      "forbidden",
    );
    expect((await failure(decidePlanProposal(c.asGuardian, proposal.id, { decision: "approve" }))).code).toBe(
      "forbidden",
    );
    const { plan } = await decidePlanProposal(c.asTeacher, proposal.id, {
      decision: "approve",
      comment: "Fine — show me on Friday",
    });
    expect(plan.entries.filter((e) => !e.skipped).map((e) => e.competencyId)).toEqual([
      c.addLike.id,
      c.addUnlike.id,
    ]);
    expect(plan.entries[0]).toMatchObject({ source: "committed", committedWeek: "2026-10-05" });
    expect(plan.entries.find((e) => e.skipped)?.competencyId).toBe(c.equivalent.id);
    expect(plan.pacing?.warnings).toEqual([
      expect.objectContaining({ code: "skipped-prerequisite", competencyId: c.equivalent.id }),
    ]);
    expect((await failure(decidePlanProposal(c.asTeacher, proposal.id, { decision: "decline" }))).code).toBe(
      "conflict",
    );

    // New evidence: the learner shows they can add unlike denominators. A re-plan drops that step
    // and keeps the week's commitment and the skip.
    for (let i = 0; i < 6; i++)
      await recordEvidence(c.asLearner, {
        learnerId: c.learner.id,
        kind: "attempt",
        competencyIds: [c.addUnlike.id],
        correct: true,
        idempotencyKey: `unlike-${i}`,
      });
    const again = await replan(c.asLearner, view.plan.id, plan.plan.version);
    expect(again.entries.find((e) => e.competencyId === c.equivalent.id)?.skipped?.reason).toBe(
      "I learned it last year",
    );
    expect(again.entries.filter((e) => !e.skipped).map((e) => [e.competencyId, e.committedWeek])).toEqual([
      [c.addLike.id, "2026-10-05"],
    ]);

    // A teacher proposes; only the learner answers.
    const fromTeacher = await proposePlanChange(c.asTeacher, view.plan.id, {
      summary: "More time per week",
      changes: { weeklyMinutes: 150 },
    });
    expect(
      (await failure(decidePlanProposal(c.asCoTeacher, fromTeacher.id, { decision: "approve" }))).code,
    ).toBe("forbidden");
    await decidePlanProposal(c.asLearner, fromTeacher.id, { decision: "decline", comment: "Soccer season" });
    await commentOnPlan(c.asLearner, view.plan.id, { body: "Can we revisit in November?" });
    const history = await planHistory(c.asGuardian, view.plan.id);
    expect(history.events.map((e) => e.action)).toEqual([
      "plan.create",
      "plan.propose",
      "plan.proposal-approved",
      "plan.replan",
      "plan.propose",
      "plan.proposal-declined",
      "plan.comment",
    ]);
    expect(history.proposals.map((p) => p.status)).toEqual(["approved", "declined"]);
    expect(history.comments.map((x) => x.body)).toEqual([
      "Fine — show me on Friday",
      "Soccer season",
      "Can we revisit in November?",
    ]);
    expect((await getPlan(c.asLearner, view.plan.id)).plan.weeklyMinutes).toBe(90);
  });

  it("re-plans when read after new evidence, keeping the skip and this week's commitment, and says why in the ledger", async () => {
    const { c, view } = await planned();
    const edited = await editPlan(
      c.asTeacher,
      view.plan.id,
      {
        skip: [{ competencyId: c.equivalent.id, reason: "Placed out of it" }],
        commitThisWeek: [c.addLike.id],
      },
      view.plan.version,
    );
    // Read again with nothing new: the plan stays as it is.
    expect((await getPlan(c.asLearner, view.plan.id)).plan.version).toBe(edited.plan.version);

    const answers: string[] = [];
    for (let i = 0; i < 6; i++)
      answers.push(
        (
          await recordEvidence(c.asLearner, {
            learnerId: c.learner.id,
            kind: "attempt",
            competencyIds: [c.addUnlike.id],
            correct: true,
            idempotencyKey: `replan-on-read-${i}`,
          })
        ).id,
      );

    // The guardian only reads the plan; it comes back re-planned on the newest evidence.
    const read = await getPlan(c.asGuardian, view.plan.id);
    expect(read.plan.version).toBe(edited.plan.version + 1);
    expect(read.entries.filter((e) => !e.skipped).map((e) => [e.competencyId, e.committedWeek])).toEqual([
      [c.addLike.id, "2026-10-05"],
    ]);
    expect(read.entries.find((e) => e.skipped)).toMatchObject({
      competencyId: c.equivalent.id,
      skipped: { reason: "Placed out of it" },
    });
    // Read again: re-planned once, not on every read; an edit made on the old version is stale.
    expect((await getPlan(c.asTeacher, view.plan.id)).plan.version).toBe(read.plan.version);
    expect(
      (await failure(editPlan(c.asTeacher, view.plan.id, { weeklyMinutes: 60 }, edited.plan.version))).code,
    ).toBe("precondition_failed");

    const ledger = await listDecisions(c.asLearner, c.learner.id, { limit: 100 });
    const replanned = ledger.items.filter((d) => d.payload.replanned === true);
    expect(replanned).toHaveLength(1);
    expect(replanned[0]!.who).toMatchObject({ kind: "engine", model: "pathwise-planner" });
    expect(replanned[0]!.why).toBe(
      "Your plan was updated with your newest work: 6 new pieces of evidence since it was made. Pins, skips and this week's commitments were kept.",
    );
    expect((replanned[0]!.basedOn[0] as { references: string[] }).references).toEqual(answers);
    expect((await planHistory(c.asTeacher, view.plan.id)).events.map((e) => e.action)).toContain(
      "plan.replan-on-evidence",
    );
  });

  it("the proposer may withdraw a proposal nobody has answered; then it cannot be approved", async () => {
    const { c, view } = await planned();
    const proposal = await proposePlanChange(c.asLearner, view.plan.id, {
      summary: "Fewer minutes",
      changes: { weeklyMinutes: 45 },
    });
    expect((await failure(withdrawPlanProposal(c.asTeacher, proposal.id))).code).toBe("forbidden");
    expect((await withdrawPlanProposal(c.asLearner, proposal.id)).status).toBe("withdrawn");
    expect((await failure(decidePlanProposal(c.asTeacher, proposal.id, { decision: "approve" }))).code).toBe(
      "conflict",
    );
    expect((await getPlan(c.asLearner, view.plan.id)).plan.weeklyMinutes).toBe(90);
  });

  it("hides a plan from those who may not see the learner, and lets only teachers edit it directly", async () => {
    const { c, view } = await planned();
    expect((await failure(getPlan(c.asOtherTeacher, view.plan.id))).code).toBe("not_found");
    expect((await failure(editPlan(c.asLearner, view.plan.id, { weeklyMinutes: 60 }, 1))).code).toBe(
      "forbidden",
    );
    expect((await failure(editPlan(c.asTeacher, view.plan.id, {}, 1))).code).toBe("validation_failed");
    expect((await failure(editPlan(c.asTeacher, view.plan.id, { weeklyMinutes: 60 }, undefined))).code).toBe(
      "precondition_required",
    );
  });
});

import type { Role } from "../identity/schema.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competencies, frameworks } from "../frameworks/schema.js";
import { competencyMastery, learnerStates } from "../personalization/schema.js";
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
import { recordEvidence } from "./record-evidence.js";
import { evidence } from "./schema.js";

let test: TestDatabase;
const now = () => new Date("2026-10-01T09:00:00Z");

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
  const [fractions, decimals] = await db
    .insert(competencies)
    .values([
      {
        organizationId: orgId,
        frameworkId: framework!.id,
        statement: "Compare fractions",
        position: 0,
        depth: 0,
      },
      {
        organizationId: orgId,
        frameworkId: framework!.id,
        statement: "Read decimals",
        position: 1,
        depth: 0,
      },
    ])
    .returning();
  const klass = await buildClass(db, place, { frameworkId: framework!.id });
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const twin = await buildUser(db, orgId, ["learner"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  await enroll(db, klass, twin.id, "learner");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  const ctx = (user: typeof teacher, roles: Role[]) => contextOf(db, user, roles, now);
  return { place, fractions: fractions!, decimals: decimals!, teacher, learner, twin, guardian, ctx };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

async function masteryOf(learnerId: string, competencyId: string) {
  const [row] = await test.handle.db
    .select()
    .from(competencyMastery)
    .where(and(eq(competencyMastery.learnerId, learnerId), eq(competencyMastery.competencyId, competencyId)));
  return row;
}

describe("recordEvidence", () => {
  it("records a correct answer and raises the learner's mastery of every competency the item exercises", async () => {
    const c = await classroom();
    const result = await recordEvidence(c.ctx(c.learner, ["learner"]), {
      learnerId: c.learner.id,
      kind: "attempt",
      competencyIds: [c.fractions.id, c.decimals.id],
      correct: true,
      idempotencyKey: "answer-1",
    });
    expect(result.replayed).toBe(false);
    expect(result.update?.changes).toHaveLength(2);
    for (const change of result.update!.changes)
      expect(change.after.probability).toBeGreaterThan(change.before.probability);
    expect((await masteryOf(c.learner.id, c.fractions.id))?.probability).toBeCloseTo(
      result.update!.changes[0]!.after.probability,
      6,
    );
  });

  it("counts a retried answer once: same key, same evidence, mastery unchanged", async () => {
    const c = await classroom();
    const answer = {
      learnerId: c.learner.id,
      kind: "attempt",
      competencyIds: [c.fractions.id],
      correct: false,
      idempotencyKey: "retry-me",
    };
    const first = await recordEvidence(c.ctx(c.learner, ["learner"]), answer);
    const before = await masteryOf(c.learner.id, c.fractions.id);
    const second = await recordEvidence(c.ctx(c.learner, ["learner"]), answer);
    expect(second).toMatchObject({ id: first.id, replayed: true, update: null });
    expect(await masteryOf(c.learner.id, c.fractions.id)).toEqual(before);
    const rows = await test.handle.db.select().from(evidence).where(eq(evidence.learnerId, c.learner.id));
    expect(rows).toHaveLength(1);
  });

  it("applies fifty answers sent at once exactly as fifty answers sent one by one", async () => {
    const c = await classroom();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordEvidence(c.ctx(c.learner, ["learner"]), {
          learnerId: c.learner.id,
          kind: "attempt",
          competencyIds: [c.fractions.id],
          correct: true,
          idempotencyKey: `parallel-${i}`,
        }),
      ),
    );
    for (let i = 0; i < 50; i += 1) {
      await recordEvidence(c.ctx(c.twin, ["learner"]), {
        learnerId: c.twin.id,
        kind: "attempt",
        competencyIds: [c.fractions.id],
        correct: true,
        idempotencyKey: `sequential-${i}`,
      });
    }
    const [parallel] = await test.handle.db
      .select()
      .from(learnerStates)
      .where(eq(learnerStates.learnerId, c.learner.id));
    const [sequential] = await test.handle.db
      .select()
      .from(learnerStates)
      .where(eq(learnerStates.learnerId, c.twin.id));
    expect(parallel!.evidenceCount).toBe(50);
    expect(parallel!.state).toEqual(sequential!.state);
    expect((await masteryOf(c.learner.id, c.fractions.id))?.status).toBe("mastered");
  });

  it("lets a teacher record an observation, but not a learner about a classmate, nor a guardian at all", async () => {
    const c = await classroom();
    const observation = {
      learnerId: c.learner.id,
      kind: "observation",
      competencyIds: [c.fractions.id],
      score: 0.8,
      idempotencyKey: "obs-1",
    };
    await expect(recordEvidence(c.ctx(c.teacher, ["teacher"]), observation)).resolves.toMatchObject({
      kind: "observation",
    });
    expect(
      (
        await failure(
          recordEvidence(c.ctx(c.learner, ["learner"]), { ...observation, idempotencyKey: "obs-2" }),
        )
      ).code,
    ).toBe("forbidden");
    expect(
      (
        await failure(
          recordEvidence(c.ctx(c.twin, ["learner"]), {
            learnerId: c.learner.id,
            kind: "attempt",
            competencyIds: [c.fractions.id],
            correct: true,
            idempotencyKey: "obs-3",
          }),
        )
      ).code,
    ).toBe("not_found");
    expect(
      (
        await failure(
          recordEvidence(c.ctx(c.guardian, ["guardian"]), { ...observation, idempotencyKey: "obs-4" }),
        )
      ).code,
    ).toBe("forbidden");
  });

  it("keeps a self-assessment beside the estimate without moving it", async () => {
    const c = await classroom();
    const result = await recordEvidence(c.ctx(c.learner, ["learner"]), {
      learnerId: c.learner.id,
      kind: "self_assessment",
      competencyIds: [c.fractions.id],
      score: 1,
      idempotencyKey: "self-1",
    });
    expect(result.update).toBeNull();
    expect(await masteryOf(c.learner.id, c.fractions.id)).toBeUndefined();
  });

  it("names what is wrong with bad evidence and writes nothing", async () => {
    const c = await classroom();
    const error = await failure(
      recordEvidence(c.ctx(c.teacher, ["teacher"]), {
        learnerId: c.learner.id,
        kind: "rubric_score",
        competencyIds: [c.fractions.id, "00000000-0000-4000-8000-000000000000"],
        idempotencyKey: "bad",
      }),
    );
    expect(error.details.map((d) => d.path)).toEqual(["body.score"]);
    const unknown = await failure(
      recordEvidence(c.ctx(c.teacher, ["teacher"]), {
        learnerId: c.learner.id,
        kind: "rubric_score",
        score: 0.5,
        competencyIds: [c.fractions.id, "00000000-0000-4000-8000-000000000000"],
        idempotencyKey: "bad",
      }),
    );
    expect(unknown.details.map((d) => d.path)).toEqual(["body.competencyIds[1]"]);
    expect(await test.handle.db.select().from(evidence).where(eq(evidence.learnerId, c.learner.id))).toEqual(
      [],
    );
  });
});

import type { Role } from "../identity/schema.js";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidence } from "../evidence/schema.js";
import { competencies, frameworks } from "../frameworks/schema.js";
import { competencyMastery } from "../personalization/schema.js";
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
import { addArtifact, listArtifacts, shareArtifact } from "./artifacts.js";
import {
  claimCompetency,
  listClaims,
  listPendingClaimsForTeacher,
  resolveClaim,
  reviseClaim,
} from "./claims.js";

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
    .values({ organizationId: orgId, title: "Writing", version: "1" })
    .returning();
  const [argument] = await db
    .insert(competencies)
    .values({
      organizationId: orgId,
      frameworkId: framework!.id,
      statement: "Write an argument",
      position: 0,
      depth: 0,
    })
    .returning();
  const klass = await buildClass(db, place, { frameworkId: framework!.id });
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const otherTeacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  const ctx = (user: typeof teacher, roles: Role[]) => contextOf(db, user, roles, now);
  return {
    argument: argument!,
    learner,
    asLearner: ctx(learner, ["learner"]),
    asTeacher: ctx(teacher, ["teacher"]),
    asOtherTeacher: ctx(otherTeacher, ["teacher"]),
    asGuardian: ctx(guardian, ["guardian"]),
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

describe("the portfolio", () => {
  it("shows guardians only what the learner chose to share, and the learner can change their mind", async () => {
    const c = await classroom();
    const essay = await addArtifact(c.asLearner, c.learner.id, {
      title: "Why our town needs a skate park",
      text: "Three reasons, with evidence from the council minutes.",
      competencyIds: [c.argument.id],
    });
    await addArtifact(c.asLearner, c.learner.id, {
      title: "Draft",
      url: "https://example.org/draft",
      visibleToGuardians: true,
    });
    expect((await listArtifacts(c.asTeacher, c.learner.id, {})).items).toHaveLength(2);
    expect((await listArtifacts(c.asGuardian, c.learner.id, {})).items.map((a) => a.title)).toEqual([
      "Draft",
    ]);
    await shareArtifact(c.asLearner, essay.id, { visibleToGuardians: true });
    expect((await listArtifacts(c.asGuardian, c.learner.id, {})).items).toHaveLength(2);
    expect((await failure(shareArtifact(c.asTeacher, essay.id, { visibleToGuardians: false }))).code).toBe(
      "forbidden",
    );
    expect((await failure(listArtifacts(c.asOtherTeacher, c.learner.id, {}))).code).toBe("not_found");
  });

  it("refuses an artifact with nothing to look at, naming the field", async () => {
    const c = await classroom();
    const error = await failure(addArtifact(c.asLearner, c.learner.id, { title: "Empty", text: "  " }));
    expect(error.details).toEqual([expect.objectContaining({ path: "body.url" })]);
  });
});

describe("defend my learning", () => {
  it("a verified claim becomes evidence and raises the learner's mastery; asking for more does not", async () => {
    const c = await classroom();
    const essay = await addArtifact(c.asLearner, c.learner.id, {
      title: "Essay",
      text: "My argument…",
      competencyIds: [c.argument.id],
    });
    const claim = await claimCompetency(c.asLearner, c.learner.id, {
      competencyId: c.argument.id,
      statement: "My essay states a claim, supports it with three sources and answers a counter-argument.",
      artifactIds: [essay.id],
    });
    expect((await listPendingClaimsForTeacher(c.asTeacher)).map((x) => x.id)).toEqual([claim.id]);
    expect(await listPendingClaimsForTeacher(c.asOtherTeacher)).toEqual([]);
    expect(await listClaims(c.asGuardian, c.learner.id)).toEqual([]);

    const asked = await resolveClaim(c.asTeacher, claim.id, {
      decision: "needs_more",
      response: "Show me the counter-argument part.",
    });
    expect(asked.evidenceId).toBeNull();
    expect(await test.handle.db.select().from(evidence).where(eq(evidence.learnerId, c.learner.id))).toEqual(
      [],
    );
    // A second answer to the same (no longer pending) claim is refused, not silently applied.
    expect(
      (await failure(resolveClaim(c.asTeacher, claim.id, { decision: "verified", response: "ok fine" })))
        .code,
    ).toBe("conflict");

    const draft = await addArtifact(c.asLearner, c.learner.id, {
      title: "Counter-argument",
      text: "Some say…",
    });
    await reviseClaim(c.asLearner, claim.id, {
      statement: "Paragraph 4 answers the strongest objection.",
      artifactIds: [essay.id, draft.id],
    });
    const verified = await resolveClaim(c.asTeacher, claim.id, {
      decision: "verified",
      response: "Convincing — well done.",
    });
    expect(verified.claim.status).toBe("verified");
    expect(verified.update?.changes[0]!.after.probability).toBeGreaterThan(
      verified.update!.changes[0]!.before.probability,
    );
    const [stored] = await test.handle.db.select().from(evidence).where(eq(evidence.learnerId, c.learner.id));
    expect(stored).toMatchObject({ kind: "artifact", correct: true, competencyIds: [c.argument.id] });
    const [mastery] = await test.handle.db
      .select()
      .from(competencyMastery)
      .where(eq(competencyMastery.learnerId, c.learner.id));
    expect(mastery!.competencyId).toBe(c.argument.id);
    expect((await listClaims(c.asGuardian, c.learner.id)).map((x) => x.status)).toEqual(["verified"]);
  });

  it("only the learner claims, only with their own work, and only one open claim per competency", async () => {
    const c = await classroom();
    const essay = await addArtifact(c.asLearner, c.learner.id, { title: "Essay", text: "…" });
    const body = {
      competencyId: c.argument.id,
      statement: "My essay shows I can argue a point.",
      artifactIds: [essay.id],
    };
    expect((await failure(claimCompetency(c.asTeacher, c.learner.id, body))).code).toBe("forbidden");
    const stranger = "00000000-0000-4000-8000-000000000000";
    const wrong = await failure(
      claimCompetency(c.asLearner, c.learner.id, { ...body, artifactIds: [essay.id, stranger] }),
    );
    expect(wrong.details).toEqual([
      { path: "body.artifactIds[1]", message: "This is not an artifact in your portfolio." },
    ]);
    await claimCompetency(c.asLearner, c.learner.id, body);
    expect((await failure(claimCompetency(c.asLearner, c.learner.id, body))).code).toBe("conflict");
  });
});

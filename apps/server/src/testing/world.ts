/**
 * The cast of the authorization table: one learner and everyone who might ask about them — a
 * classmate, their teacher, a teacher of another class, their guardian, another guardian, an
 * admin of their organization, and an admin of another organization — each with a session.
 */
import type { Database } from "@pathwise/core";
import {
  buildClass,
  buildOrganization,
  buildUser,
  competencies,
  decisionContests,
  decisions,
  enroll,
  learningClaims,
  portfolioArtifacts,
  frameworks,
  linkGuardian,
  sessionFor,
  xapiClients,
} from "@pathwise/core/testing";

export const ACTOR_KINDS = [
  "anonymous",
  "learner",
  "classmate",
  "teacher",
  "otherTeacher",
  "guardian",
  "otherGuardian",
  "admin",
  "otherAdmin",
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export async function buildWorld(db: Database) {
  const home = await buildOrganization(db, "Home District");
  const away = await buildOrganization(db, "Away District");
  const orgId = home.organization.id;
  const learner = await buildUser(db, orgId, ["learner"], {
    givenName: "Lena",
    familyName: "Learner",
    grade: "05",
  });
  const classmate = await buildUser(db, orgId, ["learner"], {
    givenName: "Cal",
    familyName: "Classmate",
    grade: "05",
  });
  const teacher = await buildUser(db, orgId, ["teacher"], { givenName: "Tess", familyName: "Teacher" });
  const otherTeacher = await buildUser(db, orgId, ["teacher"], { givenName: "Otto", familyName: "Other" });
  const guardian = await buildUser(db, orgId, ["guardian"], { givenName: "Gina", familyName: "Learner" });
  const otherGuardian = await buildUser(db, orgId, ["guardian"], {
    givenName: "Omar",
    familyName: "Classmate",
  });
  const admin = await buildUser(db, orgId, ["admin"], { givenName: "Ada", familyName: "Admin" });
  const otherAdmin = await buildUser(db, away.organization.id, ["admin"], {
    givenName: "Abe",
    familyName: "Away",
  });

  const [framework] = await db
    .insert(frameworks)
    .values({ organizationId: orgId, title: "Grade 5 Mathematics", version: "1" })
    .returning();
  const [competency] = await db
    .insert(competencies)
    .values({
      organizationId: orgId,
      frameworkId: framework!.id,
      statement: "Add fractions with unlike denominators",
      educationLevels: ["05"],
      position: 0,
      depth: 0,
    })
    .returning();
  const mathClass = await buildClass(db, home, {
    name: "Grade 5 Math",
    grade: "05",
    frameworkId: framework!.id,
  });
  const artClass = await buildClass(db, home, { name: "Grade 5 Art", grade: "05" });
  await enroll(db, mathClass, teacher.id, "teacher");
  await enroll(db, mathClass, learner.id, "learner");
  await enroll(db, mathClass, classmate.id, "learner");
  await enroll(db, artClass, otherTeacher.id, "teacher");
  await linkGuardian(db, orgId, guardian.id, learner.id, "mother");
  await linkGuardian(db, orgId, otherGuardian.id, classmate.id, "father");

  const people = { learner, classmate, teacher, otherTeacher, guardian, otherGuardian, admin, otherAdmin };
  const [decision] = await db
    .insert(decisions)
    .values({
      organizationId: orgId,
      learnerId: learner.id,
      competencyId: competency!.id,
      what: "activity",
      how: ["path"],
      actorKind: "engine",
      model: "pathwise-choice-board",
      modelVersion: "1.0.0",
      basedOn: [],
      reasonMessageId: "teacher.override",
      reasonValues: { reason: "World fixture" },
      createdAt: new Date(),
    })
    .returning();
  const [contest] = await db
    .insert(decisionContests)
    .values({
      organizationId: orgId,
      decisionId: decision!.id,
      learnerId: learner.id,
      reason: "I did this already",
      createdAt: new Date(),
    })
    .returning();
  const [artifact] = await db
    .insert(portfolioArtifacts)
    .values({ organizationId: orgId, learnerId: learner.id, title: "Fraction strips poster", text: "…" })
    .returning();
  const [claim] = await db
    .insert(learningClaims)
    .values({
      organizationId: orgId,
      learnerId: learner.id,
      competencyId: competency!.id,
      statement: "My poster shows how to add fractions with unlike denominators.",
      artifactIds: [artifact!.id],
    })
    .returning();
  const [xapiClient] = await db
    .insert(xapiClients)
    .values({
      organizationId: orgId,
      name: "Fraction game",
      key: "lrs_world",
      secretHash: "0".repeat(64),
      scopes: ["read", "write"],
    })
    .returning();
  return {
    home,
    away,
    people,
    mathClass,
    artClass,
    framework: framework!,
    competency: competency!,
    decision: decision!,
    contest: contest!,
    artifact: artifact!,
    claim: claim!,
    xapiClient: xapiClient!,
    /** A fresh session for one actor (null for anonymous), so writes like sign-out affect no other row. */
    async tokenFor(kind: ActorKind): Promise<string | null> {
      return kind === "anonymous" ? null : sessionFor(db, people[kind]);
    },
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

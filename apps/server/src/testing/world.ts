/**
 * The cast of the authorization table: one learner and everyone who might ask about them — a
 * classmate, their teacher, a teacher of another class, their guardian, another guardian, an
 * admin of their organization, and an admin of another organization — each with a session.
 */
import { randomUUID } from "node:crypto";
import type { Ctx, Database } from "@pathwise/core";
import {
  createGoal,
  createPlan,
  getCmi5Course,
  importCmi5Package,
  launchCmi5Au,
  offerCmi5Course,
  proposePlanChange,
  startDiagnosis,
  startFrameworkImport,
  startThread,
} from "@pathwise/core";
import {
  actorOf,
  buildClass,
  casePackage,
  buildOrganization,
  buildUser,
  competencies,
  decisionContests,
  decisions,
  enroll,
  learningClaims,
  portfolioArtifacts,
  frameworks,
  itemCompetencies,
  items,
  linkGuardian,
  sessionFor,
  resources,
  resourceCompetencies,
  resourceFiles,
  itemVariants,
  rubrics,
  tasks,
  submissions,
  choiceBoards,
  choiceBoardOptions,
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
  // An option of a choice board the engine gave the learner (what a learner picks from).
  const [boardOption] = await db
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
      reasonMessageId: "board.practice",
      reasonValues: { competency: "World fixture", percent: 40, attempts: 2, interest: "none" },
      payload: { board: true, kind: "practice", activityId: "item:world", minutes: 5 },
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

  // Learners, plans, diagnosis, messaging: made through the use-cases, as people would make them.
  const as = (user: typeof learner, roles: Parameters<typeof actorOf>[1]) => ({
    db,
    actor: actorOf(user, roles),
    now: () => new Date(),
  });
  const [item] = await db
    .insert(items)
    .values({
      organizationId: orgId,
      kind: "single_choice",
      stem: "1/2 + 1/3 = ?",
      body: {
        kind: "single_choice",
        choices: [
          { id: "a", text: "2/5" },
          { id: "b", text: "5/6" },
        ],
        correct: "b",
      },
    })
    .returning();
  await db
    .insert(itemCompetencies)
    .values({ organizationId: orgId, itemId: item!.id, competencyId: competency!.id });
  const goal = await createGoal(as(learner, ["learner"]), learner.id, {
    title: "Add any two fractions",
    competencyIds: [competency!.id],
  });
  const plan = await createPlan(as(teacher, ["teacher"]), learner.id, {
    title: "Fractions by winter",
    goalCompetencyIds: [competency!.id],
    targetDate: "2026-12-18",
    weeklyMinutes: 90,
  });
  const proposal = await proposePlanChange(as(learner, ["learner"]), plan.plan.id, {
    summary: "Less each week during soccer season",
    changes: { weeklyMinutes: 60 },
  });
  const proposalToWithdraw = await proposePlanChange(as(learner, ["learner"]), plan.plan.id, {
    summary: "Skip the review week",
    changes: { weeklyMinutes: 75 },
  });
  const thread = await startThread(as(teacher, ["teacher"]), learner.id, {
    subject: "Fractions at home",
    body: "Lena did great work on fraction strips today.",
    participantIds: [learner.id, guardian.id],
    attachedType: "goal",
    attachedId: goal.id,
  });
  const { session: diagnosis } = await startDiagnosis(as(learner, ["learner"]), learner.id, {});

  const content = await buildContent(db, orgId, competency!.id, mathClass.id, learner.id, teacher.id);
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
  const cmi5 = await buildCmi5Course(as, admin, learner, mathClass.id);
  // A CASE import the teacher started (queued: no worker runs in these tests).
  const frameworkImportJob = await startFrameworkImport(as(teacher, ["teacher"]), {
    package: casePackage({
      documentId: randomUUID(),
      items: [{ id: randomUUID(), code: "W.1", statement: "Count to twenty." }],
    }),
    fileName: "world.json",
  });
  return {
    ...content,
    cmi5,
    home,
    away,
    people,
    mathClass,
    artClass,
    framework: framework!,
    competency: competency!,
    decision: decision!,
    boardOption: boardOption!,
    contest: contest!,
    artifact: artifact!,
    claim: claim!,
    diagnosisItem: item!,
    goal,
    plan: plan.plan,
    proposal,
    proposalToWithdraw,
    thread: thread.thread,
    diagnosis,
    xapiClient: xapiClient!,
    frameworkImportJob,
    /** A fresh session for one actor (null for anonymous), so writes like sign-out affect no other row. */
    async tokenFor(kind: ActorKind): Promise<string | null> {
      return kind === "anonymous" ? null : sessionFor(db, people[kind]);
    },
  };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
type WorldUser = Awaited<ReturnType<typeof buildUser>>;

/** A cmi5 course with one remote AU, as an admin imports it into the world's organization. */
export const WORLD_CMI5_XML = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://fractions.example/courses/strips">
    <title><langstring lang="en-US">Fraction strips</langstring></title>
    <description><langstring lang="en-US">Adding fractions with strips</langstring></description>
  </course>
  <au id="https://fractions.example/aus/strips-1" moveOn="Passed" masteryScore="0.8">
    <title><langstring lang="en-US">Strips, part 1</langstring></title>
    <description><langstring lang="en-US">Halves and thirds</langstring></description>
    <url>https://fractions.example/content/strips-1.html</url>
  </au>
</courseStructure>`;

/** The course imported, offered to the math class, and launched once by the learner (a registration and a session). */
async function buildCmi5Course(
  as: (user: WorldUser, roles: Parameters<typeof actorOf>[1]) => Ctx,
  admin: WorldUser,
  learner: WorldUser,
  classId: string,
) {
  const imported = await importCmi5Package(as(admin, ["admin"]), {
    filename: "cmi5.xml",
    contentType: "text/xml",
    bytes: new TextEncoder().encode(WORLD_CMI5_XML),
  });
  await offerCmi5Course(as(admin, ["admin"]), imported.courseId, { classIds: [classId] });
  const course = await getCmi5Course(as(admin, ["admin"]), imported.courseId);
  const au = course.children[0]!;
  const launch = await launchCmi5Au(as(learner, ["learner"]), {
    courseId: imported.courseId,
    auId: au.id,
    origin: "http://localhost",
  });
  return {
    courseId: imported.courseId,
    auId: au.id,
    registration: launch.registration,
    sessionId: launch.sessionId,
  };
}

/** Content of the world's organization, tagged with the math class's competency. */
async function buildContent(
  db: Database,
  organizationId: string,
  competencyId: string,
  classId: string,
  learnerId: string,
  teacherId: string,
) {
  const fileKey = randomUUID();
  const resourceOf = async (title: string, kind: "link" | "file" = "link") => {
    const [row] = await db
      .insert(resources)
      .values({
        organizationId,
        title,
        kind,
        url: kind === "link" ? "https://example.org/fractions" : null,
        fileKey: kind === "file" ? fileKey : null,
        modality: "reading",
        expectedMinutes: 10,
      })
      .returning();
    await db.insert(resourceCompetencies).values({ organizationId, resourceId: row!.id, competencyId });
    return row!;
  };
  const resource = await resourceOf("Fraction strips explained");
  const archivableResource = await resourceOf("Old fraction worksheet");
  const fileResource = await resourceOf("Fraction strips to print", "file");
  await db.insert(resourceFiles).values({
    id: fileKey,
    organizationId,
    resourceId: fileResource.id,
    fileName: "strips.txt",
    contentType: "text/plain",
    sizeBytes: 5,
    bytes: new TextEncoder().encode("1/2 1"),
  });
  const itemOf = async (kind: "single_choice" | "short_text", stem: string) => {
    const [row] = await db
      .insert(items)
      .values({
        organizationId,
        kind,
        stem,
        body:
          kind === "single_choice"
            ? {
                kind,
                choices: [
                  { id: "a", text: "5/6" },
                  { id: "b", text: "2/5" },
                ],
                correct: "a",
              }
            : { kind, modelAnswer: "Use a common denominator of 6." },
      })
      .returning();
    await db.insert(itemCompetencies).values({ organizationId, itemId: row!.id, competencyId });
    return row!;
  };
  const item = await itemOf("single_choice", "What is 1/2 + 1/3?");
  await db.insert(itemVariants).values({
    organizationId,
    itemId: item.id,
    interest: "sports",
    stem: "A runner covers 1/2 of a lap, then 1/3 more. What part of the lap is that?",
  });
  const shortTextItem = await itemOf("short_text", "Explain how you would add 1/2 and 1/3.");
  const archivableItem = await itemOf("single_choice", "What is 1/4 + 1/4?");
  const [rubric] = await db
    .insert(rubrics)
    .values({
      organizationId,
      title: "Fraction poster",
      criteria: [
        {
          id: "accuracy",
          title: "Accuracy",
          competencyId,
          levels: [
            { score: 1, label: "Beginning", description: "" },
            { score: 4, label: "Exceeding", description: "" },
          ],
        },
      ],
    })
    .returning();
  const [task] = await db
    .insert(tasks)
    .values({
      organizationId,
      title: "Make a fraction poster",
      description: "Show two ways to add fractions with unlike denominators.",
      rubricId: rubric!.id,
      expectedMinutes: 45,
    })
    .returning();
  const [submission] = await db
    .insert(submissions)
    .values({
      organizationId,
      learnerId,
      kind: "item",
      itemId: shortTextItem.id,
      response: { text: "Change both to sixths and add: 3/6 + 2/6 = 5/6." },
      idempotencyKey: "world-short-answer",
      submittedAt: new Date(),
    })
    .returning();
  const [board] = await db
    .insert(choiceBoards)
    .values({ organizationId, classId, title: "Adding fractions", createdBy: teacherId })
    .returning();
  const options = await db
    .insert(choiceBoardOptions)
    .values([
      { organizationId, boardId: board!.id, position: 0, kind: "resource", refId: resource.id },
      { organizationId, boardId: board!.id, position: 1, kind: "item", refId: item.id },
    ])
    .returning();
  return {
    resource,
    archivableResource,
    fileResource,
    item,
    shortTextItem,
    archivableItem,
    rubric: rubric!,
    task: task!,
    submission: submission!,
    board: board!,
    boardOptions: options,
  };
}

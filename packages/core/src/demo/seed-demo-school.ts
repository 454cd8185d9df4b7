/**
 * Seed the demo school on the first start of an empty database: one organization, one school,
 * an admin, two teachers with a class each, forty learners with their guardians, and the Smarter
 * Balanced mathematics framework read through the CASE codec. Runs once: a database that already
 * holds an organization is left untouched.
 */
import { readFile } from "node:fs/promises";
import { count, sql } from "drizzle-orm";
import type { Database } from "../db/open-database.js";
import { recordAudit } from "../audit/record-audit.js";
import { describeProblems, frameworkDraftFromCase } from "../frameworks/case-draft.js";
import { saveFramework } from "../frameworks/save-framework.js";
import { hashPassword } from "../identity/passwords.js";
import { organizations, userRoles, users, type Role } from "../identity/schema.js";
import { classes, enrollments, guardianships, schools, terms } from "../roster/schema.js";
import {
  DEMO_ADMIN,
  DEMO_CLASSES,
  DEMO_LEARNERS,
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  DEMO_SCHOOL,
  DEMO_TERM,
  demoEmail,
} from "./demo-school.js";
import { seedDemoContent, type DemoContentCounts } from "./seed-demo-content.js";

export interface DemoSignIn {
  role: Role;
  name: string;
  email: string;
}

export interface DemoSeedResult {
  organizationId: string;
  password: string;
  signIns: DemoSignIn[];
  learners: number;
  /** Why the framework was not loaded, when it was not (e.g. the dataset file is missing). */
  frameworkWarning: string | null;
  competencies: number;
  /** The demo content seeded for the framework's competencies (none without the framework). */
  content: DemoContentCounts;
}

/** Serializes concurrent first starts of several server processes on one PostgreSQL database. */
const SEED_LOCK_KEY = 7_313_002;

export async function seedDemoSchoolIfEmpty(
  db: Database,
  frameworkFile: string,
  now: () => Date,
): Promise<DemoSeedResult | null> {
  const framework = await readFramework(frameworkFile);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [existing] = await tx.select({ n: count() }).from(organizations);
    if (Number(existing?.n ?? 0) > 0) return null;

    const [org] = await tx
      .insert(organizations)
      .values(DEMO_ORGANIZATION)
      .returning({ id: organizations.id });
    const organizationId = org!.id;
    const [school] = await tx
      .insert(schools)
      .values({ organizationId, name: DEMO_SCHOOL })
      .returning({ id: schools.id });
    const [term] = await tx
      .insert(terms)
      .values({ organizationId, schoolId: school!.id, ...DEMO_TERM })
      .returning({ id: terms.id });

    const addUser = async (
      person: { givenName: string; familyName: string },
      roles: Role[],
      grade: string | null = null,
    ) => {
      const [row] = await tx
        .insert(users)
        .values({
          organizationId,
          email: demoEmail(person.givenName, person.familyName),
          passwordHash,
          grade,
          ...person,
        })
        .returning({ id: users.id, email: users.email });
      await tx.insert(userRoles).values(roles.map((role) => ({ organizationId, userId: row!.id, role })));
      return row!;
    };

    const frameworkId = framework.draft ? await saveFramework(tx, organizationId, framework.draft) : null;
    const admin = await addUser(DEMO_ADMIN, ["admin"]);
    const signIns: DemoSignIn[] = [
      { role: "admin", name: `${DEMO_ADMIN.givenName} ${DEMO_ADMIN.familyName}`, email: admin.email },
    ];
    let learnerCount = 0;
    let firstClass: { id: string; teacherId: string } | null = null;
    for (const [index, demoClass] of DEMO_CLASSES.entries()) {
      const teacher = await addUser(demoClass.teacher, ["teacher"]);
      const [klass] = await tx
        .insert(classes)
        .values({
          organizationId,
          schoolId: school!.id,
          termId: term!.id,
          name: demoClass.name,
          grade: demoClass.grade,
          frameworkId,
        })
        .returning({ id: classes.id });
      await tx
        .insert(enrollments)
        .values({ organizationId, classId: klass!.id, userId: teacher.id, role: "teacher" });
      if (index === 0) {
        firstClass = { id: klass!.id, teacherId: teacher.id };
        signIns.push({
          role: "teacher",
          name: `${demoClass.teacher.givenName} ${demoClass.teacher.familyName}`,
          email: teacher.email,
        });
      }
      for (const [position, learner] of (DEMO_LEARNERS[index] ?? []).entries()) {
        const learnerRow = await addUser(learner, ["learner"], demoClass.grade);
        const guardianPerson = { givenName: learner.guardian, familyName: learner.familyName };
        const guardian = await addUser(guardianPerson, ["guardian"]);
        await tx
          .insert(enrollments)
          .values({ organizationId, classId: klass!.id, userId: learnerRow.id, role: "learner" });
        await tx.insert(guardianships).values({
          organizationId,
          guardianId: guardian.id,
          learnerId: learnerRow.id,
          relationship: learner.relationship,
        });
        learnerCount += 1;
        if (index === 0 && position === 0) {
          signIns.push({
            role: "learner",
            name: `${learner.givenName} ${learner.familyName}`,
            email: learnerRow.email,
          });
          signIns.push({
            role: "guardian",
            name: `${guardianPerson.givenName} ${guardianPerson.familyName}`,
            email: guardian.email,
          });
        }
      }
    }
    const content =
      frameworkId && firstClass
        ? await seedDemoContent(tx, organizationId, frameworkId, firstClass, now())
        : { resources: 0, items: 0, variants: 0 };
    await recordAudit(tx, {
      organizationId,
      actorId: null,
      action: "demo.seed",
      subjectType: "organization",
      subjectId: organizationId,
      details: { learners: learnerCount, frameworkId, content },
      at: now(),
    });
    return {
      organizationId,
      password: DEMO_PASSWORD,
      signIns,
      learners: learnerCount,
      frameworkWarning: framework.warning,
      competencies: framework.draft?.competencies.length ?? 0,
      content,
    };
  });
}

async function readFramework(file: string) {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return {
      draft: null,
      warning: `The demo framework file ${file} was not found; set PATHWISE_DEMO_FRAMEWORK.`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      draft: null,
      warning: `The demo framework file ${file} is not JSON: ${(error as Error).message}`,
    };
  }
  const parsed = frameworkDraftFromCase(json);
  return parsed.ok
    ? { draft: parsed.draft, warning: null }
    : {
        draft: null,
        warning: `The demo framework file ${file} is not a valid CASE package: ${describeProblems(parsed.problems)}`,
      };
}

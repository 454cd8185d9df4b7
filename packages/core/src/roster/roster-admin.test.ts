import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { zipSync, strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "../identity/schema.js";
import { actorOf, buildOrganization, buildUser } from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import {
  createClass,
  createPerson,
  createSchool,
  createTerm,
  enrollInClass,
  linkGuardian,
  listPeople,
  listSchools,
} from "./admin.js";
import { filesOfZip, importOneRoster } from "./oneroster-import.js";
import { listMyClasses } from "./list-my-classes.js";
import { listMyChildren } from "./list-my-children.js";

let test: TestDatabase;
const now = () => new Date("2026-09-01T09:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

async function district() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const admin = await buildUser(db, place.organization.id, ["admin"]);
  const teacher = await buildUser(db, place.organization.id, ["teacher"]);
  return {
    db,
    place,
    asAdmin: { db, actor: actorOf(admin, ["admin"]), now },
    asTeacher: { db, actor: actorOf(teacher, ["teacher"]), now },
  };
}

describe("roster administration", () => {
  it("builds a school, a term, a class, people, enrollments and a guardianship that the people then see", async () => {
    const d = await district();
    const school = await createSchool(d.asAdmin, { name: "Riverside Middle" });
    const term = await createTerm(d.asAdmin, {
      schoolId: school.id,
      name: "Fall 2026",
      startsOn: "2026-09-01",
      endsOn: "2026-12-18",
    });
    const klass = await createClass(d.asAdmin, {
      schoolId: school.id,
      termId: term.id,
      name: "Math 6A",
      grade: "06",
    });
    const teacher = await createPerson(d.asAdmin, {
      email: "r.ibarra@riverside.example",
      givenName: "Rosa",
      familyName: "Ibarra",
      roles: ["teacher"],
      password: "a long enough passphrase",
    });
    const learner = await createPerson(d.asAdmin, {
      email: "tomas@riverside.example",
      givenName: "Tomás",
      familyName: "Vega",
      roles: ["learner"],
      grade: "06",
      locale: "es",
    });
    const parent = await createPerson(d.asAdmin, {
      email: "lucia.vega@example.com",
      givenName: "Lucía",
      familyName: "Vega",
      roles: ["guardian"],
    });
    expect(teacher.canSignIn).toBe(true);
    expect(learner.canSignIn).toBe(false);
    await enrollInClass(d.asAdmin, klass.id, { userId: teacher.id, role: "teacher" });
    await enrollInClass(d.asAdmin, klass.id, { userId: learner.id, role: "learner" });
    await linkGuardian(d.asAdmin, { guardianId: parent.id, learnerId: learner.id, relationship: "mother" });

    const asNewTeacher = { db: d.db, actor: { ...d.asTeacher.actor, userId: teacher.id }, now };
    const classes = await listMyClasses(asNewTeacher);
    expect(classes.map((c) => c.name)).toEqual(["Math 6A"]);
    expect(classes[0]!.learners.map((l) => l.givenName)).toEqual(["Tomás"]);
    const asParent = {
      db: d.db,
      actor: { ...d.asTeacher.actor, userId: parent.id, roles: ["guardian" as const] },
      now,
    };
    expect((await listMyChildren(asParent)).map((c) => c.givenName)).toEqual(["Tomás"]);
    expect((await listSchools(d.asAdmin))[0]!.terms.map((t) => t.name)).toEqual(["Fall 2026"]);
    expect((await listPeople(d.asAdmin, { role: "learner" })).items.map((p) => p.email)).toEqual([
      "tomas@riverside.example",
    ]);
  });

  it("names what is wrong and where, and is for admins only", async () => {
    const d = await district();
    const school = await createSchool(d.asAdmin, { name: "North" });
    await expect(
      createTerm(d.asAdmin, { schoolId: school.id, name: "T", startsOn: "2026-12-01", endsOn: "2026-09-01" }),
    ).rejects.toMatchObject({ details: [{ path: "body.endsOn" }] });
    const learner = await createPerson(d.asAdmin, {
      email: "kid@north.example",
      givenName: "Kid",
      familyName: "North",
      roles: ["learner"],
    });
    await expect(
      createPerson(d.asAdmin, {
        email: "KID@north.example",
        givenName: "X",
        familyName: "Y",
        roles: ["learner"],
      }),
    ).rejects.toMatchObject({ details: [{ path: "body.email" }] });
    const term = await createTerm(d.asAdmin, {
      schoolId: school.id,
      name: "T",
      startsOn: "2026-09-01",
      endsOn: "2026-12-01",
    });
    const klass = await createClass(d.asAdmin, { schoolId: school.id, termId: term.id, name: "C" });
    await expect(
      enrollInClass(d.asAdmin, klass.id, { userId: learner.id, role: "teacher" }),
    ).rejects.toMatchObject({
      details: [{ path: "body.role" }],
    });
    await expect(createSchool(d.asTeacher, { name: "Mine" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

const DATASET = fileURLToPath(
  new URL("../../../../../shared/datasets/oneroster/minimal-1.2/", import.meta.url),
);

const HAS_DATASET = existsSync(DATASET);
if (!HAS_DATASET) console.warn(`The OneRoster sample is not at ${DATASET}; its import test is skipped.`);

async function datasetFiles(): Promise<Record<string, string>> {
  const names = await readdir(DATASET);
  return Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await readFile(DATASET + n, "utf8")])),
  );
}

const header = {
  manifest: "propertyName,value",
  orgs: "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
  academicSessions:
    "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
  courses:
    "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes",
  classes:
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
  users:
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns",
  roles:
    "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId",
  enrollments:
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate",
};
const T = "2026-08-20T00:00:00.000Z";

function roster(status: "active" | "tobedeleted" = "active"): Record<string, string> {
  const manifest = [
    header.manifest,
    "manifest.version,1.0",
    "oneroster.version,1.2",
    ...["orgs", "academicSessions", "courses", "classes", "users", "roles", "enrollments"].map(
      (f) => `file.${f},delta`,
    ),
    ...[
      "demographics",
      "userProfiles",
      "categories",
      "classResources",
      "courseResources",
      "lineItems",
      "resources",
      "results",
      "scoreScales",
      "lineItemLearningObjectiveIds",
      "lineItemScoreScales",
      "resultLearningObjectiveIds",
      "resultScoreScales",
      "userResources",
    ].map((f) => `file.${f},absent`),
    "source.systemName,TestSIS",
    "source.systemCode,TestSIS",
  ];
  return {
    "manifest.csv": manifest.join("\n"),
    "orgs.csv": [
      header.orgs,
      `D1,active,${T},Lakeside District,district,,`,
      `S1,active,${T},Lakeside Elementary,school,,D1`,
    ].join("\n"),
    "academicSessions.csv": [
      header.academicSessions,
      `Y1,active,${T},2026-27,schoolYear,2026-08-24,2027-06-11,,2027`,
    ].join("\n"),
    "courses.csv": [header.courses, `CO1,active,${T},Y1,Math 5,M5,05,S1,,`].join("\n"),
    "classes.csv": [header.classes, `C1,active,${T},Math 5 - Room 12,,CO1,,scheduled,,S1,Y1,,,`].join("\n"),
    "users.csv": [
      header.users,
      `U1,active,${T},true,jlee,,June,Lee,,,jlee@lakeside.example,,,,,,,,,,S1,`,
      `U2,active,${T},true,pkim,,Paul,Kim,,,pkim@lakeside.example,,,,,,,,,,S1,`,
      `U3,${status},${T},true,ana5,,Ana,Ruiz,,,,,,U4,05,,,,,,S1,`,
      `U4,active,${T},true,mruiz,,Marta,Ruiz,,,marta.ruiz@example.com,,,,,,,,,,S1,`,
    ].join("\n"),
    "roles.csv": [
      header.roles,
      `R1,active,${T},U1,primary,teacher,,,S1,`,
      `R2,active,${T},U2,primary,teacher,,,S1,`,
      `R3,active,${T},U3,primary,student,,,S1,`,
      `R4,active,${T},U4,primary,parent,,,S1,`,
    ].join("\n"),
    "enrollments.csv": [
      header.enrollments,
      `E1,active,${T},C1,S1,U1,teacher,true,,`,
      `E2,active,${T},C1,S1,U2,teacher,false,,`,
      `E3,${status},${T},C1,S1,U3,student,,,`,
    ].join("\n"),
  };
}

describe("OneRoster import", () => {
  it.skipIf(!HAS_DATASET)("imports the shared minimal 1.2 set", async () => {
    const files = await datasetFiles();
    const d = await district();
    const summary = await importOneRoster(d.asAdmin, { files });
    expect(summary).toMatchObject({
      source: "oneroster:DataGen",
      schools: { created: 1 },
      terms: { created: 1 },
      classes: { created: 1 },
      people: { created: 1 },
      enrollments: { upserted: 1 },
    });
  });

  it("maps a district's roster, re-imports without duplicates, and applies deletions", async () => {
    const d = await district();
    const first = await importOneRoster(d.asAdmin, {
      files: filesOfZip(
        zipSync(Object.fromEntries(Object.entries(roster()).map(([n, t]) => [`export/${n}`, strToU8(t)]))),
      ),
    });
    expect(first).toMatchObject({
      schools: { created: 1 },
      classes: { created: 1 },
      people: { created: 4 },
      enrollments: { upserted: 3 },
      guardianships: { upserted: 1 },
    });
    const ana = await d.db.select().from(users).where(eq(users.givenName, "Ana"));
    expect(ana[0]!.email).toMatch(/^u3\..*@roster\.invalid$/);
    expect(ana[0]!.grade).toBe("05");

    const again = await importOneRoster(d.asAdmin, { files: roster() });
    expect(again).toMatchObject({ schools: { created: 0, updated: 1 }, people: { created: 0, updated: 4 } });
    const people = await listPeople(d.asAdmin, {});
    expect(people.items.filter((p) => p.familyName === "Ruiz").map((p) => p.roles)).toEqual(
      expect.arrayContaining([["learner"], ["guardian"]]),
    );

    const deletion = await importOneRoster(d.asAdmin, { files: roster("tobedeleted") });
    expect(deletion).toMatchObject({
      enrollments: { removed: 1 },
      guardianships: { removed: 1 },
      people: { disabled: 1 },
    });
  });

  it("imports nothing from a roster with errors, naming the file, row and column", async () => {
    const d = await district();
    const schoolsBefore = (await listSchools(d.asAdmin)).length;
    const files = roster();
    files["classes.csv"] = [header.classes, `C1,active,${T},Math,,CO1,,weekly,,S1,Y1,,,`].join("\n");
    const error = await importOneRoster(d.asAdmin, { files }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "validation_failed" });
    expect((error as { details: { path: string }[] }).details[0]!.path).toMatch(/^files\.classes.*classType/);
    expect((await listSchools(d.asAdmin)).length).toBe(schoolsBefore);
  });
});

describe("the audit trail", () => {
  it("shows admins who changed what, newest first, and only their organization's", async () => {
    const d = await district();
    const other = await district();
    let second = 0;
    const moving = { ...d.asAdmin, now: () => new Date(Date.UTC(2026, 8, 1) + second++ * 1000) };
    await createSchool(moving, { name: "First" });
    await createSchool(moving, { name: "Second" });
    await createSchool(other.asAdmin, { name: "Elsewhere" });
    const { listAuditEvents } = await import("../audit/list-audit.js");
    const page = await listAuditEvents(d.asAdmin, { action: "school.create", limit: "1" });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.details).toMatchObject({ name: "Second" });
    expect(page.items[0]!.actor?.id).toBe(d.asAdmin.actor.userId);
    const next = await listAuditEvents(d.asAdmin, { action: "school.create", cursor: page.nextCursor! });
    expect(next.items.map((i) => i.details.name)).toEqual(["First"]);
    await expect(listAuditEvents(d.asTeacher, {})).rejects.toMatchObject({ code: "forbidden" });
  });
});

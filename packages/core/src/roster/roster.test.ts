import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import {
  actorOf,
  buildClass,
  buildOrganization,
  buildUser,
  enroll,
  linkGuardian,
} from "../testing/factories.js";
import { listMyChildren } from "./list-my-children.js";
import { listMyClasses } from "./list-my-classes.js";

let test: TestDatabase;
const now = () => new Date("2026-09-01T08:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

async function school() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const teacher = await buildUser(db, orgId, ["teacher"], { givenName: "Amara", familyName: "Okafor" });
  const otherTeacher = await buildUser(db, orgId, ["teacher"]);
  const admin = await buildUser(db, orgId, ["admin"]);
  const math = await buildClass(db, place, { name: "Grade 5 Math", grade: "05" });
  const science = await buildClass(db, place, { name: "Grade 5 Science", grade: "05" });
  await enroll(db, math, teacher.id, "teacher");
  await enroll(db, science, otherTeacher.id, "teacher");
  const zoe = await buildUser(db, orgId, ["learner"], {
    givenName: "Zoe",
    familyName: "Martin",
    grade: "05",
  });
  const ali = await buildUser(db, orgId, ["learner"], {
    givenName: "Ali",
    familyName: "Haddad",
    grade: "05",
  });
  await enroll(db, math, zoe.id, "learner");
  await enroll(db, math, ali.id, "learner");
  await enroll(db, science, ali.id, "learner");
  const guardian = await buildUser(db, orgId, ["guardian"]);
  await linkGuardian(db, orgId, guardian.id, zoe.id, "mother");
  return { place, teacher, otherTeacher, admin, math, science, zoe, ali, guardian };
}

describe("listMyClasses", () => {
  it("shows a teacher only the classes they teach, with those classes' learners in name order", async () => {
    const s = await school();
    const classes = await listMyClasses({ db: test.handle.db, actor: actorOf(s.teacher, ["teacher"]), now });
    expect(classes.map((c) => c.name)).toEqual(["Grade 5 Math"]);
    expect(classes[0]!.learners.map((l) => `${l.givenName} ${l.familyName}`)).toEqual([
      "Ali Haddad",
      "Zoe Martin",
    ]);
  });

  it("shows an admin every class of their organization and nothing of another organization", async () => {
    const s = await school();
    const elsewhere = await school();
    const classes = await listMyClasses({ db: test.handle.db, actor: actorOf(s.admin, ["admin"]), now });
    const ids = classes.map((c) => c.id).sort();
    expect(ids).toEqual([s.math.id, s.science.id].sort());
    expect(ids).not.toContain(elsewhere.math.id);
  });

  it("shows a teacher with no classes an empty list", async () => {
    const s = await school();
    const newcomer = await buildUser(test.handle.db, s.place.organization.id, ["teacher"]);
    expect(await listMyClasses({ db: test.handle.db, actor: actorOf(newcomer, ["teacher"]), now })).toEqual(
      [],
    );
  });
});

describe("listMyChildren", () => {
  it("shows a guardian only their linked learners, with each one's classes", async () => {
    const s = await school();
    const children = await listMyChildren({
      db: test.handle.db,
      actor: actorOf(s.guardian, ["guardian"]),
      now,
    });
    expect(children).toHaveLength(1);
    expect(children[0]).toMatchObject({ id: s.zoe.id, relationship: "mother" });
    expect(children[0]!.classes.map((c) => c.name)).toEqual(["Grade 5 Math"]);
  });
});

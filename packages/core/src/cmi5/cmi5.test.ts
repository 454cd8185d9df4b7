import { strToU8, zipSync } from "fflate";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { competencies, frameworks } from "../frameworks/schema.js";
import { AppError } from "../shared/errors.js";
import { actorOf, buildClass, buildOrganization, buildUser, enroll } from "../testing/factories.js";
import { cmi5CourseXml, cmi5Zip } from "../testing/cmi5-package.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { mapActivityToCompetencies } from "../xapi/activity-mappings.js";
import { xapiActivities } from "../xapi/schema.js";
import { getCmi5Course, offerCmi5Course } from "./course-catalog.js";
import { importCmi5Package } from "./import-cmi5-package.js";
import { launchCmi5Au } from "./launch-cmi5-au.js";
import { listMyCmi5Courses } from "./list-my-cmi5-courses.js";
import { readCmi5PackageFile } from "./package-content.js";
import { readCmi5Package } from "./read-cmi5-package.js";
import { cmi5AuProgress, cmi5Courses, cmi5Registrations } from "./schema.js";
import { waiveCmi5Au } from "./waive-cmi5-au.js";

let test: TestDatabase;
const now = () => new Date("2026-10-05T09:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

async function school() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const admin = await buildUser(db, orgId, ["admin"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const outsider = await buildUser(db, orgId, ["learner"]);
  const klass = await buildClass(db, place, { name: "Math" });
  await enroll(db, klass, learner.id, "learner");
  const [framework] = await db
    .insert(frameworks)
    .values({ organizationId: orgId, title: "Math", version: "1" })
    .returning();
  const [competency] = await db
    .insert(competencies)
    .values({
      organizationId: orgId,
      frameworkId: framework!.id,
      humanCodingScheme: "5.NF.A.1",
      statement: "Add fractions with unlike denominators",
      position: 0,
      depth: 0,
    })
    .returning();
  const as = (user: typeof admin, roles: Parameters<typeof actorOf>[1]) => ({
    db,
    actor: actorOf(user, roles),
    now,
  });
  return {
    db,
    orgId,
    klass,
    competency: competency!,
    asAdmin: as(admin, ["admin"]),
    asLearner: as(learner, ["learner"]),
    asOutsider: as(outsider, ["learner"]),
    learner,
  };
}

/** The AppError an import fails with (the test fails if it succeeds). */
async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the import to be refused");
}

const AU = "https://courses.example/fractions/au-1";
const packaged = (xml = cmi5CourseXml({ aus: [{ id: AU, url: "index.html", moveOn: "Passed" }] })) => ({
  filename: "fractions.zip",
  contentType: "application/zip",
  bytes: cmi5Zip(xml, { "index.html": "<!doctype html><title>AU</title>" }),
});

describe("reading a package", () => {
  const read = (bytes: Uint8Array, contentType: string, filename: string) => {
    try {
      readCmi5Package({ bytes, contentType, filename });
    } catch (error) {
      return (error as AppError).details;
    }
    throw new Error("expected the package to be refused");
  };

  it("refuses what is not a cmi5 package, saying so about the package", () => {
    expect(read(strToU8("# notes"), "text/markdown", "notes.md")).toEqual([
      { path: "package", message: expect.stringContaining("not text/markdown") },
    ]);
    expect(read(strToU8("not a zip at all"), "application/zip", "course.zip")).toEqual([
      { path: "package", message: '"course.zip" is not a ZIP archive (cmi5 §14.1)' },
    ]);
    expect(read(zipSync({ "index.html": strToU8("<p>hi</p>") }), "application/zip", "course.zip")).toEqual([
      { path: "package", message: "must hold cmi5.xml at the root of the ZIP archive (cmi5 §14.1)" },
    ]);
  });

  it("names the file and element of a course-structure problem", () => {
    const missing = cmi5Zip(cmi5CourseXml({ aus: [{ id: AU, url: "lesson/start.html" }] }));
    expect(read(missing, "application/zip", "course.zip")).toEqual([
      {
        path: "cmi5.xml/courseStructure/au[1]/url",
        message: 'refers to "lesson/start.html", which is not in the package',
      },
    ]);
    const bare = cmi5CourseXml({ aus: [{ id: AU, url: "index.html", masteryScore: "1.5" }] });
    expect(read(strToU8(bare), "text/xml", "cmi5.xml").map((d) => d.path)).toEqual([
      "cmi5.xml/courseStructure/au[1]/url",
      "cmi5.xml/courseStructure/au[1]/@masteryScore",
    ]);
  });

  it("refuses entries that would escape the package", () => {
    const evil = zipSync({
      "cmi5.xml": strToU8(cmi5CourseXml({ aus: [{ id: AU, url: "https://x.example/a" }] })),
      "../evil.html": strToU8("x"),
    });
    expect(read(evil, "application/zip", "course.zip")).toEqual([
      { path: "package/../evil.html", message: "is not a safe file name" },
    ]);
  });

  it("reads a bare cmi5.xml sent as an opaque file", () => {
    const xml = cmi5CourseXml({ aus: [{ id: AU, url: "https://content.example/au/1" }] });
    const read = readCmi5Package({
      bytes: strToU8(xml),
      contentType: "application/octet-stream",
      filename: "cmi5.xml",
    });
    expect(read.source).toBe("xml");
    expect(read.files).toEqual([]);
  });
});

describe("importing a package", () => {
  it("stores the course, its AUs as activities and its files, and writes nothing when refused", async () => {
    const s = await school();
    const summary = await importCmi5Package(s.asAdmin, packaged());
    expect(summary).toMatchObject({ version: 1, created: true, source: "zip", aus: { added: 1 }, files: 2 });
    const course = await getCmi5Course(s.asAdmin, summary.courseId);
    const au = course.children[0]!;
    expect(au).toMatchObject({ kind: "au", publisherId: AU, moveOn: "Passed", position: 0 });
    expect(au.activityId).not.toBe(AU);
    const [activity] = await s.db
      .select()
      .from(xapiActivities)
      .where(and(eq(xapiActivities.organizationId, s.orgId), eq(xapiActivities.activityId, au.activityId)));
    expect(activity?.definition).toMatchObject({ name: { "en-US": AU } });
    const file = await readCmi5PackageFile(s.db, course.currentPackageId, "index.html");
    expect(file?.contentType).toBe("text/html");

    const bad = await refusal(
      importCmi5Package(s.asAdmin, {
        ...packaged(),
        bytes: cmi5Zip(cmi5CourseXml({ courseId: "not an iri", aus: [{ id: AU, url: "index.html" }] }), {
          "index.html": "x",
        }),
      }),
    );
    expect(bad.details).toEqual([
      { path: "cmi5.xml/courseStructure/course/@id", message: 'must be an absolute IRI, got "not an iri"' },
    ]);
    const [{ n }] = (await s.db
      .select({ n: count() })
      .from(cmi5Courses)
      .where(eq(cmi5Courses.organizationId, s.orgId))) as [{ n: number }];
    expect(n).toBe(1);
  });

  it("is for admins only", async () => {
    const s = await school();
    await expect(importCmi5Package(s.asLearner, packaged())).rejects.toMatchObject({ code: "forbidden" });
  });

  it("maps competencies the package names, and refuses a code nobody has, naming the element", async () => {
    const s = await school();
    const mapped = cmi5CourseXml({ aus: [{ id: AU, url: "index.html", competencyCodes: ["5.NF.A.1"] }] });
    const summary = await importCmi5Package(s.asAdmin, packaged(mapped));
    expect(summary.mapped).toBe(1);
    const course = await getCmi5Course(s.asAdmin, summary.courseId);
    expect(course.children[0]!.competencies).toEqual([
      { id: s.competency.id, code: "5.NF.A.1", statement: "Add fractions with unlike denominators" },
    ]);
    const unknown = cmi5CourseXml({ aus: [{ id: AU, url: "index.html", competencyCodes: ["9.ZZ.Z.9"] }] });
    const error = await refusal(importCmi5Package(s.asAdmin, packaged(unknown)));
    expect(error.details).toEqual([
      {
        path: "cmi5.xml/courseStructure/au[1]/pw:competencies/pw:competency[1]/@code",
        message: 'no current competency of your organization has code "9.ZZ.Z.9"',
      },
    ]);
  });

  it("lets an admin map an activity by competency code, naming a code nobody has", async () => {
    const s = await school();
    const { courseId } = await importCmi5Package(s.asAdmin, packaged());
    const activityId = (await getCmi5Course(s.asAdmin, courseId)).children[0]!.activityId;
    const mapped = await mapActivityToCompetencies(s.asAdmin, {
      activityId,
      competencyIds: [],
      competencyCodes: ["5.NF.A.1"],
    });
    expect(mapped.competencyIds).toEqual([s.competency.id]);
    const error = await refusal(
      mapActivityToCompetencies(s.asAdmin, {
        activityId,
        competencyIds: [],
        competencyCodes: ["5.NF.A.1", "0.XX"],
      }),
    );
    expect(error.details).toEqual([
      {
        path: "body.competencyCodes[1]",
        message: 'no current competency of your organization has code "0.XX"',
      },
    ]);
  });

  it("keeps registrations, progress, activity ids and an admin's mappings across versions, retiring what a version drops", async () => {
    const s = await school();
    const AU2 = "https://courses.example/fractions/au-2";
    const first = await importCmi5Package(
      s.asAdmin,
      packaged(
        cmi5CourseXml({
          aus: [
            { id: AU, url: "index.html", moveOn: "Passed" },
            { id: AU2, url: "index.html", moveOn: "Passed" },
          ],
        }),
      ),
    );
    await offerCmi5Course(s.asAdmin, first.courseId, { classIds: [s.klass.id] });
    const before = await getCmi5Course(s.asAdmin, first.courseId);
    const [au1, au2] = [before.children[0]!, before.children[1]!];
    await mapActivityToCompetencies(s.asAdmin, {
      activityId: au1.activityId,
      competencyIds: [s.competency.id],
    });
    const launch = await launchCmi5Au(s.asLearner, {
      courseId: first.courseId,
      auId: au1.id,
      origin: "https://pathwise.test",
    });
    await waiveCmi5Au(s.asAdmin, { registrationId: launch.registration, auId: au1.id, reason: "Tested Out" });

    const AU3 = "https://courses.example/fractions/au-3";
    const second = await importCmi5Package(
      s.asAdmin,
      packaged(
        cmi5CourseXml({
          title: "Fractions, revised",
          aus: [
            { id: AU, url: "index.html", moveOn: "Completed" },
            { id: AU3, url: "index.html", moveOn: "Passed" },
          ],
        }),
      ),
    );
    expect(second).toMatchObject({
      courseId: first.courseId,
      version: 2,
      created: false,
      aus: { added: 1, updated: 1, retired: 1 },
    });
    const after = await getCmi5Course(s.asAdmin, first.courseId);
    expect(after.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(after.children.map((n) => n.publisherId)).toEqual([AU, AU3]);
    expect(after.children[0]).toMatchObject({ id: au1.id, activityId: au1.activityId, moveOn: "Completed" });
    expect(after.children[0]!.competencies.map((c) => c.id)).toEqual([s.competency.id]);
    expect(after.children.some((n) => n.id === au2.id)).toBe(false);
    // The registration and the waiver survive; the learner still sees the course.
    const [registration] = await s.db
      .select()
      .from(cmi5Registrations)
      .where(eq(cmi5Registrations.id, launch.registration));
    expect(registration?.courseId).toBe(first.courseId);
    const [progress] = await s.db
      .select()
      .from(cmi5AuProgress)
      .where(and(eq(cmi5AuProgress.registrationId, launch.registration), eq(cmi5AuProgress.auId, au1.id)));
    expect(progress?.waivedReason).toBe("Tested Out");
    const [mine] = await listMyCmi5Courses(s.asLearner);
    expect(mine?.title).toEqual({ "en-US": "Fractions, revised" });
    expect(mine?.aus.map((a) => a.progress.status)).toEqual(["satisfied", "not_started"]);
    // The first version's files are no longer served.
    expect(await readCmi5PackageFile(s.db, before.currentPackageId, "index.html")).toBeNull();
    expect(await readCmi5PackageFile(s.db, after.currentPackageId, "index.html")).not.toBeNull();
  });
});

describe("launching", () => {
  it("is only for learners of a class the course is offered to", async () => {
    const s = await school();
    const { courseId } = await importCmi5Package(s.asAdmin, packaged());
    const auId = (await getCmi5Course(s.asAdmin, courseId)).children[0]!.id;
    const launch = (ctx: typeof s.asLearner) =>
      launchCmi5Au(ctx, { courseId, auId, origin: "https://pathwise.test" });
    await expect(launch(s.asLearner)).rejects.toMatchObject({ code: "not_found" });
    await offerCmi5Course(s.asAdmin, courseId, { classIds: [s.klass.id] });
    const launched = await launch(s.asLearner);
    const url = new URL(launched.url);
    expect(url.origin + url.pathname).toMatch(
      /^https:\/\/pathwise\.test\/cmi5\/content\/[0-9a-f-]{36}\/index\.html$/,
    );
    expect(url.searchParams.get("endpoint")).toBe("https://pathwise.test/xapi");
    expect(url.searchParams.get("registration")).toBe(launched.registration);
    expect(JSON.parse(url.searchParams.get("actor")!)).toEqual({
      objectType: "Agent",
      account: { homePage: "https://pathwise.example/learners", name: s.learner.id },
    });
    await expect(launch(s.asOutsider)).rejects.toMatchObject({ code: "not_found" });
    await expect(launch(s.asAdmin)).rejects.toMatchObject({ code: "forbidden" });
    // A second launch reuses the registration; a registration that is not the learner's is not found.
    expect((await launch(s.asLearner)).registration).toBe(launched.registration);
    await expect(
      launchCmi5Au(s.asLearner, {
        courseId,
        auId,
        origin: "https://pathwise.test",
        registration: "00000000-0000-4000-8000-000000000000",
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a return path that leaves the site", async () => {
    const s = await school();
    const error = await refusal(
      launchCmi5Au(s.asLearner, {
        courseId: "00000000-0000-4000-8000-000000000000",
        auId: "00000000-0000-4000-8000-000000000000",
        origin: "https://pathwise.test",
        returnPath: "//evil.example/",
      }),
    );
    expect(error.details.map((d) => d.path)).toEqual(["body.returnPath"]);
  });
});

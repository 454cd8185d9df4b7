import type { Role } from "../identity/schema.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvidence } from "../evidence/record-evidence.js";
import { AppError } from "../shared/errors.js";
import { casePackage } from "../testing/case-package.js";
import { buildClass, buildOrganization, buildUser, enroll, contextOf } from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { importCaseFramework } from "./import-framework.js";
import {
  addLocalCompetency,
  addLocalPrerequisite,
  getFramework,
  listFrameworkVersions,
  removeLocalPrerequisite,
} from "./local-changes.js";

let test: TestDatabase;
let tick = 0;
/** A clock that moves on a second each time it is read, so imports have an order. */
const now = () => new Date(Date.UTC(2026, 8, 1, 9) + tick++ * 1000);

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

const id = (n: number) => `aaaaaaaa-0000-4000-8000-${String(n).padStart(12, "0")}`;
const v1 = casePackage({
  version: "2024-01-01T00:00:00Z",
  items: [
    { id: id(1), code: "5.NF.1", statement: "Add fractions with unlike denominators.", grade: "05" },
    { id: id(2), code: "5.NF.2", statement: "Solve word problems adding fractions.", grade: "05" },
    { id: id(3), code: "5.NF.3", statement: "Interpret a fraction as division.", grade: "05" },
  ],
  precedes: [[id(1), id(2)]],
});
const v2 = casePackage({
  version: "2025-01-01T00:00:00Z",
  items: [
    {
      id: id(1),
      code: "5.NF.A.1",
      statement: "Add and subtract fractions with unlike denominators.",
      grade: "05",
    },
    { id: id(2), code: "5.NF.2", statement: "Solve word problems adding fractions.", grade: "05" },
    { id: id(4), code: "5.NF.4", statement: "Multiply a fraction by a whole number.", grade: "05" },
  ],
  precedes: [[id(2), id(4)]],
});

async function school() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const admin = await buildUser(db, orgId, ["admin"]);
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const ctx = (user: typeof admin, roles: Role[]) => contextOf(db, user, roles, now);
  return {
    db,
    place,
    learner,
    teacher,
    asAdmin: ctx(admin, ["admin"]),
    asTeacher: ctx(teacher, ["teacher"]),
    asLearner: ctx(learner, ["learner"]),
  };
}

describe("CASE import", () => {
  it("imports a package, and a newer version keeps learners' evidence attached while retiring what is gone", async () => {
    const s = await school();
    const first = await importCaseFramework(s.asAdmin, { package: v1 });
    expect(first).toMatchObject({
      created: true,
      title: "Example framework",
      competencies: { added: 3, updated: 0, retired: 0 },
      prerequisites: 1,
    });
    const before = await getFramework(s.asLearner, first.frameworkId);
    const add = before.competencies.find((c) => c.humanCodingScheme === "5.NF.1")!;
    const klass = await buildClass(s.db, s.place, { frameworkId: first.frameworkId, grade: "05" });
    await enroll(s.db, klass, s.learner.id, "learner");
    const answered = await recordEvidence(s.asLearner, {
      learnerId: s.learner.id,
      kind: "attempt",
      competencyIds: [add.id],
      correct: true,
      idempotencyKey: "first-answer",
    });

    const second = await importCaseFramework(s.asAdmin, { package: v2 });
    expect(second).toMatchObject({
      frameworkId: first.frameworkId,
      created: false,
      competencies: { added: 1, updated: 1, unchanged: 1, retired: 1 },
      prerequisites: 1,
    });
    const after = await getFramework(s.asLearner, first.frameworkId);
    expect(after.competencies.map((c) => c.humanCodingScheme)).toEqual(["5.NF.2", "5.NF.4", "5.NF.A.1"]);
    // Same competency row, new wording: the evidence still points at it.
    const renamed = after.competencies.find((c) => c.humanCodingScheme === "5.NF.A.1")!;
    expect(renamed.id).toBe(add.id);
    expect(answered.competencyIds).toEqual([renamed.id]);
    const prerequisites = after.edges.filter((e) => e.kind === "prerequisite");
    expect(prerequisites).toHaveLength(1);
    const versions = await listFrameworkVersions(s.asTeacher, first.frameworkId);
    expect(versions.map((v) => v.version)).toEqual(["2025-01-01T00:00:00Z", "2024-01-01T00:00:00Z"]);

    const again = await importCaseFramework(s.asAdmin, { package: v2 });
    expect(again.competencies).toMatchObject({ added: 0, updated: 0, unchanged: 3, retired: 0 });
  });

  it("keeps what teachers added locally through a re-import, and refuses a prerequisite that makes a loop", async () => {
    const s = await school();
    const { frameworkId } = await importCaseFramework(s.asAdmin, { package: v1 });
    const klass = await buildClass(s.db, s.place, { frameworkId, grade: "05" });
    await enroll(s.db, klass, s.teacher.id, "teacher");
    const framework = await getFramework(s.asTeacher, frameworkId);
    const [one, two, three] = ["5.NF.1", "5.NF.2", "5.NF.3"].map((code) =>
      framework.competencies.find((c) => c.humanCodingScheme === code)!,
    );
    const local = await addLocalCompetency(s.asTeacher, frameworkId, {
      statement: "Use fraction strips to show equivalent fractions.",
      humanCodingScheme: "LOCAL.1",
      educationLevels: ["05"],
    });
    await addLocalPrerequisite(s.asTeacher, frameworkId, { fromId: local.id, toId: one!.id });
    await addLocalPrerequisite(s.asTeacher, frameworkId, { fromId: three!.id, toId: two!.id });

    const loop = await addLocalPrerequisite(s.asTeacher, frameworkId, {
      fromId: two!.id,
      toId: local.id,
    }).catch((e: unknown) => e);
    expect(loop).toBeInstanceOf(AppError);
    expect((loop as AppError).details[0]).toMatchObject({ path: "body.toId" });
    expect((loop as AppError).details[0]!.message).toMatch(/cycle/);

    await importCaseFramework(s.asAdmin, { package: v1 });
    const after = await getFramework(s.asTeacher, frameworkId);
    expect(after.competencies.some((c) => c.id === local.id && c.local)).toBe(true);
    const localEdges = after.edges.filter((e) => e.local).map((e) => [e.fromId, e.toId]);
    expect(localEdges).toEqual(
      expect.arrayContaining([
        [local.id, one!.id],
        [three!.id, two!.id],
      ]),
    );
    await removeLocalPrerequisite(s.asTeacher, frameworkId, { fromId: three!.id, toId: two!.id });
    const publisher = await removeLocalPrerequisite(s.asTeacher, frameworkId, {
      fromId: one!.id,
      toId: two!.id,
    }).catch((e: unknown) => e);
    expect(publisher).toMatchObject({ code: "conflict" });
  });

  it("is for admins and teachers (a new version: for those teaching with it), and a bad package is refused with where, writing nothing", async () => {
    const s = await school();
    await expect(importCaseFramework(s.asLearner, { package: v1 })).rejects.toMatchObject({
      code: "forbidden",
    });
    const mine = await importCaseFramework(s.asTeacher, { package: v1 });
    expect(mine.created).toBe(true);
    // While no class uses it, any teacher may bring it up to date; once one does, only its teachers.
    const colleague = await buildUser(s.db, s.place.organization.id, ["teacher"]);
    const asColleague = contextOf(s.db, colleague, ["teacher"], now);
    await importCaseFramework(asColleague, { package: v1 });
    const klass = await buildClass(s.db, s.place, { frameworkId: mine.frameworkId, grade: "05" });
    await enroll(s.db, klass, s.teacher.id, "teacher");
    await expect(importCaseFramework(asColleague, { package: v2 })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await importCaseFramework(s.asTeacher, { package: v2 })).competencies.added).toBe(1);

    const broken = { ...v1, CFItems: [{ identifier: "not-a-uuid" }] };
    const refused = await importCaseFramework(s.asAdmin, { package: broken }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: "validation_failed" });
    expect((refused as AppError).details.map((d) => d.path)).toContain("body.package.CFItems[0].uri");
    const cyclic = casePackage({
      items: [
        { id: id(1), code: "A", statement: "First thing." },
        { id: id(2), code: "B", statement: "Second thing." },
      ],
      precedes: [
        [id(1), id(2)],
        [id(2), id(1)],
      ],
    });
    await expect(importCaseFramework(s.asAdmin, { package: cyclic })).rejects.toMatchObject({
      details: [{ path: "body.package.CFAssociations" }],
    });
  });

  it("reads a package from a CASE provider's REST API", async () => {
    const s = await school();
    const body = await readFile(
      new URL("../../../../../shared/datasets/case/smarter-balanced-math-content-spec.json", import.meta.url),
      "utf8",
    ).catch(() => JSON.stringify(v1));
    const server = createServer((req, res) => {
      if (req.url?.startsWith("/ims/case/v1p0/CFPackages/")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const summary = await importCaseFramework(s.asAdmin, {
        providerUrl: `http://127.0.0.1:${port}/ims/case/v1p0/CFPackages/${id(9)}`,
      });
      expect(summary.created).toBe(true);
      expect(summary.competencies.added).toBeGreaterThan(2);
      await expect(
        importCaseFramework(s.asAdmin, { providerUrl: `http://127.0.0.1:${port}/ims/case/v1p0/CFPackages/` }),
      ).rejects.toMatchObject({ details: [{ path: "body.providerUrl" }] });
      await expect(
        importCaseFramework(s.asAdmin, { providerUrl: `http://127.0.0.1:${port}/elsewhere/CFPackages/x` }),
      ).rejects.toMatchObject({
        details: [{ path: "body.providerUrl", message: expect.stringContaining("404") }],
      });
    } finally {
      server.close();
    }
  });
});

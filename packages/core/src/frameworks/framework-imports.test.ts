import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvidence } from "../evidence/record-evidence.js";
import { casePackage } from "../testing/case-package.js";
import { buildClass, buildOrganization, buildUser, contextOf, enroll } from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { frameworkDraftFromCase } from "./case-draft.js";
import { getFrameworkImport } from "./get-framework-import.js";
import { getFramework, listFrameworks } from "./local-changes.js";
import { runQueuedFrameworkImports } from "./run-framework-imports.js";
import { upsertFramework } from "./save-framework.js";
import { frameworks, frameworkVersions } from "./schema.js";
import { startFrameworkImport } from "./start-framework-import.js";

let test: TestDatabase;
let tick = 0;
const now = () => new Date(Date.UTC(2026, 9, 1, 9) + tick++ * 1000);

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

const id = (n: number) => `bbbbbbbb-0000-4000-8000-${String(n).padStart(12, "0")}`;
const v1 = casePackage({
  documentId: "22222222-3333-4444-8555-666666666666",
  title: "Fractions",
  version: "2024-01-01T00:00:00Z",
  items: [
    { id: id(1), code: "F.1", statement: "Add fractions with unlike denominators.", grade: "05" },
    { id: id(2), code: "F.2", statement: "Solve word problems adding fractions.", grade: "05" },
    { id: id(3), code: "F.3", statement: "Interpret a fraction as division.", grade: "05" },
  ],
  precedes: [[id(1), id(2)]],
});
const v2 = casePackage({
  documentId: "22222222-3333-4444-8555-666666666666",
  title: "Fractions",
  version: "2025-01-01T00:00:00Z",
  items: [
    {
      id: id(1),
      code: "F.1",
      statement: "Add and subtract fractions with unlike denominators.",
      grade: "05",
    },
    { id: id(2), code: "F.2", statement: "Solve word problems adding fractions.", grade: "05" },
    { id: id(4), code: "F.4", statement: "Multiply a fraction by a whole number.", grade: "05" },
  ],
  precedes: [[id(2), id(4)]],
});

async function school() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const colleague = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const admin = await buildUser(db, orgId, ["admin"]);
  return {
    db,
    place,
    teacher,
    learner,
    asTeacher: contextOf(db, teacher, ["teacher"], now),
    asColleague: contextOf(db, colleague, ["teacher"], now),
    asLearner: contextOf(db, learner, ["learner"], now),
    asAdmin: contextOf(db, admin, ["admin"], now),
  };
}

/** Runs the worker as the server does on the embedded database. */
const work = () => runQueuedFrameworkImports(test.handle.db, now, { progressWhileWriting: false });

describe("CASE import jobs", () => {
  it("a teacher's import runs as a job: queued, then a summary of competencies and associations by type", async () => {
    const s = await school();
    const { id: jobId } = await startFrameworkImport(s.asTeacher, {
      package: v1,
      fileName: "fractions.json",
    });
    const queued = await getFrameworkImport(s.asTeacher, jobId);
    expect(queued).toMatchObject({ stage: "queued", finished: false, done: 0, sourceName: "fractions.json" });

    await work();
    const done = await getFrameworkImport(s.asTeacher, jobId);
    expect(done).toMatchObject({ stage: "succeeded", finished: true, done: 3, total: 3, failure: null });
    expect(done.summary).toMatchObject({
      title: "Fractions",
      created: true,
      previousVersion: null,
      competencies: { added: 3, updated: 0, unchanged: 0, retired: 0 },
    });
    expect(done.summary?.associations).toEqual([
      { type: "isChildOf", found: 3, mapped: 3, skipped: [] },
      { type: "precedes", found: 1, mapped: 1, skipped: [] },
    ]);
    const framework = await getFramework(s.asTeacher, done.summary!.frameworkId);
    expect(framework.competencies.map((c) => c.humanCodingScheme)).toEqual(["F.1", "F.2", "F.3"]);
    // The framework browser's list counts them.
    expect(await listFrameworks(s.asTeacher)).toMatchObject([{ title: "Fractions", competencies: 3 }]);
    // Someone else's import is not theirs to follow.
    await expect(getFrameworkImport(s.asColleague, jobId)).rejects.toMatchObject({ code: "not_found" });
    expect((await getFrameworkImport(s.asAdmin, jobId)).stage).toBe("succeeded");
  });

  it("a newer version says what changed, and learners' evidence stays on the same competencies", async () => {
    const s = await school();
    await startFrameworkImport(s.asTeacher, { package: v1, fileName: "v1.json" });
    await work();
    const [framework] = await s.db
      .select()
      .from(frameworks)
      .where(eq(frameworks.organizationId, s.place.organization.id));
    const klass = await buildClass(s.db, s.place, { frameworkId: framework!.id, grade: "05" });
    await enroll(s.db, klass, s.teacher.id, "teacher");
    await enroll(s.db, klass, s.learner.id, "learner");
    const before = await getFramework(s.asTeacher, framework!.id);
    const adding = before.competencies.find((c) => c.humanCodingScheme === "F.1")!;
    const dividing = before.competencies.find((c) => c.humanCodingScheme === "F.3")!;
    await recordEvidence(s.asLearner, {
      learnerId: s.learner.id,
      kind: "attempt",
      competencyIds: [adding.id],
      correct: true,
      idempotencyKey: "f1",
    });
    await recordEvidence(s.asLearner, {
      learnerId: s.learner.id,
      kind: "attempt",
      competencyIds: [dividing.id],
      correct: false,
      idempotencyKey: "f3",
    });

    const { id: jobId } = await startFrameworkImport(s.asTeacher, { package: v2, fileName: "v2.json" });
    await work();
    const summary = (await getFrameworkImport(s.asTeacher, jobId)).summary!;
    expect(summary).toMatchObject({
      frameworkId: framework!.id,
      created: false,
      previousVersion: "2024-01-01T00:00:00Z",
      version: "2025-01-01T00:00:00Z",
      competencies: { added: 1, updated: 1, unchanged: 1, retired: 1 },
      evidenceKept: 2,
      changes: {
        added: [{ code: "F.4", statement: "Multiply a fraction by a whole number." }],
        updated: [
          {
            code: "F.1",
            statement: "Add and subtract fractions with unlike denominators.",
            previousStatement: "Add fractions with unlike denominators.",
          },
        ],
        retired: [{ code: "F.3", statement: "Interpret a fraction as division." }],
      },
    });
    const after = await getFramework(s.asTeacher, framework!.id);
    expect(after.competencies.find((c) => c.humanCodingScheme === "F.1")?.id).toBe(adding.id);
  });

  it("a bad package fails naming each problem by its JSON path, and writes nothing", async () => {
    const s = await school();
    const broken = {
      ...v1,
      CFDocument: { ...(v1.CFDocument as object), identifier: "33333333-3333-4333-8333-333333333333" },
      CFItems: [...(v1.CFItems as object[]), { identifier: id(7), uri: "https://case.example.org/x" }],
    };
    const { id: jobId } = await startFrameworkImport(s.asTeacher, {
      package: broken,
      fileName: "broken.json",
    });
    await work();
    const failed = await getFrameworkImport(s.asTeacher, jobId);
    expect(failed).toMatchObject({ stage: "failed", finished: true, summary: null });
    expect(failed.failure?.reason).toBe("package");
    expect(failed.failure?.problems).toContainEqual({
      path: "CFItems[3].fullStatement",
      message: expect.stringContaining("required"),
    });
    const written = await s.db
      .select({ n: count() })
      .from(frameworks)
      .where(eq(frameworks.organizationId, s.place.organization.id));
    expect(written[0]?.n).toBe(0);
    const versions = await s.db
      .select({ n: count() })
      .from(frameworkVersions)
      .where(eq(frameworkVersions.organizationId, s.place.organization.id));
    expect(versions[0]?.n).toBe(0);
  });

  it("learners cannot import; a new version of a framework others teach with fails for a teacher who does not", async () => {
    const s = await school();
    await expect(
      startFrameworkImport(s.asLearner, { package: v1, fileName: "v1.json" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await startFrameworkImport(s.asTeacher, { package: v1, fileName: "v1.json" });
    await work();
    const [framework] = await s.db
      .select()
      .from(frameworks)
      .where(eq(frameworks.organizationId, s.place.organization.id));
    const klass = await buildClass(s.db, s.place, { frameworkId: framework!.id, grade: "05" });
    await enroll(s.db, klass, s.teacher.id, "teacher");

    const { id: jobId } = await startFrameworkImport(s.asColleague, { package: v2, fileName: "v2.json" });
    await work();
    const refused = await getFrameworkImport(s.asColleague, jobId);
    expect(refused).toMatchObject({ stage: "failed", failure: { reason: "forbidden" } });
    const kept = await getFramework(s.asTeacher, framework!.id);
    expect(kept.version).toBe("2024-01-01T00:00:00Z");
  });

  it("reports competencies written as it writes them, every 50 and at the end", async () => {
    const s = await school();
    const many = casePackage({
      documentId: "44444444-3333-4444-8555-666666666666",
      items: Array.from({ length: 120 }, (_, n) => ({
        id: id(1000 + n),
        code: `M.${n}`,
        statement: `Competency ${n}.`,
      })),
    });
    const parsed = frameworkDraftFromCase(many);
    if (!parsed.ok) throw new Error("the package should read");
    const reports: [number, number][] = [];
    await s.db.transaction((tx) =>
      upsertFramework(tx, s.place.organization.id, parsed.draft, now(), async (done, total) => {
        reports.push([done, total]);
      }),
    );
    expect(reports).toEqual([
      [50, 120],
      [100, 120],
      [120, 120],
    ]);
  });

  it("an address that is not a CASE package address is refused before anything is queued", async () => {
    const s = await school();
    await expect(
      startFrameworkImport(s.asTeacher, { providerUrl: "https://case.example.org/somewhere/else" }),
    ).rejects.toMatchObject({ code: "validation_failed", details: [{ path: "body.providerUrl" }] });
  });
});

import type { Role } from "../identity/schema.js";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evidence } from "../evidence/schema.js";
import { competencies, frameworks } from "../frameworks/schema.js";
import { accommodations, learnerProfiles } from "../learners/schema.js";
import { activitiesOf } from "../personalization/board-inputs.js";
import { catalogueVersions, competencyMastery } from "../personalization/schema.js";
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
import { answerItem } from "./answer-item.js";
import { createChoiceBoard, listClassChoiceBoards, pickChoiceBoardOption } from "./choice-boards.js";
import { addItemVariant, archiveItem, createItem, deliverItem, getItem, listItems } from "./items.js";
import {
  archiveResource,
  createResource,
  getResource,
  getResourceFile,
  listResources,
  MAX_RESOURCE_FILE_BYTES,
  opensInBrowser,
  RESOURCE_FILE_TYPES,
  resourceFileTypeOf,
  updateResource,
} from "./resources.js";
import { createRubric, createTask } from "./rubrics.js";
import { listLearnerSubmissions, listScoringQueue, scoreSubmission, submitTask } from "./submissions.js";

let test: TestDatabase;

/** The version the boards' in-memory catalogue is keyed by (0 before any content was written). */
async function catalogueVersionOf(db: TestDatabase["handle"]["db"], organizationId: string): Promise<number> {
  const [row] = await db
    .select({ version: catalogueVersions.version })
    .from(catalogueVersions)
    .where(eq(catalogueVersions.organizationId, organizationId));
  return Number(row?.version ?? 0);
}
const now = () => new Date("2026-10-01T09:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

async function classroom() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const framework = async (title: string) =>
    (await db.insert(frameworks).values({ organizationId: orgId, title, version: "1" }).returning())[0]!;
  const math = await framework("Math");
  const art = await framework("Art");
  const competency = async (frameworkId: string, statement: string) =>
    (
      await db
        .insert(competencies)
        .values({ organizationId: orgId, frameworkId, statement, position: 0, depth: 0 })
        .returning()
    )[0]!;
  const fractions = await competency(math.id, "Add fractions with unlike denominators");
  const decimals = await competency(math.id, "Compare decimals to thousandths");
  const color = await competency(art.id, "Mix secondary colors");
  const klass = await buildClass(db, place, { frameworkId: math.id });
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const otherTeacher = await buildUser(db, orgId, ["teacher"]);
  const admin = await buildUser(db, orgId, ["admin"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const classmate = await buildUser(db, orgId, ["learner"]);
  const guardian = await buildUser(db, orgId, ["guardian"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  await enroll(db, klass, classmate.id, "learner");
  await linkGuardian(db, orgId, guardian.id, learner.id);
  const away = await buildOrganization(db, "Away");
  const awayAdmin = await buildUser(db, away.organization.id, ["admin"]);
  const ctx = (user: typeof teacher, roles: Role[]) => contextOf(db, user, roles, now);
  return {
    db,
    klass,
    fractions,
    decimals,
    color,
    learner,
    classmate,
    asLearner: ctx(learner, ["learner"]),
    asClassmate: ctx(classmate, ["learner"]),
    asTeacher: ctx(teacher, ["teacher"]),
    asOtherTeacher: ctx(otherTeacher, ["teacher"]),
    asAdmin: ctx(admin, ["admin"]),
    asGuardian: ctx(guardian, ["guardian"]),
    asAwayAdmin: ctx(awayAdmin, ["admin"]),
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the use-case to fail");
}

const link = (competencyIds: string[], title = "Fraction strips video") => ({
  title,
  kind: "link" as const,
  url: "https://example.org/fraction-strips",
  competencyIds,
  modality: "video" as const,
  expectedMinutes: 6,
  interests: ["sports"],
  accessibilityFeatures: ["captions"],
  license: "CC-BY-4.0",
});

describe("resources", () => {
  it("are created with their tags and edited only from the current version (a stale edit is refused)", async () => {
    const c = await classroom();
    const created = await createResource(c.asTeacher, link([c.fractions.id]));
    expect(created).toMatchObject({ version: 1, competencyIds: [c.fractions.id], license: "CC-BY-4.0" });
    const edited = await updateResource(c.asTeacher, created.id, { expectedMinutes: 9 }, 1);
    expect(edited).toMatchObject({ version: 2, expectedMinutes: 9 });
    const stale = await failure(updateResource(c.asOtherTeacher, created.id, { title: "Mine" }, 1));
    expect(stale.code).toBe("precondition_failed");
    expect((await getResource(c.asTeacher, created.id)).title).toBe("Fraction strips video");
    expect((await failure(updateResource(c.asTeacher, created.id, { title: "x" }, undefined))).code).toBe(
      "precondition_required",
    );
  });

  it("name the field that is wrong", async () => {
    const c = await classroom();
    const error = await failure(
      createResource(c.asTeacher, { ...link([c.fractions.id]), url: undefined, expectedMinutes: 0 }),
    );
    expect(error.details.map((d) => d.path).sort()).toEqual(["body.expectedMinutes", "body.url"]);
    const foreign = await failure(createResource(c.asAwayAdmin, link([c.fractions.id])));
    expect(foreign.details[0]!.path).toBe("body.competencyIds[0]");
  });

  it("are shown to learners only for their classes' competencies, and not once archived", async () => {
    const c = await classroom();
    const math = await createResource(c.asTeacher, link([c.fractions.id]));
    const art = await createResource(c.asTeacher, link([c.color.id], "Color wheel"));
    const learnerSees = await listResources(c.asLearner, {});
    expect(learnerSees.items.map((r) => r.id)).toEqual([math.id]);
    expect((await failure(getResource(c.asLearner, art.id))).code).toBe("not_found");
    expect((await listResources(c.asTeacher, {})).items.map((r) => r.id).sort()).toEqual(
      [math.id, art.id].sort(),
    );
    const offered = async () =>
      (await activitiesOf(c.db, c.learner.organizationId, new Set([c.fractions.id]))).map((a) => a.id);
    expect(await offered()).toEqual([`resource:${math.id}`]);
    await archiveResource(c.asTeacher, math.id, true);
    expect(await offered()).toEqual([]);
    expect((await listResources(c.asLearner, {})).items).toEqual([]);
    expect((await failure(getResource(c.asLearner, math.id))).code).toBe("not_found");
    expect((await listResources(c.asTeacher, { includeArchived: "true" })).items).toHaveLength(2);
    expect((await failure(listResources(c.asGuardian, {}))).code).toBe("forbidden");
    expect((await failure(archiveResource(c.asLearner, art.id, true))).code).toBe("not_found");
    expect((await failure(createResource(c.asLearner, link([c.fractions.id])))).code).toBe("forbidden");
  });

  it("keep uploaded files in the database up to the size limit", async () => {
    const c = await classroom();
    const bytes = Buffer.from("%PDF-1.4 fraction strips");
    const file = await createResource(c.asTeacher, {
      ...link([c.fractions.id], "Printable strips"),
      kind: "file",
      url: undefined,
      file: { name: "strips.pdf", contentType: "application/pdf", base64: bytes.toString("base64") },
    });
    expect(file.file).toEqual({
      name: "strips.pdf",
      contentType: "application/pdf",
      sizeBytes: bytes.length,
    });
    const served = await getResourceFile(c.asLearner, file.id);
    expect(Buffer.from(served.bytes).toString()).toBe("%PDF-1.4 fraction strips");
    const tooBig = Buffer.alloc(MAX_RESOURCE_FILE_BYTES + 1).toString("base64");
    const error = await failure(
      createResource(c.asTeacher, {
        ...link([c.fractions.id]),
        kind: "file",
        file: { name: "big.pdf", contentType: "application/pdf", base64: tooBig },
      }),
    );
    expect(error.details[0]).toMatchObject({ path: "body.file.base64" });
    expect(error.details[0]!.message).toContain(`limit is ${MAX_RESOURCE_FILE_BYTES} bytes`);
  });

  it("accept documents, images, audio and video, never a page or a script", async () => {
    const c = await classroom();
    const upload = (name: string, contentType: string) =>
      createResource(c.asTeacher, {
        ...link([c.fractions.id], name),
        kind: "file",
        url: undefined,
        file: { name, contentType, base64: Buffer.from("<script>alert(1)</script>").toString("base64") },
      });
    for (const [name, type] of [
      ["page.html", "text/html"],
      ["drawing.svg", "image/svg+xml"],
      ["tool.js", "text/javascript"],
    ]) {
      const error = await failure(upload(name!, type!));
      expect(error.code).toBe("validation_failed");
      expect(error.details[0]).toMatchObject({ path: "body.file.contentType" });
      expect(error.details[0]!.message).toContain("pdf");
    }
    // Browsers leave many types blank or generic: the name's ending says what the file is.
    expect(resourceFileTypeOf("Strips.PDF", "")).toBe("application/pdf");
    expect(resourceFileTypeOf("song.mp3", "application/octet-stream")).toBe("audio/mpeg");
    expect(resourceFileTypeOf("notes.txt", "text/plain; charset=utf-8")).toBe("text/plain");
    expect(resourceFileTypeOf("page.html", "text/html")).toBe("text/html");
    const notes = await upload("notes.txt", resourceFileTypeOf("notes.txt", ""));
    expect(notes.file).toMatchObject({ name: "notes.txt", contentType: "text/plain" });
    expect(opensInBrowser("application/pdf")).toBe(true);
    expect(opensInBrowser("image/png")).toBe(true);
    expect(RESOURCE_FILE_TYPES["application/vnd.oasis.opendocument.text"]).toEqual(["odt"]);
    expect(opensInBrowser("application/vnd.oasis.opendocument.text")).toBe(false);
  });
});

const fractionItem = (competencyId: string) => ({
  stem: "What is 1/2 + 1/3?",
  body: {
    kind: "single_choice",
    choices: [
      { id: "a", text: "2/5" },
      { id: "b", text: "5/6" },
      { id: "c", text: "1/6" },
    ],
    correct: "b",
  },
  competencyIds: [competencyId],
  variants: [
    {
      interest: "sports",
      stem: "A runner jogs 1/2 of a lap, then 1/3 of a lap. What part of the lap did she run?",
      texts: { a: "2/5 of the lap", b: "5/6 of the lap", c: "1/6 of the lap" },
    },
    {
      interest: "cooking",
      stem: "Una receta usa 1/2 taza de leche y 1/3 taza de agua. ¿Cuánto líquido en total?",
      texts: { a: "2/5 de taza", b: "5/6 de taza", c: "1/6 de taza" },
      language: "es",
    },
  ],
});

describe("items", () => {
  it("are served without their key, in the variant of the learner's interest and language", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, fractionItem(c.fractions.id));
    expect(item.guessRate).toBeCloseTo(1 / 3);
    const plain = await deliverItem(c.asLearner, item.id);
    expect(plain).toMatchObject({ stem: "What is 1/2 + 1/3?", variantId: null });
    expect(JSON.stringify(plain)).not.toContain("correct");

    await c.db.insert(learnerProfiles).values({
      organizationId: c.learner.organizationId,
      learnerId: c.learner.id,
      interests: ["Sports"],
      languages: ["en"],
    });
    const sporty = await deliverItem(c.asLearner, item.id);
    expect(sporty.interest).toBe("sports");
    expect(sporty.body).toEqual({
      kind: "single_choice",
      choices: [
        { id: "a", text: "2/5 of the lap" },
        { id: "b", text: "5/6 of the lap" },
        { id: "c", text: "1/6 of the lap" },
      ],
    });
    await c.db.insert(learnerProfiles).values({
      organizationId: c.classmate.organizationId,
      learnerId: c.classmate.id,
      interests: ["cooking"],
      languages: ["es"],
    });
    expect((await deliverItem(c.asClassmate, item.id)).interest).toBe("cooking");
    // Staff read the key; learners may not.
    expect((await getItem(c.asTeacher, item.id)).body).toMatchObject({ correct: "b" });
    expect((await failure(getItem(c.asLearner, item.id))).code).toBe("forbidden");
  });

  it("offer their interest contexts to the board, and a new variant reaches the next board", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, { ...fractionItem(c.fractions.id), variants: [] });
    const topicsOf = async () =>
      (await activitiesOf(c.db, c.learner.organizationId, new Set([c.fractions.id]))).find(
        (a) => a.id === `item:${item.id}`,
      )!.topics;
    const version = async () => catalogueVersionOf(c.db, c.learner.organizationId);
    expect(await topicsOf()).toEqual([]);
    const before = await version();
    await addItemVariant(c.asTeacher, item.id, {
      interest: "Sports",
      stem: "A runner jogs 1/2 of a lap, then 1/3 of a lap. What part of the lap did she run?",
      texts: { a: "2/5 of the lap", b: "5/6 of the lap", c: "1/6 of the lap" },
    });
    // The variant is on the board's activity (as the lower-case topic a learner's "Sports" matches),
    // and the catalogue kept in memory between requests is told to rebuild.
    expect(await topicsOf()).toEqual(["sports"]);
    expect(await version()).toBeGreaterThan(before);
  });

  it("raise the catalogue version once per statement, however many rows it writes", async () => {
    const c = await classroom();
    const version = async () => catalogueVersionOf(c.db, c.learner.organizationId);
    const before = await version();
    await c.db.insert(competencies).values(
      Array.from({ length: 250 }, (_, k) => ({
        organizationId: c.learner.organizationId,
        frameworkId: c.fractions.frameworkId,
        statement: `Imported competency ${k + 1}`,
        position: k + 1,
        depth: 0,
      })),
    );
    expect(await version()).toBe(before + 1);
  });

  it("are served with fewer choices, the key among them, to a learner with that accommodation", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, {
      ...fractionItem(c.fractions.id),
      body: {
        ...fractionItem("").body,
        choices: [...fractionItem("").body.choices, { id: "d", text: "2/6" }],
      },
    });
    expect((await deliverItem(c.asLearner, item.id)).body).toMatchObject({ choices: { length: 4 } });
    await c.db.insert(accommodations).values({
      organizationId: c.learner.organizationId,
      learnerId: c.learner.id,
      reducedChoices: true,
      readAloud: true,
    });
    const served = await deliverItem(c.asLearner, item.id);
    const ids = (served.body as { choices: { id: string }[] }).choices.map((choice) => choice.id);
    expect(ids).toHaveLength(3);
    expect(ids).toContain("b");
    expect(served.accommodations).toMatchObject({ reducedChoices: true, readAloud: true });
    expect((await answerItem(c.asLearner, item.id, { response: { choiceId: "b" } }, "rc")).correct).toBe(
      true,
    );
  });

  it("are listed for staff with their keys, and once archived are no longer served or answered", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, fractionItem(c.fractions.id));
    const other = await createItem(c.asTeacher, { ...fractionItem(c.decimals.id), variants: [] });
    const page = await listItems(c.asTeacher, { competencyId: c.fractions.id });
    expect(page.items.map((i) => i.id)).toEqual([item.id]);
    expect((await failure(listItems(c.asLearner, {}))).code).toBe("forbidden");
    await archiveItem(c.asAdmin, item.id, true);
    expect((await listItems(c.asTeacher, {})).items.map((i) => i.id)).toEqual([other.id]);
    expect((await failure(deliverItem(c.asLearner, item.id))).code).toBe("not_found");
    expect(
      (await failure(answerItem(c.asLearner, item.id, { response: { choiceId: "b" } }, "late"))).code,
    ).toBe("not_found");
    await archiveItem(c.asTeacher, item.id, false);
    expect((await deliverItem(c.asLearner, item.id)).id).toBe(item.id);
  });

  it("never serve an ordering item in its correct order", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, {
      stem: "Order from least to greatest",
      body: {
        kind: "ordering",
        entries: [
          { id: "x", text: "0.09" },
          { id: "y", text: "0.1" },
        ],
        correctOrder: ["x", "y"],
      },
      competencyIds: [c.decimals.id],
    });
    for (const ctx of [c.asLearner, c.asClassmate]) {
      const served = await deliverItem(ctx, item.id);
      expect(served.body).toMatchObject({ kind: "ordering" });
      expect((served.body as { entries: { id: string }[] }).entries.map((e) => e.id)).toEqual(["y", "x"]);
    }
  });

  it("refuse keys and variants that do not fit the item", async () => {
    const c = await classroom();
    const bad = await failure(
      createItem(c.asTeacher, {
        ...fractionItem(c.fractions.id),
        body: { ...fractionItem("").body, correct: "z" },
      }),
    );
    expect(bad.details[0]!.path).toBe("body.body.correct");
    const item = await createItem(c.asTeacher, fractionItem(c.fractions.id));
    const stray = await failure(
      addItemVariant(c.asTeacher, item.id, { interest: "music", stem: "…", texts: { q: "?" } }),
    );
    expect(stray.details[0]!.path).toBe("body.texts.q");
    const ordering = await failure(
      createItem(c.asTeacher, {
        stem: "Order",
        body: {
          kind: "ordering",
          entries: [
            { id: "x", text: "1" },
            { id: "y", text: "2" },
          ],
          correctOrder: ["x"],
        },
        competencyIds: [c.decimals.id],
      }),
    );
    expect(ordering.details[0]!.path).toBe("body.body.correctOrder");
  });
});

describe("answering an item", () => {
  async function masteryOf(
    c: Awaited<ReturnType<typeof classroom>>,
    learnerId: string,
    competencyId: string,
  ) {
    const [row] = await c.db
      .select()
      .from(competencyMastery)
      .where(
        and(eq(competencyMastery.learnerId, learnerId), eq(competencyMastery.competencyId, competencyId)),
      );
    return row;
  }

  it("scores every auto-scorable kind on the server, within tolerance and in order", async () => {
    const c = await classroom();
    const make = (body: unknown) =>
      createItem(c.asTeacher, { stem: "?", body, competencyIds: [c.decimals.id] });
    const single = await createItem(c.asTeacher, fractionItem(c.fractions.id));
    const multiple = await make({
      kind: "multiple_choice",
      choices: [
        { id: "a", text: "0.5" },
        { id: "b", text: "1/2" },
        { id: "c", text: "0.25" },
      ],
      correct: ["a", "b"],
    });
    const numeric = await make({ kind: "numeric", answer: 0.75, tolerance: 0.01 });
    const ordering = await make({
      kind: "ordering",
      entries: [
        { id: "x", text: "0.09" },
        { id: "y", text: "0.1" },
        { id: "z", text: "0.11" },
      ],
      correctOrder: ["x", "y", "z"],
    });
    let n = 0;
    const answer = async (itemId: string, response: unknown) =>
      (await answerItem(c.asLearner, itemId, { response }, `k${(n += 1)}`)).correct;
    expect(await answer(single.id, { choiceId: "b" })).toBe(true);
    expect(await answer(single.id, { choiceId: "a" })).toBe(false);
    expect(await answer(multiple.id, { choiceIds: ["b", "a"] })).toBe(true);
    expect(await answer(multiple.id, { choiceIds: ["a"] })).toBe(false);
    expect(await answer(multiple.id, { choiceIds: ["a", "b", "c"] })).toBe(false);
    expect(await answer(numeric.id, { value: 0.76 })).toBe(true);
    expect(await answer(numeric.id, { value: 0.74 })).toBe(true);
    expect(await answer(numeric.id, { value: 0.7601 })).toBe(false);
    expect(await answer(ordering.id, { order: ["x", "y", "z"] })).toBe(true);
    expect(await answer(ordering.id, { order: ["y", "x", "z"] })).toBe(false);
    const unknown = await failure(answerItem(c.asLearner, single.id, { response: { choiceId: "q" } }, "bad"));
    expect(unknown.details[0]).toMatchObject({ path: "body.response.choiceId" });
    const partial = await failure(
      answerItem(c.asLearner, ordering.id, { response: { order: ["x", "y"] } }, "bad2"),
    );
    expect(partial.details[0]!.path).toBe("body.response.order");
    const [rows] = await c.db
      .select({ n: count() })
      .from(evidence)
      .where(eq(evidence.learnerId, c.learner.id));
    expect(Number(rows!.n)).toBe(10);
  });

  it("records an attempt that moves mastery, with growth-framed feedback, and counts a retried key once", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, fractionItem(c.fractions.id));
    const first = await answerItem(c.asLearner, item.id, { response: { choiceId: "b" } }, "same-key");
    expect(first).toMatchObject({
      status: "scored",
      correct: true,
      replayed: false,
      feedbackKey: "feedback.attempt.correct",
    });
    expect(first.update?.changes[0]!.after.probability).toBeGreaterThan(
      first.update!.changes[0]!.before.probability,
    );
    const before = await masteryOf(c, c.learner.id, c.fractions.id);
    const again = await answerItem(c.asLearner, item.id, { response: { choiceId: "b" } }, "same-key");
    expect(again).toMatchObject({ replayed: true, evidenceId: first.evidenceId, update: null });
    expect(await masteryOf(c, c.learner.id, c.fractions.id)).toEqual(before);
    // Another learner's client may pick the same key: it is theirs, not a clash.
    const theirs = await answerItem(c.asClassmate, item.id, { response: { choiceId: "a" } }, "same-key");
    expect(theirs).toMatchObject({
      replayed: false,
      correct: false,
      feedbackKey: "feedback.attempt.not-yet",
    });
    const [rows] = await c.db.select({ n: count() }).from(evidence).where(eq(evidence.itemId, item.id));
    expect(Number(rows!.n)).toBe(2);
    expect((await failure(answerItem(c.asTeacher, item.id, { response: { choiceId: "b" } }, "t"))).code).toBe(
      "forbidden",
    );
  });

  it("sends short answers to the teacher's queue; scoring one records the evidence then", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, {
      stem: "Explain how to add 1/2 and 1/3.",
      body: { kind: "short_text", modelAnswer: "Rename both as sixths: 3/6 + 2/6 = 5/6." },
      competencyIds: [c.fractions.id],
    });
    const pending = await answerItem(
      c.asLearner,
      item.id,
      { response: { text: "Make sixths, 5/6" } },
      "st-1",
    );
    expect(pending).toMatchObject({ status: "pending", correct: null, evidenceId: null });
    expect(
      await answerItem(c.asLearner, item.id, { response: { text: "Make sixths, 5/6" } }, "st-1"),
    ).toMatchObject({
      replayed: true,
      submissionId: pending.submissionId,
    });
    const [none] = await c.db.select({ n: count() }).from(evidence).where(eq(evidence.itemId, item.id));
    expect(Number(none!.n)).toBe(0);
    const queue = await listScoringQueue(c.asTeacher);
    expect(queue.map((s) => s.id)).toEqual([pending.submissionId]);
    expect(queue[0]!.title).toBe("Explain how to add 1/2 and 1/3.");
    expect(await listScoringQueue(c.asOtherTeacher)).toEqual([]);
    expect(
      (await failure(scoreSubmission(c.asOtherTeacher, pending.submissionId!, { correct: true }))).code,
    ).toBe("not_found");
    expect((await failure(scoreSubmission(c.asLearner, pending.submissionId!, { correct: true }))).code).toBe(
      "forbidden",
    );
    const scored = await scoreSubmission(c.asTeacher, pending.submissionId!, {
      correct: true,
      feedback: "Clear!",
    });
    expect(scored.evidence).toHaveLength(1);
    expect(scored.evidence[0]).toMatchObject({ kind: "attempt", correct: true });
    expect(await listScoringQueue(c.asTeacher)).toEqual([]);
    expect((await failure(scoreSubmission(c.asAdmin, pending.submissionId!, { correct: false }))).code).toBe(
      "conflict",
    );
    expect((await masteryOf(c, c.learner.id, c.fractions.id))!.evidenceCount).toBe(1);
    const mine = await listLearnerSubmissions(c.asLearner, c.learner.id, {});
    expect(mine.items.map((s) => [s.status, s.feedback, s.title])).toEqual([
      ["scored", "Clear!", "Explain how to add 1/2 and 1/3."],
    ]);
    expect((await failure(listLearnerSubmissions(c.asGuardian, c.learner.id, {}))).code).toBe("forbidden");
    expect((await failure(listLearnerSubmissions(c.asClassmate, c.learner.id, {}))).code).toBe("not_found");
  });
});

describe("at the same time", () => {
  it("one answer sent twice at once with one key is counted once; one submission is scored once", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, fractionItem(c.fractions.id));
    const both = await Promise.all([
      answerItem(c.asLearner, item.id, { response: { choiceId: "b" } }, "twice"),
      answerItem(c.asLearner, item.id, { response: { choiceId: "b" } }, "twice"),
    ]);
    expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
    expect(new Set(both.map((r) => r.evidenceId)).size).toBe(1);
    const [mastery] = await c.db
      .select()
      .from(competencyMastery)
      .where(
        and(
          eq(competencyMastery.learnerId, c.learner.id),
          eq(competencyMastery.competencyId, c.fractions.id),
        ),
      );
    expect(mastery!.evidenceCount).toBe(1);

    const short = await createItem(c.asTeacher, {
      stem: "Why is 1/2 + 1/3 not 2/5?",
      body: {
        kind: "short_text",
        modelAnswer: "Thirds and halves are different sizes; rename as sixths: 5/6.",
      },
      competencyIds: [c.fractions.id],
    });
    const { submissionId } = await answerItem(
      c.asLearner,
      short.id,
      { response: { text: "Sizes differ" } },
      "s",
    );
    const outcomes = await Promise.allSettled([
      scoreSubmission(c.asTeacher, submissionId!, { correct: true }),
      scoreSubmission(c.asAdmin, submissionId!, { correct: false }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe("conflict");
    const [rows] = await c.db.select({ n: count() }).from(evidence).where(eq(evidence.itemId, short.id));
    expect(Number(rows!.n)).toBe(1);
  });
});

describe("rubrics and tasks", () => {
  it("turn a scored submission into one rubric score per criterion, scaled 0..1, all at once", async () => {
    const c = await classroom();
    const levels = [
      { score: 1, label: "Beginning" },
      { score: 2, label: "Developing" },
      { score: 3, label: "Meeting" },
      { score: 4, label: "Exceeding" },
    ];
    const rubric = await createRubric(c.asTeacher, {
      title: "Fraction poster",
      criteria: [
        { id: "adding", title: "Adds fractions correctly", competencyId: c.fractions.id, levels },
        { id: "comparing", title: "Compares results as decimals", competencyId: c.decimals.id, levels },
      ],
    });
    const unknown = await failure(
      createRubric(c.asTeacher, {
        title: "x",
        criteria: [
          { title: "a", competencyId: c.fractions.id, levels },
          { title: "b", competencyId: "00000000-0000-4000-8000-000000000000", levels },
        ],
      }),
    );
    expect(unknown.details.map((d) => d.path)).toEqual(["body.criteria.1.competencyId"]);
    const task = await createTask(c.asTeacher, {
      title: "Make a fraction poster",
      description: "Show two ways to add 1/2 and 1/3, and compare the result with 0.8.",
      rubricId: rubric.id,
      expectedMinutes: 45,
    });
    const submitted = await submitTask(c.asLearner, task.id, { url: "https://example.org/poster" }, "p1");
    expect((await submitTask(c.asLearner, task.id, { url: "https://example.org/poster" }, "p1")).id).toBe(
      submitted.id,
    );
    // A criterion left out: nothing is written.
    const missing = await failure(scoreSubmission(c.asTeacher, submitted.id, { levels: { adding: 3 } }));
    expect(missing.details.map((d) => d.path)).toEqual(["body.levels.comparing"]);
    const offScale = await failure(
      scoreSubmission(c.asTeacher, submitted.id, { levels: { adding: 3, comparing: 7 } }),
    );
    expect(offScale.details.map((d) => d.path)).toEqual(["body.levels.comparing"]);
    const [none] = await c.db.select({ n: count() }).from(evidence).where(eq(evidence.taskId, task.id));
    expect(Number(none!.n)).toBe(0);

    const scored = await scoreSubmission(c.asTeacher, submitted.id, { levels: { adding: 3, comparing: 4 } });
    const rows = await c.db.select().from(evidence).where(eq(evidence.taskId, task.id));
    expect(rows.map((r) => [r.kind, r.competencyIds[0], r.score]).sort()).toEqual(
      [
        ["rubric_score", c.fractions.id, 0.75],
        ["rubric_score", c.decimals.id, 1],
      ].sort(),
    );
    expect(scored.submission.evidenceIds.sort()).toEqual(rows.map((r) => r.id).sort());
    expect(scored.submission.status).toBe("scored");
  });
});

describe("observations and self-assessments", () => {
  it("go through the same evidence path: a teacher observes, a learner assesses only themselves", async () => {
    const c = await classroom();
    const { recordEvidence } = await import("../evidence/record-evidence.js");
    const observed = await recordEvidence(c.asTeacher, {
      learnerId: c.learner.id,
      kind: "observation",
      competencyIds: [c.fractions.id],
      score: 0.9,
      idempotencyKey: "obs-1",
    });
    expect(observed.update).not.toBeNull();
    const self = await recordEvidence(c.asLearner, {
      learnerId: c.learner.id,
      kind: "self_assessment",
      competencyIds: [c.fractions.id],
      score: 0.5,
      idempotencyKey: "self-1",
    });
    expect(self).toMatchObject({ kind: "self_assessment", update: null });
    const notMine = await failure(
      recordEvidence(c.asClassmate, {
        learnerId: c.learner.id,
        kind: "self_assessment",
        competencyIds: [c.fractions.id],
        score: 0.5,
        idempotencyKey: "self-2",
      }),
    );
    expect(notMine.code).toBe("not_found");
  });
});

describe("teacher choice boards", () => {
  it("offer a class's learners a menu; each pick is kept, once, up to the number asked for", async () => {
    const c = await classroom();
    const resource = await createResource(c.asTeacher, link([c.fractions.id]));
    const item = await createItem(c.asTeacher, fractionItem(c.fractions.id));
    const board = await createChoiceBoard(c.asTeacher, c.klass.id, {
      title: "Adding fractions",
      picksRequired: 1,
      options: [
        { kind: "resource", refId: resource.id, note: "Watch first if fractions feel new" },
        { kind: "item", refId: item.id },
      ],
    });
    expect(board.options.map((o) => o.title)).toEqual(["Fraction strips video", "What is 1/2 + 1/3?"]);
    const [first, second] = board.options;
    expect(
      (await failure(createChoiceBoard(c.asOtherTeacher, c.klass.id, { title: "x", options: [] }))).code,
    ).toBe("validation_failed");
    expect(
      (
        await failure(
          createChoiceBoard(c.asOtherTeacher, c.klass.id, {
            title: "x",
            options: [
              { kind: "resource", refId: resource.id },
              { kind: "item", refId: item.id },
            ],
          }),
        )
      ).code,
    ).toBe("not_found");
    const pick = await pickChoiceBoardOption(c.asLearner, board.id, { optionId: first!.id });
    expect(pick.replayed).toBe(false);
    expect((await pickChoiceBoardOption(c.asLearner, board.id, { optionId: first!.id })).replayed).toBe(true);
    expect((await failure(pickChoiceBoardOption(c.asLearner, board.id, { optionId: second!.id }))).code).toBe(
      "conflict",
    );
    await pickChoiceBoardOption(c.asClassmate, board.id, { optionId: second!.id });
    const [mine] = await listClassChoiceBoards(c.asLearner, c.klass.id);
    expect(mine!.options.map((o) => o.pickedBy)).toEqual([[c.learner.id], []]);
    const [all] = await listClassChoiceBoards(c.asTeacher, c.klass.id);
    expect(all!.options.map((o) => o.pickedBy)).toEqual([[c.learner.id], [c.classmate.id]]);
    expect((await failure(pickChoiceBoardOption(c.asTeacher, board.id, { optionId: first!.id }))).code).toBe(
      "forbidden",
    );
    expect((await failure(listClassChoiceBoards(c.asGuardian, c.klass.id))).code).toBe("not_found");
  });
});

import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../audit/schema.js";
import { evidence } from "../evidence/schema.js";
import { competencies, frameworks } from "../frameworks/schema.js";
import type { Role } from "../identity/schema.js";
import { AppError } from "../shared/errors.js";
import { buildClass, buildOrganization, buildUser, contextOf, enroll } from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { answerItem } from "./answer-item.js";
import { createChoiceBoard, pickChoiceBoardOption } from "./choice-boards.js";
import { createItem, deliverItem, getItem } from "./items.js";
import { createResource } from "./resources.js";
import { listContentRevisions } from "./revisions.js";
import { createRubric, createTask, getTask } from "./rubrics.js";
import { scoreSubmission, submitTask } from "./submissions.js";
import { getChoiceBoard, updateChoiceBoard } from "./update-choice-board.js";
import { updateItem } from "./update-item.js";
import { updateRubric, updateTask } from "./update-rubric.js";

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
  const [math] = await db
    .insert(frameworks)
    .values({ organizationId: orgId, title: "Math", version: "1" })
    .returning();
  const competency = async (statement: string) =>
    (
      await db
        .insert(competencies)
        .values({ organizationId: orgId, frameworkId: math!.id, statement, position: 0, depth: 0 })
        .returning()
    )[0]!;
  const fractions = await competency("Add fractions with unlike denominators");
  const decimals = await competency("Compare decimals to thousandths");
  const klass = await buildClass(db, place, { frameworkId: math!.id });
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const otherTeacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, otherTeacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  const ctx = (user: typeof teacher, roles: Role[]) => contextOf(db, user, roles, now);
  return {
    db,
    klass,
    fractions,
    decimals,
    asLearner: ctx(learner, ["learner"]),
    asTeacher: ctx(teacher, ["teacher"]),
    asOtherTeacher: ctx(otherTeacher, ["teacher"]),
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

const pizzaItem = (competencyId: string) => ({
  stem: "What is 1/2 + 1/3?",
  body: {
    kind: "single_choice" as const,
    choices: [
      { id: "a", text: "5/6" },
      { id: "b", text: "2/5" },
    ],
    correct: "a",
  },
  competencyIds: [competencyId],
  variants: [{ interest: "sports", stem: "A runner does 1/2 lap then 1/3 lap. How far in all?" }],
});

describe("editing an item", () => {
  it("changes it in place until answered; after that starts a new revision and keeps the old", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, pizzaItem(c.fractions.id));
    const sports = item.variants[0]!;

    const first = await updateItem(
      c.asTeacher,
      item.id,
      {
        variants: [
          { id: sports.id, interest: "sports", stem: "A swimmer swims 1/2 length then 1/3 length. How far?" },
          { interest: "music", stem: "A song has a 1/2-beat then a 1/3-beat note. How long together?" },
        ],
      },
      1,
    );
    expect(first).toMatchObject({ version: 2, revision: 1, newRevision: false });
    expect(first.variants.map((v) => v.interest).sort()).toEqual(["music", "sports"]);
    expect(first.variants.find((v) => v.id === sports.id)!.stem).toContain("swimmer");
    expect(await listContentRevisions(c.asTeacher, "item", item.id)).toEqual([]);

    await answerItem(c.asLearner, item.id, { response: { choiceId: "a" }, variantId: sports.id }, "k1");
    const [answered] = await c.db.select().from(evidence).where(eq(evidence.itemId, item.id));
    expect(answered!.details).toMatchObject({ itemRevision: 1 });

    const second = await updateItem(
      c.asTeacher,
      item.id,
      {
        stem: "What is 1/2 + 1/4?",
        body: {
          kind: "single_choice",
          choices: [
            { id: "a", text: "3/4" },
            { id: "b", text: "2/6" },
          ],
          correct: "a",
        },
        variants: [
          { id: sports.id, interest: "sports", stem: "A runner does 1/2 lap then 1/4 lap. How far?" },
        ],
      },
      2,
    );
    expect(second).toMatchObject({ version: 3, revision: 2, newRevision: true, stem: "What is 1/2 + 1/4?" });
    // The music variant was left out: it is no longer served, but the row stays.
    expect(second.variants.map((v) => v.interest)).toEqual(["sports"]);
    const kept = await listContentRevisions(c.asTeacher, "item", item.id);
    expect(kept.map((r) => r.revision)).toEqual([1]);
    expect(kept[0]!.snapshot).toMatchObject({
      stem: "What is 1/2 + 1/3?",
      body: {
        choices: [
          { id: "a", text: "5/6" },
          { id: "b", text: "2/5" },
        ],
      },
    });
    // The old evidence still names revision 1; an answer now is recorded against revision 2.
    await answerItem(c.asLearner, item.id, { response: { choiceId: "a" } }, "k2");
    const rows = await c.db.select().from(evidence).where(eq(evidence.itemId, item.id));
    expect(rows.map((r) => r.details.itemRevision).sort()).toEqual([1, 2]);
    const audit = await c.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, item.id)));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["item.update", "item.revise"]));
  });

  it("of two teachers editing one version, one gets a 412 and nothing of theirs is written", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, pizzaItem(c.fractions.id));
    const outcomes = await Promise.allSettled([
      updateItem(c.asTeacher, item.id, { stem: "Mine: 1/2 + 1/3 = ?" }, 1),
      updateItem(c.asOtherTeacher, item.id, { stem: "Theirs: add 1/2 and 1/3." }, 1),
    ]);
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(refused).toHaveLength(1);
    expect(((refused[0] as PromiseRejectedResult).reason as AppError).code).toBe("precondition_failed");
    const winner = (
      outcomes.find((o) => o.status === "fulfilled") as PromiseFulfilledResult<{ stem: string }>
    ).value;
    const after = await getItem(c.asTeacher, item.id);
    expect(after).toMatchObject({ version: 2, stem: winner.stem });
  });

  it("needs If-Match, names the field of bad input, and lets only staff edit", async () => {
    const c = await classroom();
    const item = await createItem(c.asTeacher, pizzaItem(c.fractions.id));
    expect((await failure(updateItem(c.asTeacher, item.id, { stem: "x" }, undefined))).code).toBe(
      "precondition_required",
    );
    const bad = await failure(
      updateItem(
        c.asTeacher,
        item.id,
        {
          body: {
            kind: "single_choice",
            choices: [
              { id: "a", text: "1" },
              { id: "b", text: "2" },
            ],
            correct: "z",
          },
        },
        1,
      ),
    );
    expect(bad.details.map((d) => d.path)).toEqual(["body.body.correct"]);
    const stray = await failure(
      updateItem(
        c.asTeacher,
        item.id,
        { variants: [{ interest: "music", stem: "…", texts: { q: "x" } }] },
        1,
      ),
    );
    expect(stray.details.map((d) => d.path)).toEqual(["body.variants.0.texts.q"]);
    // A variant cannot make two choices read the same: the learner could not tell the key apart.
    const twins = await failure(
      updateItem(
        c.asTeacher,
        item.id,
        {
          variants: [{ interest: "music", stem: "…", texts: { a: "2/5 of the song", b: "2/5 of the song" } }],
        },
        1,
      ),
    );
    expect(twins.details.map((d) => d.path)).toEqual(["body.variants.0.texts.b"]);
    const intoTheOther = await failure(
      createItem(c.asTeacher, {
        ...pizzaItem(c.fractions.id),
        variants: [{ interest: "music", stem: "…", texts: { b: "5/6" } }],
      }),
    );
    expect(intoTheOther.details.map((d) => d.path)).toEqual(["body.variants.0.texts.b"]);
    expect((await failure(updateItem(c.asLearner, item.id, { stem: "x" }, 1))).code).toMatch(
      /forbidden|not_found/,
    );
    expect((await getItem(c.asTeacher, item.id)).version).toBe(1);
    // The learner is still served the sports variant as written.
    expect((await deliverItem(c.asLearner, item.id)).stem).toBe(pizzaItem("").stem);
  });
});

describe("editing a rubric and a task", () => {
  const levels = [
    { score: 1, label: "Beginning" },
    { score: 2, label: "Developing" },
    { score: 4, label: "Exceeding" },
  ];

  it("scores work with the rubric revision it was handed in with, even after the rubric changed", async () => {
    const c = await classroom();
    const rubric = await createRubric(c.asTeacher, {
      title: "Fraction poster",
      criteria: [{ id: "adding", title: "Adds fractions", competencyId: c.fractions.id, levels }],
    });
    const task = await createTask(c.asTeacher, {
      title: "Poster",
      description: "Add 1/2 and 1/3 two ways.",
      rubricId: rubric.id,
      expectedMinutes: 30,
    });
    // Nobody handed in yet: an edit is in place.
    const inPlace = await updateRubric(c.asTeacher, rubric.id, { title: "Fraction poster (v2 wording)" }, 1);
    expect(inPlace).toMatchObject({ version: 2, revision: 1, newRevision: false });

    const handedIn = await submitTask(c.asLearner, task.id, { url: "https://example.org/poster" }, "s1");
    expect(handedIn).toMatchObject({ rubricId: rubric.id, rubricRevision: 1 });

    const revised = await updateRubric(
      c.asTeacher,
      rubric.id,
      {
        criteria: [
          {
            id: "adding",
            title: "Adds fractions",
            competencyId: c.fractions.id,
            levels: [
              { score: 1, label: "Not yet" },
              { score: 3, label: "Yes" },
            ],
          },
          { id: "comparing", title: "Compares as decimals", competencyId: c.decimals.id, levels },
        ],
      },
      2,
    );
    expect(revised).toMatchObject({ version: 3, revision: 2, newRevision: true });
    // Scored against revision 1: one criterion, levels 1/2/4 — 2 of 4 is 0.5.
    const wrongScale = await failure(scoreSubmission(c.asTeacher, handedIn.id, { levels: { adding: 3 } }));
    expect(wrongScale.details.map((d) => d.path)).toEqual(["body.levels.adding"]);
    const scored = await scoreSubmission(c.asTeacher, handedIn.id, { levels: { adding: 2 } });
    expect(scored.evidence).toHaveLength(1);
    const [row] = await c.db.select().from(evidence).where(eq(evidence.taskId, task.id));
    expect(row).toMatchObject({ score: 0.5, competencyIds: [c.fractions.id] });
    expect(row!.details).toMatchObject({ rubricId: rubric.id, rubricRevision: 1 });
    // New work is handed in against revision 2.
    expect((await submitTask(c.asLearner, task.id, { text: "Poster two" }, "s2")).rubricRevision).toBe(2);
  });

  it("edits a task from its current version only, and checks the rubric it names", async () => {
    const c = await classroom();
    const rubric = await createRubric(c.asTeacher, {
      title: "Poster",
      criteria: [{ title: "Adds fractions", competencyId: c.fractions.id, levels }],
    });
    const task = await createTask(c.asTeacher, {
      title: "Poster",
      description: "Add 1/2 and 1/3.",
      rubricId: rubric.id,
      expectedMinutes: 30,
    });
    const edited = await updateTask(
      c.asTeacher,
      task.id,
      { expectedMinutes: 40, title: "Fraction poster" },
      1,
    );
    expect(edited).toMatchObject({ version: 2, expectedMinutes: 40 });
    expect((await failure(updateTask(c.asOtherTeacher, task.id, { title: "x" }, 1))).code).toBe(
      "precondition_failed",
    );
    const unknown = await failure(
      updateTask(c.asTeacher, task.id, { rubricId: "00000000-0000-4000-8000-000000000000" }, 2),
    );
    expect(unknown.details.map((d) => d.path)).toEqual(["body.rubricId"]);
    expect((await getTask(c.asTeacher, task.id)).title).toBe("Fraction poster");
  });
});

describe("editing a choice board", () => {
  it("re-orders, adds and removes options, but keeps options a learner picked", async () => {
    const c = await classroom();
    const resource = (title: string) =>
      createResource(c.asTeacher, {
        title,
        kind: "link",
        url: "https://example.org/" + title,
        competencyIds: [c.fractions.id],
        modality: "video",
        expectedMinutes: 5,
      });
    const [a, b, d] = [await resource("a"), await resource("b"), await resource("d")];
    const board = await createChoiceBoard(c.asTeacher, c.klass.id, {
      title: "Fractions week 1",
      options: [
        { kind: "resource", refId: a.id },
        { kind: "resource", refId: b.id },
      ],
    });
    const [optA, optB] = board.options;
    await pickChoiceBoardOption(c.asLearner, board.id, { optionId: optA!.id });
    const removePicked = await failure(
      updateChoiceBoard(
        c.asTeacher,
        board.id,
        {
          options: [
            { id: optB!.id, kind: "resource", refId: b.id },
            { kind: "resource", refId: d.id },
          ],
        },
        1,
      ),
    );
    expect(removePicked.details.map((x) => x.path)).toEqual(["body.options"]);
    const edited = await updateChoiceBoard(
      c.asTeacher,
      board.id,
      {
        title: "Fractions week 1 (revised)",
        options: [
          { kind: "resource", refId: d.id, note: "New!" },
          { id: optA!.id, kind: "resource", refId: a.id },
        ],
      },
      1,
    );
    expect(edited.version).toBe(2);
    expect(edited.options.map((o) => [o.refId, o.note])).toEqual([
      [d.id, "New!"],
      [a.id, ""],
    ]);
    expect(edited.options[1]!.pickedBy).toHaveLength(1);
    expect((await failure(updateChoiceBoard(c.asOtherTeacher, board.id, { title: "x" }, 1))).code).toBe(
      "precondition_failed",
    );
    expect((await failure(updateChoiceBoard(c.asLearner, board.id, { title: "x" }, 2))).code).toBe(
      "forbidden",
    );
    expect((await getChoiceBoard(c.asTeacher, board.id)).title).toBe("Fractions week 1 (revised)");
  });
});

/**
 * Printable Pathwise over HTTP: the PDFs parse, are tagged, embed their font, carry the learner's
 * name and their items in the right language with their accommodations; a class's paper results
 * are scored once, however often they are entered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDocumentProxy } from "unpdf";
import { loadConfig, packetCodeOf, type Runtime } from "@pathwise/core";
import {
  accommodations,
  choiceBoardOptions,
  competencyMastery,
  createTestDatabase,
  evidence,
  itemCompetencies,
  items,
  itemVariants,
  submissions,
  users,
  type TestDatabase,
} from "@pathwise/core/testing";
import { createApp } from "./app.js";
import { buildWorld, type ActorKind, type World } from "./testing/world.js";

let test: TestDatabase;
let app: ReturnType<typeof createApp>;
let world: World;
let fiveChoiceItemId: string;

const SPANISH_STEM = "En una receta usas 1/2 taza de harina y luego 1/3 más. ¿Cuánta harina usas?";

beforeAll(async () => {
  test = await createTestDatabase();
  const runtime: Runtime = { config: loadConfig({}), database: test.handle, now: () => new Date() };
  app = createApp(runtime);
  world = await buildWorld(test.handle.db);
  const db = test.handle.db;
  const organizationId = world.home.organization.id;
  // Lena reads Spanish, needs large text, read-aloud, fewer choices and breaks.
  await db.update(users).set({ locale: "es" }).where(eq(users.id, world.people.learner.id));
  await db.insert(accommodations).values({
    learnerId: world.people.learner.id,
    organizationId,
    largeText: true,
    readAloud: true,
    reducedChoices: true,
    breaks: true,
  });
  await db.insert(itemVariants).values({
    organizationId,
    itemId: world.item.id,
    interest: "cooking",
    language: "es",
    stem: SPANISH_STEM,
  });
  const [item] = await db
    .insert(items)
    .values({
      organizationId,
      kind: "single_choice",
      stem: "Which fraction equals 2/4?",
      body: {
        kind: "single_choice",
        choices: [
          { id: "w", text: "1/3" },
          { id: "x", text: "1/2" },
          { id: "y", text: "3/4" },
          { id: "z", text: "2/3" },
          { id: "v", text: "4/5" },
        ],
        correct: "x",
      },
    })
    .returning();
  fiveChoiceItemId = item!.id;
  await db
    .insert(itemCompetencies)
    .values({ organizationId, itemId: item!.id, competencyId: world.competency.id });
  await db.insert(choiceBoardOptions).values([
    { organizationId, boardId: world.board.id, position: 2, kind: "item", refId: item!.id },
    { organizationId, boardId: world.board.id, position: 3, kind: "item", refId: world.shortTextItem.id },
  ]);
});
afterAll(async () => test.close());

async function call(actor: ActorKind, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  const token = await world.tokenFor(actor);
  if (token) headers.set("cookie", `pathwise_session=${token}`);
  headers.set("origin", "http://localhost");
  if (init.body) headers.set("content-type", "application/json");
  return app.request(`/api/v1${path}`, { ...init, headers });
}

interface ParsedPdf {
  raw: string;
  pages: number;
  /** Each page's text, its runs joined by spaces. */
  pageTexts: string[];
  text: string;
  /** The largest font size (points) used for a run containing `needle`. */
  sizeOf: (needle: string) => number;
}

async function fetchPdf(actor: ActorKind, path: string): Promise<ParsedPdf> {
  const res = await call(actor, path);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  const bytes = new Uint8Array(await res.arrayBuffer());
  const raw = new TextDecoder("latin1").decode(bytes);
  const proxy = await getDocumentProxy(bytes.slice());
  const pageTexts: string[] = [];
  const runs: { text: string; size: number }[] = [];
  for (let n = 1; n <= proxy.numPages; n += 1) {
    const content = await (await proxy.getPage(n)).getTextContent();
    const pageRuns = content.items.flatMap((i) =>
      "str" in i
        ? [{ text: i.str, size: Math.hypot(i.transform[2] as number, i.transform[3] as number) }]
        : [],
    );
    runs.push(...pageRuns);
    pageTexts.push(pageRuns.map((r) => r.text).join(" "));
  }
  return {
    raw,
    pages: proxy.numPages,
    pageTexts,
    text: pageTexts.join("\n"),
    sizeOf: (needle) => Math.max(0, ...runs.filter((r) => r.text.includes(needle)).map((r) => r.size)),
  };
}

describe("printing", () => {
  it("prints a learner's plan as a tagged PDF in the reader's language, with the font embedded", async () => {
    const mine = await fetchPdf("learner", `/learners/${world.people.learner.id}/plan.pdf`);
    expect(mine.raw.startsWith("%PDF-")).toBe(true);
    expect(mine.raw).toMatch(/\/Lang \(es\)/);
    expect(mine.raw).toContain("/StructTreeRoot");
    expect(mine.raw).toMatch(/\/Marked true/);
    // Headings, paragraphs and list items are in the structure tree.
    for (const role of ["H1", "H2", "P", "L", "LI", "LBody"])
      expect(mine.raw).toMatch(new RegExp(`/S /${role}\\b`));
    expect(mine.raw).toContain("/FontFile2");
    expect(mine.raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
    expect(mine.text).toContain("Mi plan de aprendizaje — Lena Learner");
    expect(mine.text).toContain("Para repasar");

    const guardians = await fetchPdf("guardian", `/learners/${world.people.learner.id}/plan.pdf?language=en`);
    expect(guardians.raw).toMatch(/\/Lang \(en\)/);
    expect(guardians.text).toContain("My learning plan — Lena Learner");
    expect(guardians.text).toContain("Add fractions with unlike denominators");
    expect(guardians.text).toMatch(/On track|ahead|behind|Pacing will show/);
    // Dates are written as the reader writes them, not as ISO dates.
    expect(guardians.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(mine.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(guardians.text).toMatch(/expected by [A-Z][a-z]+ \d{1,2}, \d{4}/);
    expect(mine.text).toMatch(/previsto para el \d{1,2} de [a-z]+ de \d{4}/);
    expect(mine.text).toContain("No hay nada pendiente de repaso.");

    // Once the competency needs review, the plan says so.
    await test.handle.db
      .insert(competencyMastery)
      .values({
        organizationId: world.home.organization.id,
        learnerId: world.people.learner.id,
        competencyId: world.competency.id,
        probability: 0.6,
        lower: 0.4,
        upper: 0.8,
        evidenceCount: 6,
        status: "needs-review",
        updatedAt: new Date(),
      })
      .onConflictDoUpdate({
        target: [competencyMastery.learnerId, competencyMastery.competencyId],
        set: { status: "needs-review" },
      });
    const later = await fetchPdf("teacher", `/learners/${world.people.learner.id}/plan.pdf?language=en`);
    const review = later.text.slice(later.text.indexOf("Due for review"));
    expect(review).toContain("Add fractions with unlike denominators");
    expect(review).not.toContain("Nothing is due for review.");

    const bad = await call("learner", `/learners/${world.people.learner.id}/plan.pdf?language=fr`);
    expect(bad.status).toBe(400);
    const error = (await bad.json()) as { error: { code: string; details: { path: string }[] } };
    expect(error.error.code).toBe("validation_failed");
    expect(error.error.details[0]!.path).toBe("query.language");
  });

  it("prints a packet matched to the learner: their language and variant, large text, read-aloud note, reduced choices, no key", async () => {
    const code = packetCodeOf(world.board.id);
    const packet = await fetchPdf(
      "teacher",
      `/choice-boards/${world.board.id}/packets/${world.people.learner.id}`,
    );
    expect(packet.raw).toMatch(/\/Lang \(es\)/);
    expect(packet.text).toContain("Cuadernillo de práctica — Lena Learner");
    expect(packet.text).toContain(SPANISH_STEM);
    expect(packet.text).toContain("Para la persona adulta");
    expect(packet.text).toContain("Toma un descanso cuando lo necesites");
    expect(packet.text).toContain("Fraction strips explained");
    // Reduced choices: the five-choice item keeps its key and two distractors, as on screen.
    const fiveChoice = packet.text.slice(packet.text.indexOf("Which fraction equals 2/4?"));
    expect(fiveChoice).toContain("1/2");
    expect(fiveChoice).toMatch(/C\. /);
    expect(fiveChoice.slice(0, fiveChoice.indexOf("Pregunta"))).not.toMatch(/D\. /);
    // The answer sheet, on its own page, has a code per item and nothing of the key.
    const sheet = packet.pageTexts.at(-1)!;
    expect(sheet).toContain("Hoja de respuestas");
    for (const n of [1, 2, 3]) expect(sheet).toContain(`${code}-${n}`);
    expect(packet.text).not.toContain("Use a common denominator of 6.");
    // Large text: the stem prints at 1.5 × the body size.
    expect(packet.sizeOf("En una receta")).toBeCloseTo(18, 0);

    const own = await call("learner", `/choice-boards/${world.board.id}/packets/${world.people.learner.id}`);
    expect(own.status).toBe(200);
    const classmates = await call(
      "classmate",
      `/choice-boards/${world.board.id}/packets/${world.people.learner.id}`,
    );
    expect(classmates.status).toBe(403);
  });

  it("prints a class set: one packet per learner, each in its learner's language", async () => {
    const set = await fetchPdf("teacher", `/choice-boards/${world.board.id}/class-set`);
    expect(set.text).toContain("Cuadernillo de práctica — Lena Learner");
    expect(set.text).toContain("Practice packet — Cal Classmate");
    expect(set.text).toContain("What is 1/2 + 1/3?");
    expect(set.text).toContain(SPANISH_STEM);
    // Each packet at its learner's size: Lena's large, Cal's at the body size.
    expect(set.sizeOf("What is 1/2 + 1/3?")).toBeCloseTo(12, 0);
    expect(set.sizeOf("En una receta")).toBeCloseTo(18, 0);
    // Two learners, each with questions and an answer sheet on its own page.
    expect(set.pages).toBeGreaterThanOrEqual(4);
    // Cal has no reduced choices: all five choices print for him.
    const cals = set.text.slice(set.text.indexOf("Practice packet — Cal Classmate"));
    expect(cals.slice(cals.indexOf("Which fraction equals 2/4?"))).toMatch(/E\. 4\/5/);
    // Breaks and read-aloud are Lena's, not Cal's.
    expect(cals).not.toContain("Take a break");
    expect(cals).not.toContain("For the adult");
    expect((await call("otherTeacher", `/choice-boards/${world.board.id}/class-set`)).status).toBe(404);
  });

  it("scores a class's paper results through the evidence path, and entering them again counts once", async () => {
    const code = packetCodeOf(world.board.id);
    const lena = world.people.learner.id;
    const cal = world.people.classmate.id;
    const entry = {
      results: [
        { learnerId: lena, code: `${code}-1`, answer: "A" },
        { learnerId: cal, code: `${code}-1`, answer: "b" },
        { learnerId: cal, code: `${code}-2`, answer: "B" },
        { learnerId: lena, code: `${code}-3`, answer: "Paso todo a sextos: 3/6 + 2/6 = 5/6." },
      ],
    };
    const enter = () =>
      call("teacher", `/choice-boards/${world.board.id}/paper-results`, {
        method: "POST",
        body: JSON.stringify(entry),
      });
    const first = await enter();
    expect(first.status).toBe(200);
    const { results } = (await first.json()) as {
      results: {
        learnerId: string;
        code: string;
        status: string;
        correct: boolean | null;
        replayed: boolean;
      }[];
    };
    expect(results.map((r) => [r.code, r.status, r.correct, r.replayed])).toEqual([
      [`${code}-1`, "scored", true, false],
      [`${code}-1`, "scored", false, false],
      [`${code}-2`, "scored", true, false],
      [`${code}-3`, "pending", null, false],
    ]);
    const paperEvidence = () =>
      test.handle.db
        .select()
        .from(evidence)
        .where(and(eq(evidence.organizationId, world.home.organization.id), eq(evidence.source, "paper")));
    const written = await paperEvidence();
    expect(written).toHaveLength(3);
    expect(written.every((e) => e.kind === "attempt" && e.recordedBy === world.people.teacher.id)).toBe(true);
    const queued = await test.handle.db
      .select()
      .from(submissions)
      .where(eq(submissions.idempotencyKey, `paper:${world.board.id}:${lena}:${world.shortTextItem.id}`));
    expect(queued).toHaveLength(1);

    const again = await enter();
    expect(again.status).toBe(200);
    const replay = (await again.json()) as { results: { replayed: boolean }[] };
    expect(replay.results.every((r) => r.replayed)).toBe(true);
    expect(await paperEvidence()).toHaveLength(3);

    // The second question for Cal is the five-choice one, shown in full: "B" is 1/2, the key.
    expect(written.find((e) => e.learnerId === cal && e.itemId === fiveChoiceItemId)?.correct).toBe(true);
  });

  it("writes nothing when one line of the entry is wrong, and names the line", async () => {
    const code = packetCodeOf(world.board.id);
    const res = await call("teacher", `/choice-boards/${world.board.id}/paper-results`, {
      method: "POST",
      body: JSON.stringify({
        results: [
          { learnerId: world.people.classmate.id, code: `${code}-2`, answer: "A" },
          { learnerId: world.people.learner.id, code: `${code}-2`, answer: "E" },
        ],
      }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string }[] } };
    // Lena was shown three choices: there is no E on her sheet.
    expect(body.error.details[0]!.path).toBe("body.results.1.answer");
    const written = await test.handle.db
      .select()
      .from(evidence)
      .where(and(eq(evidence.learnerId, world.people.classmate.id), eq(evidence.source, "paper")));
    expect(written.every((e) => e.itemId !== fiveChoiceItemId || e.correct === true)).toBe(true);
    expect(written).toHaveLength(2);
  });
});

/**
 * The practice player and the teacher's scoring queue, in a real Chromium against a real server:
 * a learner with read-aloud on picks an item from Today, hears it read (the page's
 * `speechSynthesis.speak` is stubbed to record what it was asked to say), misses it, gets growth
 * feedback with the why of the choice, and gets it right; a short answer sent without JavaScript
 * waits for the teacher, who scores it and a rubric task from the scoring queue.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectAccessible, as, expectNoSidewaysScroll } from "./support.js";

const CLASS_NAME = "Grade 5 Math · Room 12";

interface TeacherItem {
  id: string;
  kind: string;
  stem: string;
  body: {
    kind: string;
    choices?: { id: string; text: string }[];
    correct?: string | string[];
    answer?: number;
    entries?: { id: string; text: string }[];
    correctOrder?: string[];
  };
}

/** The class, Mateo's id, and the organization's items with their keys, as his teacher sees them. */
async function classroom(teacher: Page) {
  const classes = (await (await teacher.request.get("/api/v1/classes")).json()) as {
    classes: { id: string; name: string }[];
  };
  const klass = classes.classes.find((c) => c.name === CLASS_NAME)!;
  const matrix = (await (await teacher.request.get(`/api/v1/classes/${klass.id}/mastery-matrix`)).json()) as {
    learners: { id: string; givenName: string; familyName: string }[];
  };
  const mateo = matrix.learners.find((l) => l.givenName === "Mateo")!;
  const items = (await (await teacher.request.get("/api/v1/items?limit=100")).json()) as {
    items: TeacherItem[];
  };
  return { classId: klass.id, mateo, items: items.items };
}

/** The teacher turns on read-aloud (and larger text) for Mateo, through the accommodations API. */
async function turnOnReadAloud(teacher: Page, learnerId: string) {
  const current = await teacher.request.get(`/api/v1/learners/${learnerId}/accommodations`);
  const saved = await teacher.request.patch(`/api/v1/learners/${learnerId}/accommodations`, {
    headers: { "if-match": current.headers()["etag"]! },
    data: { readAloud: true, largeText: true },
  });
  expect(saved.status()).toBe(200);
}

test.describe.configure({ mode: "serial" });

test("a learner answers with read-aloud on, misses one, sees growth feedback and the why, then gets it right", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const { mateo, items } = await classroom(teacher);
  await turnOnReadAloud(teacher, mateo.id);

  const learner = await as(browser, DEMO.learner);
  await learner.addInitScript(() => {
    const spoken: string[] = [];
    (window as unknown as { spoken: string[] }).spoken = spoken;
    window.speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
      spoken.push(utterance.text);
    };
  });

  // From Today: choose an option that offers an item, and start practising it.
  await learner.getByRole("link", { name: "Today" }).click();
  await expect(learner.getByRole("heading", { level: 2, name: "My choices" })).toBeVisible();
  // Choosing records the pick and opens the option's page.
  const choices = await learner.getByRole("button", { name: /^Choose this/ }).count();
  let why = "";
  for (let i = 0; i < choices; i++) {
    await learner
      .getByRole("button", { name: /^Choose this/ })
      .nth(i)
      .click();
    await expect(learner.getByRole("heading", { level: 1, name: "Your choice" })).toBeVisible();
    const start = learner.getByRole("link", { name: "Start practising" });
    if ((await start.count()) === 0) {
      await learner.getByRole("link", { name: "Back to my choices" }).click();
      continue;
    }
    why = (await learner.getByText(/^Why this\? \S/).textContent())!.trim();
    await start.focus();
    await learner.keyboard.press("Enter");
    break;
  }
  expect(why, "Today's board offers at least one item").not.toBe("");
  await expect(learner.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  await expect(learner.getByText(why)).toBeVisible();
  await expect(learner.getByText(/^Mistakes are welcome here/)).toBeVisible();
  const itemId = new URL(learner.url()).pathname.split("/").pop()!;
  const item = items.find((i) => i.id === itemId)!;
  await expect(learner.getByRole("heading", { level: 2 })).toHaveText(item.stem);
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);

  // Read-aloud, with the keyboard: the question and its options go to speech synthesis.
  const readAloud = learner.getByRole("button", { name: "Read the question aloud" });
  await readAloud.focus();
  await learner.keyboard.press("Enter");
  const spoken = await learner.evaluate(() => (window as unknown as { spoken: string[] }).spoken);
  expect(spoken).toHaveLength(1);
  expect(spoken[0]).toContain(item.stem);

  // A wrong answer first (mistakes welcome), then the right one.
  const answer = async (right: boolean) => {
    const body = item.body;
    if (body.kind === "single_choice") {
      const choice = body.choices!.find((c) => (c.id === body.correct) === right)!;
      await learner.getByRole("radio", { name: choice.text, exact: true }).check();
    } else if (body.kind === "multiple_choice") {
      const correct = body.correct as string[];
      for (const choice of body.choices!) {
        const box = learner.getByRole("checkbox", { name: choice.text, exact: true });
        if (right ? correct.includes(choice.id) : !correct.includes(choice.id)) await box.check();
        else await box.uncheck();
      }
    } else if (body.kind === "numeric") {
      await learner
        .getByLabel("Your answer (a number)")
        .fill(String(right ? body.answer : body.answer! + 1000));
    } else if (body.kind === "ordering") {
      // As shown the entries are never in the right order; the positions put them right.
      if (right)
        for (const [index, id] of body.correctOrder!.entries()) {
          const text = body.entries!.find((e) => e.id === id)!.text;
          await learner.getByLabel(text, { exact: true }).selectOption(String(index + 1));
        }
    }
    const submit = learner.getByRole("button", { name: right ? "Try again" : "Check my answer" });
    await submit.focus();
    await learner.keyboard.press("Enter");
  };
  await answer(false);
  const status = learner.getByRole("status");
  await expect(status).toContainText("Not yet — and that's useful");
  await expect(status).toContainText(
    /Read the question again|Check each choice|Estimate first|Find the first/,
  );
  await expect(status).toBeFocused();
  await expect(learner.getByText(why)).toBeVisible();
  await expectAccessible(learner);

  await answer(true);
  await expect(learner.getByRole("status")).toContainText("That's it — well done.");
  await expectAccessible(learner);

  // In Spanish, every word of the player translated.
  await learner.getByLabel("Language").selectOption("es");
  await learner.getByRole("button", { name: "Change language" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Práctica" })).toBeVisible();
  await expect(learner.getByRole("button", { name: "Leer la pregunta en voz alta" })).toBeVisible();
  await expectAccessible(learner);
  await learner.getByLabel("Idioma").selectOption("en");
  await learner.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Practice" })).toBeVisible();
  await learner.context().close();
  await teacher.context().close();
});

test("without JavaScript a short answer is sent and waits for the teacher; the teacher scores it and a rubric task", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const { classId, mateo, items } = await classroom(teacher);
  const learner = await as(browser, DEMO.learner, { javaScriptEnabled: false });

  // A short-text item Mateo may answer.
  let shortItem: TeacherItem | undefined;
  for (const item of items.filter((i) => i.kind === "short_text"))
    if ((await learner.request.get(`/api/v1/items/${item.id}/delivery`)).ok()) shortItem = item;
  expect(shortItem, "a short-text item for Mateo's class").toBeDefined();
  await learner.goto(`/learner/practice/${shortItem!.id}`);
  await expect(learner.getByRole("heading", { level: 2 })).toHaveText(shortItem!.stem);
  await expect(learner.getByText(/^Suggested time: \d+ minutes?\./)).toBeVisible();
  const myAnswer = `I multiplied each side by the same number ${randomUUID().slice(0, 8)}.`;
  await learner.getByLabel("Your answer", { exact: true }).fill(myAnswer);
  await learner.getByRole("button", { name: "Check my answer" }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toContainText("Your teacher will read your answer");

  // Mateo hands in the rubric-scored project of the class's board.
  const boards = (await (await teacher.request.get(`/api/v1/classes/${classId}/choice-boards`)).json()) as {
    items: { options: { kind: string; refId: string; title: string }[] }[];
  };
  const task = boards.items.flatMap((b) => b.options).find((o) => o.kind === "task")!;
  const workText = `Half the recipe: 3/8 cup of sugar ${randomUUID().slice(0, 8)}.`;
  const handedIn = await learner.request.post(`/api/v1/tasks/${task.refId}/submissions`, {
    headers: { "idempotency-key": randomUUID() },
    data: { text: workText },
  });
  expect(handedIn.status()).toBe(201);

  // The teacher's scoring queue.
  await teacher.goto("/teacher");
  await teacher.getByRole("link", { name: "Scoring" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "Scoring" })).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  const answerCard = teacher.getByRole("article").filter({ hasText: myAnswer });
  await expect(answerCard.getByRole("heading", { level: 3 })).toContainText("Mateo");
  await answerCard.getByRole("radio", { name: "Not yet" }).check();
  await answerCard.getByLabel("Feedback for the learner").fill("Good start: now show the second step.");
  const scoreAnswer = answerCard.getByRole("button", { name: /^Score this answer/ });
  await scoreAnswer.focus();
  await teacher.keyboard.press("Enter");
  await expect(teacher.getByRole("status")).toHaveText(
    "The answer was scored. The learner sees your feedback.",
  );
  await expect(teacher.getByRole("status")).toBeFocused();
  await expect(teacher.getByText(myAnswer)).toHaveCount(0);

  const taskCard = teacher.getByRole("article").filter({ hasText: workText });
  await expect(taskCard.getByRole("heading", { level: 3 })).toContainText("Recipe remix");
  const criteria = taskCard.getByRole("group");
  expect(await criteria.count()).toBe(2);
  // Sending it with a criterion left out is refused by the browser; choose each level.
  await criteria
    .nth(0)
    .getByRole("radio", { name: /^3 · Meeting/ })
    .check();
  await criteria
    .nth(1)
    .getByRole("radio", { name: /^2 · Developing/ })
    .check();
  await taskCard.getByLabel("Feedback for the learner").fill("Clear steps; explain the harder amounts.");
  await taskCard.getByRole("button", { name: /^Score this work/ }).click();
  await expect(teacher.getByRole("status")).toHaveText(
    "The work was scored on each criterion. The learner sees your feedback.",
  );
  await expect(teacher.getByText(workText)).toHaveCount(0);
  await expectAccessible(teacher);

  // The server's record: both scored, with the teacher's feedback; the rubric gave one score per criterion.
  const submissions = (await (
    await teacher.request.get(`/api/v1/learners/${mateo.id}/submissions?limit=20`)
  ).json()) as {
    items: {
      kind: string;
      status: string;
      feedback: string | null;
      response: { text?: string };
      evidenceIds: string[];
    }[];
  };
  const scoredAnswer = submissions.items.find((s) => s.response.text === myAnswer)!;
  expect(scoredAnswer.status).toBe("scored");
  expect(scoredAnswer.feedback).toBe("Good start: now show the second step.");
  expect(scoredAnswer.evidenceIds).toHaveLength(1);
  const scoredTask = submissions.items.find((s) => s.response.text === workText)!;
  expect(scoredTask.status).toBe("scored");
  expect(scoredTask.evidenceIds).toHaveLength(2);
  await learner.context().close();
  await teacher.context().close();
});

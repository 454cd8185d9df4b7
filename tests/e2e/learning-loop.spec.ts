/**
 * The first slice of the learner and teacher experience, in a real Chromium against a real server:
 * Today's board, My path, the portfolio and "defend my learning", the class overview, the learner
 * detail page and the growth report — each page scanned by axe, main flows done with the keyboard.
 *
 * The demo school has no activities yet, so the engine's board is empty there and must say why;
 * mastery comes from evidence the teacher records through the API, as a paper quiz would.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectAccessible, signIn, as, expectNoSidewaysScroll } from "./support.js";

const CLASS_NAME = "Grade 5 Math · Room 12";

interface Matrix {
  class: { id: string };
  learners: { id: string; givenName: string; familyName: string }[];
  competencies: { id: string; code: string | null; statement: string; depth: number }[];
}

/** The teacher's class, Mateo's id, and the measured skills of the framework (no heading above them). */
async function classroom(teacher: Page) {
  const classes = (await (await teacher.request.get("/api/v1/classes")).json()) as {
    classes: { id: string; name: string }[];
  };
  const klass = classes.classes.find((c) => c.name === CLASS_NAME)!;
  const matrix = (await (
    await teacher.request.get(`/api/v1/classes/${klass.id}/mastery-matrix`)
  ).json()) as Matrix;
  const list = matrix.competencies;
  const skills = list.filter((c, i) => !(list[i + 1] && list[i + 1]!.depth > c.depth));
  const mateo = matrix.learners.find((l) => l.givenName === "Mateo")!;
  const first = [...matrix.learners].sort(
    (a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName),
  )[0]!;
  return { classId: klass.id, mateoId: mateo.id, first, skills };
}

/** The teacher records answers for a learner (as from a paper quiz): all correct, so it is mastered. */
async function recordAnswers(teacher: Page, learnerId: string, competencyId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const response = await teacher.request.post(`/api/v1/learners/${learnerId}/evidence`, {
      headers: { "idempotency-key": randomUUID() },
      data: { learnerId, kind: "attempt", competencyIds: [competencyId], correct: true, source: "api" },
    });
    expect(response.status()).toBe(201);
  }
}

test.describe.configure({ mode: "serial" });

test("Today: each choice says why; the learner picks one and says “not this — because …” with the keyboard alone", async ({
  page,
}) => {
  await signIn(page, DEMO.learner);
  await page.getByRole("link", { name: "Today" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Today" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 2, name: "My choices" })).toBeVisible();
  const options = page.getByRole("listitem").filter({ hasText: "Why this?" });
  expect(await options.count()).toBeGreaterThanOrEqual(3);
  for (const option of await options.all()) {
    await expect(option.getByRole("heading", { level: 3 })).not.toHaveText("A competency of your class");
    await expect(option.getByText(/^Why this\? \S/)).toBeVisible();
  }
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);

  // "Not this — because …", keyboard only, on the first option still open to it.
  const option = options.filter({ has: page.getByText("Not this — because…") }).first();
  const competency = (await option.getByRole("heading", { level: 3 }).textContent())!.trim();
  await option.getByText("Not this — because…").focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(option.getByLabel("Tell your teacher why")).toBeFocused();
  await page.keyboard.type("I did this one with my tutor yesterday.");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  const status = page.getByRole("status");
  await expect(status).toHaveText("Thank you. Your teacher will see why you said “not this”.");
  await expect(status).toBeFocused();
  const contested = options.filter({ hasText: competency }).first();
  await expect(contested).toContainText(
    "You said “not this” because: I did this one with my tutor yesterday.",
  );
  await expect(contested).toContainText("Your teacher will see it.");
  await expectAccessible(page);

  // Picking an option, keyboard only: its page says what was chosen and why.
  const chosen = options.nth(1);
  const chosenName = (await chosen.getByRole("heading", { level: 3 }).textContent())!.trim();
  await chosen.getByRole("button", { name: /^Choose this/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Your choice" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(chosenName);
  await expect(page.getByText(/^Why this\? \S/)).toBeVisible();
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await page.getByRole("link", { name: "Back to my choices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();

  // The whys come in the learner's language.
  await page.getByLabel("Language").selectOption("es");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hoy" })).toBeVisible();
  await expect(
    page
      .getByRole("listitem")
      .filter({ hasText: "¿Por qué esto?" })
      .first()
      .getByText(/^¿Por qué esto\? (Estás listo|Practicar más|Es momento|Dominaste)/),
  ).toBeVisible();
  await expect(
    page.getByText("Dijiste «esto no» porque: I did this one with my tutor yesterday.").first(),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Idioma").selectOption("en");
  await page.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
});

test("the teacher resolves the learner's contest and overrides a suggestion with a reason the learner reads", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  await teacher.getByRole("link", { name: "Hernández, Mateo" }).first().click();
  await expect(teacher.getByRole("heading", { level: 1, name: "Mateo Hernández" })).toBeVisible();
  const contests = teacher.getByRole("region", { name: /^Contests to resolve \([1-9]\d*\)$/ });
  const contest = contests
    .getByRole("listitem")
    .filter({ hasText: "I did this one with my tutor yesterday." })
    .first();
  await contest.getByLabel("Keep the suggestion").focus();
  await teacher.keyboard.press("Space");
  await contest.getByLabel("What you tell Mateo").focus();
  await teacher.keyboard.type("A short round still helps before the quiz.");
  await contest.getByRole("button", { name: "Resolve" }).focus();
  await teacher.keyboard.press("Enter");
  await expect(teacher.getByRole("status")).toHaveText(
    "The contest is resolved; the learner sees your answer.",
  );
  await expectAccessible(teacher);

  // Override one of the engine's board suggestions (not an earlier override, nor a plan step that
  // other tests may have added to Mateo's ledger).
  const decisions = teacher.getByRole("region", { name: "Decisions and their reasons" });
  const suggestion = decisions
    .getByRole("listitem")
    .filter({ hasText: "Pathwise engine (pathwise-choice-board)" })
    .filter({ has: teacher.getByText("Override this decision") })
    .first();
  const why = (await suggestion.locator("p").nth(2).textContent())!.trim();
  await suggestion.getByText("Override this decision").click();
  await suggestion
    .getByLabel("Your reason (Mateo will read it)")
    .fill("Join the fractions workshop on Thursday instead.");
  await suggestion.getByRole("button", { name: "Override with this reason" }).click();
  await expect(teacher.getByRole("status")).toHaveText(
    "Your override is recorded; the learner sees your reason.",
  );
  await expect(
    decisions
      .getByRole("listitem")
      .filter({ hasText: why })
      .filter({ hasText: "Overridden by a teacher" })
      .first(),
  ).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  const learner = await as(browser, DEMO.learner);
  await learner.goto("/learner/today");
  await expect(
    learner
      .getByRole("listitem")
      .filter({ hasText: "Your teacher changed this: Join the fractions workshop on Thursday instead." })
      .first(),
  ).toBeVisible();
  await expect(
    learner.getByText("Your teacher kept it: A short round still helps before the quiz.").first(),
  ).toBeVisible();
  await teacher.context().close();
  await learner.context().close();
});

test("My path shows every step with its status, and what the teacher recorded shows as mastered", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const { mateoId, skills } = await classroom(teacher);
  const skill = skills[0]!;
  await recordAnswers(teacher, mateoId, skill.id, 6);

  const learner = await as(browser, DEMO.learner);
  await learner.getByRole("link", { name: "My path" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "My path" })).toBeVisible();
  const table = learner.getByRole("table", { name: `My competencies in ${CLASS_NAME}` });
  await expect(table.getByRole("row")).toHaveCount(skills.length + 1);
  const row = table.getByRole("row").filter({ hasText: skill.statement });
  await expect(row.getByRole("cell").first()).toHaveText("Mastered");
  await expect(row).toContainText(
    /\d+% likely mastered \(between \d+% and \d+%\), from \d+ pieces of evidence/,
  );
  // Every step that waits for its prerequisites says which (how many wait depends on what earlier
  // tests in the shared demo school left mastered, so the two counts are compared).
  const lockedRows = table.getByRole("row").filter({ has: learner.getByRole("cell", { name: /^Locked/ }) });
  expect(await table.getByText(/^First master: /).count()).toBe(await lockedRows.count());
  await expect(learner.getByRole("listitem").filter({ hasText: /^Mastered \d/ })).toHaveText(
    /^Mastered [1-9]\d* competenc/,
  );
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);
  await teacher.context().close();
  await learner.context().close();
});

test("a learner defends their learning with the keyboard alone, and the teacher verifies it", async ({
  browser,
}) => {
  const learner = await as(browser, DEMO.learner);
  await learner.goto("/learner/portfolio");
  await expect(learner.getByRole("heading", { level: 1, name: "My portfolio" })).toBeVisible();
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);
  const title = `Fraction poster ${randomUUID().slice(0, 8)}`;

  // Add a piece of work: keyboard only.
  await learner.getByLabel("Title", { exact: true }).focus();
  await learner.keyboard.type(title);
  await learner.keyboard.press("Tab");
  await learner.keyboard.type("A poster that compares fractions with pictures.");
  await learner.keyboard.press("Tab");
  await learner.keyboard.type("https://example.org/poster");
  await learner.getByLabel("Let my family see this").focus();
  await learner.keyboard.press("Space");
  await learner.getByRole("button", { name: "Add to my portfolio" }).focus();
  await learner.keyboard.press("Enter");
  const status = learner.getByRole("status");
  await expect(status).toHaveText("Your work was added.");
  await expect(status).toBeFocused();
  await expect(learner.getByRole("link", { name: title })).toBeVisible();
  await expect(learner.getByRole("listitem").filter({ hasText: title })).toContainText(
    "Your family can see this.",
  );

  // A claim with a statement too short is explained, next to the form, and focused.
  const competency = learner.getByLabel("The competency I have mastered");
  await competency.focus();
  await learner.keyboard.press("ArrowDown");
  const claimed = (await competency.locator("option:checked").textContent())!.trim();
  await learner.getByLabel("How my work shows it").focus();
  await learner.keyboard.type("Look.");
  await learner.getByRole("checkbox", { name: title }).focus();
  await learner.keyboard.press("Space");
  await learner.getByRole("button", { name: "Send my claim to my teacher" }).focus();
  await learner.keyboard.press("Enter");
  const alert = learner.getByRole("alert");
  await expect(alert).toHaveText("Say in a sentence or two (at least 10 letters) how your work shows it.");
  await expect(alert).toBeFocused();
  await expect(learner.getByLabel("How my work shows it")).toHaveValue("Look.");
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);

  await learner.getByLabel("How my work shows it").focus();
  await learner.keyboard.type(" My poster compares six pairs of fractions and explains each one.");
  await learner.getByLabel("The competency I have mastered").selectOption({ label: claimed });
  await learner.getByRole("checkbox", { name: title }).check();
  await learner.getByRole("button", { name: "Send my claim to my teacher" }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("Your claim was sent to your teacher.");
  await expect(learner.getByText("Waiting for your teacher").first()).toBeVisible();

  // The teacher finds it on Mateo's page and verifies it, keyboard only.
  const teacher = await as(browser, DEMO.teacher);
  await teacher.getByRole("link", { name: "Hernández, Mateo" }).first().focus();
  await teacher.keyboard.press("Enter");
  await expect(teacher.getByRole("heading", { level: 1, name: "Mateo Hernández" })).toBeVisible();
  const claims = teacher.getByRole("region", { name: /^Claims to verify \(\d+\)$/ });
  const card = claims.getByRole("listitem").filter({ hasText: "My poster compares six pairs" });
  await card.getByLabel("Verified: the work shows it").focus();
  await teacher.keyboard.press("Space");
  await card.getByLabel("What you tell Mateo").focus();
  await teacher.keyboard.type("Convincing — well done.");
  await card.getByRole("button", { name: "Send my answer" }).focus();
  await teacher.keyboard.press("Enter");
  await expect(teacher.getByRole("status")).toHaveText(
    "The claim is answered; the learner sees your response.",
  );
  await expect(teacher.getByRole("region", { name: /^Timeline$/ })).toContainText("Verified work, correct:");
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  await learner.reload();
  const verified = learner.getByRole("listitem").filter({ hasText: "My poster compares six pairs" }).first();
  await expect(verified).toContainText("Verified");
  await expect(verified).toContainText("Your teacher said: Convincing — well done.");
  await teacher.context().close();
  await learner.context().close();
});

test("the class overview: a mastery map with a table alternative, and each learner's page", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const { mateoId, skills } = await classroom(teacher);
  await recordAnswers(teacher, mateoId, skills[1]!.id, 6);
  await teacher.getByRole("link", { name: /^Class overview\s*: Grade 5 Math · Room 12$/ }).click();
  await expect(
    teacher.getByRole("heading", { level: 1, name: `${CLASS_NAME}: class overview` }),
  ).toBeVisible();
  await expect(
    teacher.getByRole("img", { name: /^Mastery map of 20 learners by \d+ competencies/ }),
  ).toBeVisible();
  const table = teacher.getByRole("table", { name: `Mastery in ${CLASS_NAME}, learner by competency` });
  await expect(table.getByRole("row")).toHaveCount(21);
  const mateo = table
    .getByRole("row")
    .filter({ has: teacher.getByRole("link", { name: "Hernández, Mateo" }) });
  await expect(mateo).toContainText("(mastered)");
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  // The table scrolls sideways on a phone: it can be reached with the keyboard.
  await teacher.getByRole("region", { name: `Mastery in ${CLASS_NAME}, learner by competency` }).focus();
  await expect(
    teacher.getByRole("region", { name: `Mastery in ${CLASS_NAME}, learner by competency` }),
  ).toBeFocused();

  await mateo.getByRole("link", { name: "Hernández, Mateo" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "Mateo Hernández" })).toBeVisible();
  const mastery = teacher.getByRole("table", {
    name: "What Pathwise estimates Mateo Hernández has mastered, with how sure it is",
  });
  await expect(mastery.getByRole("row").filter({ hasText: skills[1]!.statement })).toContainText(
    /Mastered\s*\d+%\s*\d+–\d+%/,
  );
  await expect(teacher.getByRole("region", { name: "Timeline" })).toContainText("Answer, correct:");
  await expect(teacher.getByRole("region", { name: "Decisions and their reasons" })).toContainText(
    /Pathwise engine \(.+\)/,
  );
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
  await teacher.context().close();
});

test("the growth report shows the period's change and exports it as CSV", async ({ browser }) => {
  const teacher = await as(browser, DEMO.teacher);
  const { classId, first, skills } = await classroom(teacher);
  // The first learner of the class list answers correctly, within the default period (the last 30 days).
  // (Recorded for the first learner in name order: see the report of this branch about classGrowth.)
  const skill = skills[2]!;
  await recordAnswers(teacher, first.id, skill.id, 6);
  await teacher.goto(`/teacher/classes/${classId}/growth`);
  await expect(
    teacher.getByRole("heading", { level: 1, name: `Growth report · ${CLASS_NAME}` }),
  ).toBeVisible();
  const byCompetency = teacher.getByRole("table", { name: /^Mean estimates at the start and end of/ });
  await expect(byCompetency.getByRole("row").filter({ hasText: skill.statement })).toContainText("0 → 1");
  const byLearner = teacher.getByRole("table", {
    name: "Competencies mastered at the start and end of the period, and the mean gain",
  });
  await expect(
    byLearner.getByRole("row").filter({ hasText: `${first.familyName}, ${first.givenName}` }),
  ).toContainText(/\+\d+ points/);
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  const download = teacher.waitForEvent("download");
  await teacher.getByRole("link", { name: "Download as CSV (for spreadsheets)" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(
    /^growth-Grade-5-Math-Room-12-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const { readFile } = await import("node:fs/promises");
  const csv = await readFile((await file.path())!, "utf8");
  expect(csv.split("\n")[0]).toBe(
    "learner,competency_code,competency,p_start,p_end,mastered_start,mastered_end",
  );
  expect(csv).toContain(`${first.givenName} ${first.familyName},`);
  expect(csv).toMatch(/,true\n/);

  // A period that ends before it starts is explained, and nothing is computed.
  await teacher.getByLabel("From", { exact: true }).fill("2026-06-30");
  await teacher.getByLabel("To", { exact: true }).fill("2026-06-01");
  await teacher.getByRole("button", { name: "Show the report" }).click();
  await expect(teacher.getByRole("alert")).toHaveText("The end of the period must come after its start.");
  await expect(teacher.getByLabel("To", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
  await teacher.context().close();
});

test.describe("without JavaScript", () => {
  test("a learner says “not this”, asks for a new board, adds work and chooses what their family sees", async ({
    browser,
  }) => {
    const learner = await as(browser, DEMO.learner, { javaScriptEnabled: false });
    await learner.goto("/learner/today");
    const option = learner
      .getByRole("listitem")
      .filter({ hasText: "Why this?" })
      .filter({ has: learner.getByText("Not this — because…") })
      .first();
    await option.getByText("Not this — because…").click();
    await option.getByLabel("Tell your teacher why").fill("no");
    await option.getByRole("button", { name: "Send to my teacher" }).click();
    await expect(learner.getByRole("alert")).toHaveText("Say why in a few words (at least 3 letters).");
    await learner
      .getByLabel("Tell your teacher why")
      .and(learner.locator("[aria-invalid=true]"))
      .fill("Too easy for me now.");
    await learner.locator("details[open]").getByRole("button", { name: "Send to my teacher" }).click();
    await expect(learner.getByRole("status")).toHaveText(
      "Thank you. Your teacher will see why you said “not this”.",
    );
    await learner.getByRole("button", { name: "Get a new board" }).click();
    await expect(learner.getByRole("status")).toHaveText(
      "Here is your board, up to date with your latest work.",
    );
    await expect(learner.getByRole("heading", { level: 2, name: "My choices" })).toBeVisible();

    await learner.goto("/learner/portfolio");
    const title = `Reading log ${randomUUID().slice(0, 8)}`;
    await learner.getByLabel("Title", { exact: true }).fill(title);
    await learner.getByLabel("Text", { exact: true }).fill("Week 1: two chapters.");
    await learner.getByRole("button", { name: "Add to my portfolio" }).click();
    await expect(learner.getByRole("status")).toHaveText("Your work was added.");
    const card = learner.getByRole("listitem").filter({ hasText: title });
    await expect(card).toContainText("Only you and your teachers can see this.");
    await card.getByRole("button", { name: /^Share with my family\s*: Reading log/ }).click();
    await expect(learner.getByRole("status")).toHaveText("Your family can now see this work.");
    await expect(learner.getByRole("listitem").filter({ hasText: title })).toContainText(
      "Your family can see this.",
    );
    await learner.context().close();
  });
});

/**
 * Accommodations, in a real Chromium against a real server: a teacher sets them on the learner's
 * page (keyboard only), and the practice player applies them — extended time, high contrast (with
 * zero axe violations in that mode), a dyslexia-friendly font and large text while an ordering item
 * is answered with the keyboard alone (and recorded on the server as a correct web answer); then
 * fewer answer choices and no timer at all; then the same display accommodations on her other pages
 * (today, her path), with zero axe violations there too. Aaliyah is used so other tests' learner
 * stays as it was.
 */
import { expect, test, type Page } from "@playwright/test";
import { as, DEMO, expectAccessible, expectNoSidewaysScroll } from "./support.js";

const LEARNER = "aaliyah.johnson@cedargrove.example";
const CLASS_NAME = "Grade 5 Math · Room 12";

interface TeacherItem {
  id: string;
  kind: string;
  stem: string;
  competencyIds: string[];
  body: {
    choices?: { id: string; text: string }[];
    correct?: string | string[];
    entries?: { id: string; text: string }[];
    correctOrder?: string[];
  };
}

interface Needs {
  /** A number from 1 to 4, or null for no timer. */
  time: number | null;
  readAloud?: boolean;
  reducedChoices?: boolean;
  largeText?: boolean;
  highContrast?: boolean;
  dyslexiaFont?: boolean;
  breaks?: boolean;
}

const LABELS = {
  readAloud: "Read aloud",
  reducedChoices: "Fewer answer choices",
  largeText: "Large text",
  highContrast: "High contrast",
  dyslexiaFont: "Dyslexia-friendly font",
  breaks: "Breaks",
} as const;

/** Aaliyah's id, as her teacher sees her class. */
async function learnerId(teacher: Page): Promise<string> {
  const classes = (await (await teacher.request.get("/api/v1/classes")).json()) as {
    classes: { id: string; name: string }[];
  };
  const klass = classes.classes.find((c) => c.name === CLASS_NAME)!;
  const matrix = (await (await teacher.request.get(`/api/v1/classes/${klass.id}/mastery-matrix`)).json()) as {
    learners: { id: string; givenName: string }[];
  };
  return matrix.learners.find((l) => l.givenName === "Aaliyah")!.id;
}

/** An item of `kind` that the learner may answer, with its key as the teacher sees it. */
async function itemFor(teacher: Page, learner: Page, test: (item: TeacherItem) => boolean) {
  const items = (await (await teacher.request.get("/api/v1/items?limit=100")).json()) as {
    items: TeacherItem[];
  };
  for (const item of items.items.filter(test))
    if ((await learner.request.get(`/api/v1/items/${item.id}/delivery`)).ok()) return item;
  throw new Error("no such item for the learner");
}

/** The teacher sets the learner's accommodations on the learner's page, with the keyboard only. */
async function setOnPage(teacher: Page, id: string, needs: Needs) {
  await teacher.goto(`/teacher/learners/${id}`);
  await expect(teacher.getByRole("heading", { level: 2, name: "Accommodations" })).toBeVisible();
  const time = teacher.getByLabel(/^Time on timed work/);
  await time.focus();
  await teacher.keyboard.press("ControlOrMeta+a");
  await teacher.keyboard.type(String(needs.time ?? 1));
  const boxes: [string, boolean][] = [
    ["No timer at all", needs.time === null],
    ...Object.entries(LABELS).map(([key, label]): [string, boolean] => [
      label,
      needs[key as keyof typeof LABELS] ?? false,
    ]),
  ];
  for (const [label, on] of boxes) {
    const box = teacher.getByRole("checkbox", { name: label, exact: true });
    if ((await box.isChecked()) !== on) {
      await box.focus();
      await teacher.keyboard.press("Space");
    }
    await expect(box).toBeChecked({ checked: on });
  }
  await teacher.getByRole("button", { name: "Save accommodations" }).focus();
  await teacher.keyboard.press("Enter");
  await expect(teacher.getByRole("status")).toContainText("The accommodations are saved");
}

test.describe.configure({ mode: "serial" });

test("a teacher sets accommodations; the learner answers an ordering item with the keyboard, in high contrast, large text and a dyslexia-friendly font, with extended time", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const id = await learnerId(teacher);
  await teacher.goto(`/teacher/learners/${id}`);
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
  await setOnPage(teacher, id, { time: 2, highContrast: true, dyslexiaFont: true, largeText: true });
  await expectAccessible(teacher);
  const saved = (await (await teacher.request.get(`/api/v1/learners/${id}/accommodations`)).json()) as Record<
    string,
    unknown
  >;
  expect(saved).toMatchObject({
    extendedTimeFactor: 2,
    highContrast: true,
    dyslexiaFont: true,
    largeText: true,
    reducedChoices: false,
    readAloud: false,
  });

  const learner = await as(browser, LEARNER);
  const item = await itemFor(teacher, learner, (i) => i.kind === "ordering");
  await learner.goto(`/learner/practice/${item.id}`);
  await expect(learner.getByRole("heading", { level: 2 })).toHaveText(item.stem);

  // The accommodations, visibly applied (on the whole page, as on every page she sees).
  const player = learner.locator(".page");
  await expect(player).toHaveClass(/\bhigh-contrast\b/);
  await expect(player).toHaveClass(/\bdyslexia-font\b/);
  await expect(player).toHaveClass(/\blarge-text\b/);
  const look = await player.evaluate((el) => {
    const style = getComputedStyle(el);
    const panel = getComputedStyle(el.querySelector(".panel")!);
    return {
      background: style.backgroundColor,
      color: style.color,
      panel: panel.backgroundColor,
      fontFamily: style.fontFamily,
      letterSpacing: parseFloat(style.letterSpacing),
      fontSize: parseFloat(style.fontSize),
      rootFontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
    };
  });
  expect(look.background).toBe("rgb(0, 0, 0)");
  expect(look.panel).toBe("rgb(0, 0, 0)");
  expect(look.color).toBe("rgb(255, 255, 255)");
  expect(look.fontFamily).toContain("OpenDyslexic");
  expect(look.letterSpacing).toBeGreaterThan(0);
  expect(look.fontSize).toBeGreaterThanOrEqual(look.rootFontSize * 1.25);
  // Twice the usual three minutes.
  await expect(learner.getByText(/^Time left: (6:00|5:[0-5]\d)$/)).toBeVisible();
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);

  // Keyboard only: from the timer button, Tab to each entry's position and type it, then send.
  const shown = await learner.locator(".entries li label").allTextContents();
  const entries = item.body.entries!;
  const order = item.body.correctOrder!;
  await learner.getByRole("button", { name: "Hide the timer" }).focus();
  for (const text of shown) {
    const entry = entries.find((e) => e.text === text.trim())!;
    const position = order.indexOf(entry.id) + 1;
    await learner.keyboard.press("Tab");
    const select = learner.getByLabel(entry.text, { exact: true });
    await expect(select).toBeFocused();
    await learner.keyboard.type(`Position ${position}`);
    await expect(select).toHaveValue(String(position));
  }
  await learner.keyboard.press("Tab");
  await expect(learner.getByRole("button", { name: "Check my answer" })).toBeFocused();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toContainText("That's it — well done.");
  await expectAccessible(learner);

  // On the server: a correct answer from the web, on the item's competencies.
  const timeline = (await (await teacher.request.get(`/api/v1/learners/${id}/timeline?limit=5`)).json()) as {
    items: {
      type: string;
      kind?: string;
      source?: string;
      correct?: boolean | null;
      competencies?: { id: string }[];
    }[];
  };
  const answer = timeline.items.find((e) => e.type === "evidence")!;
  expect(answer).toMatchObject({ kind: "attempt", source: "web", correct: true });
  expect(answer.competencies!.map((c) => c.id).sort()).toEqual([...item.competencyIds].sort());

  await learner.context().close();
  await teacher.context().close();
});

test("with fewer answer choices the learner sees three of four, every right one among them; with no timer there is no countdown", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const id = await learnerId(teacher);
  await setOnPage(teacher, id, { time: 1 });
  const learner = await as(browser, LEARNER);
  const item = await itemFor(
    teacher,
    learner,
    (i) => i.kind === "single_choice" && (i.body.choices?.length ?? 0) === 4,
  );
  const radios = learner.locator('input[type="radio"][name="choiceId"]');
  await learner.goto(`/learner/practice/${item.id}`);
  await expect(radios).toHaveCount(4);
  await expect(learner.getByText(/^Time left: 3:00|^Time left: 2:[0-5]\d/)).toBeVisible();
  await expect(learner.locator(".page")).not.toHaveClass(/high-contrast|large-text|dyslexia-font/);

  await setOnPage(teacher, id, { time: null, reducedChoices: true });
  await learner.goto(`/learner/practice/${item.id}`);
  await expect(radios).toHaveCount(3);
  const values = await radios.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(values).toContain(item.body.correct as string);
  await expect(learner.getByText("No time limit: take the time you need.")).toBeVisible();
  await expect(learner.getByText(/^Time left/)).toHaveCount(0);
  await expect(learner.getByRole("button", { name: "Hide the timer" })).toHaveCount(0);
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);

  // Back to the usual, so that Aaliyah starts the next run as she started this one.
  await setOnPage(teacher, id, { time: 1 });
  await learner.context().close();
  await teacher.context().close();
});

test("high contrast, large text and a dyslexia-friendly font apply on every page the learner sees, not only in the player", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const id = await learnerId(teacher);
  await setOnPage(teacher, id, { time: 1, highContrast: true, largeText: true, dyslexiaFont: true });
  const learner = await as(browser, LEARNER);
  for (const path of ["/learner/today", "/learner/path"]) {
    await learner.goto(path);
    await expect(learner.getByRole("heading", { level: 1 })).toBeVisible();
    const look = await learner.locator("main").evaluate((main) => {
      /** The colour behind an element: its own, or the nearest one behind it. */
      const behind = (el: Element | null): string => {
        for (let at = el; at; at = at.parentElement) {
          const colour = getComputedStyle(at).backgroundColor;
          if (colour !== "rgba(0, 0, 0, 0)") return colour;
        }
        return getComputedStyle(document.documentElement).backgroundColor;
      };
      const style = getComputedStyle(main);
      return {
        background: behind(main),
        header: behind(document.querySelector(".site-header")),
        color: style.color,
        fontFamily: style.fontFamily,
        fontSize: parseFloat(style.fontSize),
        rootFontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
      };
    });
    expect(look.background, path).toBe("rgb(0, 0, 0)");
    expect(look.header, path).toBe("rgb(0, 0, 0)");
    expect(look.color, path).toBe("rgb(255, 255, 255)");
    expect(look.fontFamily, path).toContain("OpenDyslexic");
    expect(look.fontSize, path).toBeGreaterThanOrEqual(look.rootFontSize * 1.25);
    await expectAccessible(learner);
    await expectNoSidewaysScroll(learner);
  }

  // Back to the usual, so that Aaliyah starts the next run as she started this one.
  await setOnPage(teacher, id, { time: 1 });
  await learner.goto("/learner/today");
  await expect(learner.locator(".page")).not.toHaveClass(/high-contrast|large-text|dyslexia-font/);
  await learner.context().close();
  await teacher.context().close();
});

test("with breaks, the learner puts the question away and the timer waits until she is back — keyboard only", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const id = await learnerId(teacher);
  await setOnPage(teacher, id, { time: 1, breaks: true });
  const learner = await as(browser, LEARNER);
  const item = await itemFor(teacher, learner, (i) => i.kind === "single_choice");
  await learner.goto(`/learner/practice/${item.id}`);
  const question = learner.getByRole("heading", { level: 2, name: item.stem });
  await expect(question).toBeVisible();
  await expect(
    learner.getByText("You can take a break whenever you need one. The timer waits for you."),
  ).toBeVisible();
  const timeLeft = async () => {
    const text = (await learner.getByText(/^Time left: \d+:\d\d$/).textContent())!;
    const [minutes, seconds] = text.replace("Time left: ", "").split(":").map(Number);
    return minutes! * 60 + seconds!;
  };
  await expect(learner.getByText(/^Time left: \d+:\d\d$/)).toBeVisible();
  const before = await timeLeft();

  await learner.getByRole("button", { name: "Take a break" }).focus();
  await learner.keyboard.press("Enter");
  const breakHeading = learner.getByRole("heading", { level: 2, name: "Break time" });
  await expect(breakHeading).toBeFocused();
  await expect(question).toBeHidden();
  await expect(learner.getByRole("radio")).toHaveCount(0);
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);
  // The break's own clock runs; the question's does not.
  await expect(learner.getByText(/^On a break for 0:0[5-9]$/)).toBeVisible({ timeout: 15_000 });

  await learner.keyboard.press("Tab");
  await expect(learner.getByRole("button", { name: "I'm back — show the question" })).toBeFocused();
  await learner.keyboard.press("Enter");
  await expect(question).toBeFocused();
  await expect(breakHeading).toHaveCount(0);
  // Five seconds and more of break, and the question's clock moved by at most the second or two
  // around it.
  expect(before - (await timeLeft())).toBeLessThanOrEqual(2);
  await expectAccessible(learner);

  // Back to the usual, so that Aaliyah starts the next run as she started this one.
  await setOnPage(teacher, id, { time: 1 });
  await learner.goto(`/learner/practice/${item.id}`);
  await expect(learner.getByRole("button", { name: "Take a break" })).toHaveCount(0);
  await learner.context().close();
  await teacher.context().close();
});

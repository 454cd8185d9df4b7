/**
 * The learner's goals and week planner, in a real Chromium against a real server: set a goal, break
 * it into tasks, plan them in the week, tick one off, reflect — keyboard only, scanned by axe, in
 * English and Spanish, at 360 px, and without JavaScript. A stale edit (another tab) is named.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectAccessible, as, expectNoSidewaysScroll } from "./support.js";

/** Type into a field reached by focus, as someone on a keyboard would, then press the button. */
async function typeInto(page: Page, label: string | RegExp, text: string) {
  await page.getByLabel(label, { exact: typeof label === "string" }).focus();
  await page.keyboard.type(text);
}

/** A control named "Label: what it is about" (the second part is there for screen readers only). */
const about = (label: string, subject: string) =>
  new RegExp(`^${label} ?: ${subject.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

test.describe.configure({ mode: "serial", timeout: 150_000 });

test("a learner sets a goal, plans tasks in the week, ticks one off and reflects — keyboard only", async ({
  browser,
}) => {
  const learner = await as(browser, DEMO.learner);
  await learner.getByRole("link", { name: "Goals and my week" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Goals and my week" })).toBeVisible();
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);

  const title = `Fluent with fractions ${randomUUID().slice(0, 6)}`;
  await typeInto(learner, "My goal", title);
  await learner.keyboard.press("Tab");
  await learner.keyboard.type("So I can help my sister.");
  await learner.getByRole("button", { name: "Save goal" }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("Your goal was saved.");
  await expect(learner.getByRole("status")).toBeFocused();
  const card = learner.getByRole("listitem").filter({ has: learner.getByRole("heading", { name: title }) });
  await expect(card).toContainText("So I can help my sister.");

  // Two tasks: one on Wednesday, one with no day yet.
  await card.getByLabel("New task").focus();
  await learner.keyboard.type("Five practice problems");
  await card.getByLabel("Day", { exact: true }).last().selectOption("wed");
  await card.getByRole("button", { name: about("Add task", title) }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("The task was added.");
  await card.getByLabel("New task").focus();
  await learner.keyboard.type("Ask for feedback");
  await card.getByRole("button", { name: about("Add task", title) }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("The task was added.");

  const week = learner.getByRole("region", { name: "This week" });
  const wednesday = week
    .getByRole("listitem")
    .filter({ has: learner.getByRole("heading", { name: /^Wednesday/ }) });
  await expect(wednesday).toContainText("Five practice problems");
  await expect(wednesday).toContainText(`For: ${title}`);
  await expect(week.getByRole("heading", { name: "Not planned for a day yet" })).toBeVisible();

  // Plan the second task for Friday, then tick the first one off from the week.
  await card.getByLabel("Day", { exact: true }).nth(1).selectOption("fri");
  await card.getByRole("button", { name: about("Move", "Ask for feedback") }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("The task was moved in your week.");
  const friday = week
    .getByRole("listitem")
    .filter({ has: learner.getByRole("heading", { name: /^Friday/ }) });
  await expect(friday).toContainText("Ask for feedback");

  await wednesday.getByRole("button", { name: about("Mark as done", "Five practice problems") }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("Nice work — the task is ticked off.");
  await expect(
    wednesday.getByRole("button", { name: about("Mark as not done", "Five practice problems") }),
  ).toBeVisible();

  // An empty reflection is explained next to its form; a real one is kept with its progress.
  await card.getByText(`Reflect on this session or week`).focus();
  await learner.keyboard.press("Enter");
  await card.getByLabel(/How far along do you feel/).focus();
  await learner.keyboard.type("60");
  await card.getByLabel("How did it go?").focus();
  await learner.keyboard.type("The problems were easier after the second one; next I will try harder ones.");
  await card.getByRole("button", { name: "Save reflection" }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("Your reflection was saved.");
  await expect(card.getByText("60%").first()).toBeVisible();
  await card.getByText("1 reflection").click();
  await expect(card).toContainText("The problems were easier after the second one");
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);

  // In Spanish, the whole planner speaks Spanish.
  await learner.getByLabel("Language").selectOption("es");
  await learner.getByRole("button", { name: "Change language" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Metas y mi semana" })).toBeVisible();
  await expect(learner.getByRole("heading", { name: /^Miércoles/ })).toBeVisible();
  await expectAccessible(learner);
  await learner.getByLabel("Idioma").selectOption("en");
  await learner.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Goals and my week" })).toBeVisible();

  // Achieving the goal moves it to the past goals.
  await card.getByRole("button", { name: about("I achieved it", title) }).click();
  await expect(learner.getByRole("status")).toHaveText("Well done — the goal is marked as achieved.");
  await expect(learner.getByRole("button", { name: about("Make active again", title) })).toBeVisible();
  await learner.context().close();
});

test("without JavaScript the planner works, and an edit from a stale page is named, not lost", async ({
  browser,
}) => {
  const first = await as(browser, DEMO.learner, { javaScriptEnabled: false });
  await first.goto("/learner/goals");
  const title = `Read every day ${randomUUID().slice(0, 6)}`;
  await first.getByLabel("My goal", { exact: true }).fill(title);
  await first.getByRole("button", { name: "Save goal" }).click();
  await expect(first.getByRole("status")).toHaveText("Your goal was saved.");
  const card = first.getByRole("listitem").filter({ has: first.getByRole("heading", { name: title }) });
  await card.getByLabel("New task").fill("Read ten pages");
  await card.getByRole("button", { name: about("Add task", title) }).click();
  await expect(first.getByRole("status")).toHaveText("The task was added.");

  // A second tab changes the goal; the first tab's page is now out of date.
  const second = await first.context().newPage();
  await second.goto("/learner/goals");
  const secondCard = second
    .getByRole("listitem")
    .filter({ has: second.getByRole("heading", { name: title }) });
  await secondCard.getByLabel("New task").fill("Write a summary");
  await secondCard.getByRole("button", { name: about("Add task", title) }).click();
  await expect(second.getByRole("status")).toHaveText("The task was added.");

  await card
    .getByRole("button", { name: about("Mark as done", "Read ten pages") })
    .first()
    .click();
  await expect(first.getByRole("alert")).toContainText("This goal was changed somewhere else");
  // Nothing was lost: the other tab's task is there, and the first task is still to do.
  await expect(card).toContainText("Write a summary");
  await expect(
    card.getByRole("button", { name: about("Mark as done", "Read ten pages") }).first(),
  ).toBeVisible();
  await card
    .getByRole("button", { name: about("Mark as done", "Read ten pages") })
    .first()
    .click();
  await expect(first.getByRole("status")).toHaveText("Nice work — the task is ticked off.");
  await first.context().close();
});

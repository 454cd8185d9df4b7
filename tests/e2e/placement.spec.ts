/**
 * The learner's placement in a real Chromium against a real server: start, one question at a time
 * with the focus on it, an empty answer explained, leave and resume, stop, and the result with how
 * sure it is — keyboard only, axe-scanned, at 360 px, in Spanish too.
 */
import { expect, test, type Page } from "@playwright/test";
import { DEMO, expectAccessible, signIn, expectNoSidewaysScroll } from "./support.js";

/** Answer the question on screen with the keyboard: the first choice, or a number. */
async function answerWithKeyboard(page: Page) {
  const choice = page.getByRole("radio").or(page.getByRole("checkbox")).first();
  if (await choice.count()) {
    await choice.focus();
    await page.keyboard.press("Space");
  } else {
    await page.getByLabel(/^Your answer/).focus();
    await page.keyboard.type("3");
  }
  await page.getByRole("button", { name: "Answer", exact: true }).focus();
  await page.keyboard.press("Enter");
}

test.describe.configure({ mode: "serial", timeout: 150_000 });

test("a learner takes the placement with the keyboard, leaves, resumes, stops and sees how sure it is", async ({
  page,
}) => {
  await signIn(page, DEMO.learner);
  await page.getByRole("link", { name: "Placement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Placement" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Start or continue my placement" }).focus();
  await page.keyboard.press("Enter");

  const first = page.getByRole("heading", { level: 2, name: "Question 1" });
  await expect(first).toBeVisible();
  await expect(first).toBeFocused();
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);

  // Sending nothing is explained, and the learner stays on the same question.
  await page.getByRole("button", { name: "Answer", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toContainText("Give an answer first");
  await expect(page.getByRole("alert")).toBeFocused();
  await expect(first).toBeVisible();

  await answerWithKeyboard(page);
  const second = page.getByRole("heading", { level: 2, name: "Question 2" });
  await expect(second).toBeVisible();
  await expect(second).toBeFocused();

  // Leaving and coming back continues where the learner was.
  const url = page.url();
  await page.goto("/learner/placement");
  await page.getByRole("button", { name: "Start or continue my placement" }).click();
  await expect(page).toHaveURL(new RegExp(`^${url.replace(/[?.]/g, "\\$&")}`));
  await expect(page.getByRole("status")).toHaveText("Welcome back — you already answered 1 question.");
  await expect(second).toBeVisible();

  await page.getByRole("button", { name: "Stop and see my result" }).focus();
  await page.keyboard.press("Enter");
  const result = page.getByRole("heading", { level: 2, name: "What the placement found" });
  await expect(result).toBeFocused();
  await expect(page.getByText("You stopped it.")).toBeVisible();
  await expect(page.getByText(/^From 1 answer, you already know \d+ of \d+ competencies\.$/)).toBeVisible();
  await expect(page.getByText(/^How sure it is overall: \d+%\.$/)).toBeVisible();
  const table = page.getByRole("table", {
    name: "Each competency, what the placement concluded and how sure it is",
  });
  const asked = table.getByRole("row").filter({ hasText: "You answered a question on it" });
  await expect(asked).toHaveCount(1);
  await expect(asked.getByRole("cell").nth(1)).toHaveText(/^\d+%$/);
  await expect(
    table.getByRole("row").filter({ hasText: "Worked out from your other answers" }).first(),
  ).toBeVisible();
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);

  await page.getByLabel("Language").selectOption("es");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Lo que encontró la ubicación" })).toBeVisible();
  await expect(page.getByText("La detuviste tú.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Idioma").selectOption("en");
  await page.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(result).toBeVisible();
});

test("without JavaScript a placement can be started, answered and stopped", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, DEMO.learner);
  await page.goto("/learner/placement");
  await page.getByRole("button", { name: "Start or continue my placement" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Question 1" })).toBeVisible();
  const choice = page.getByRole("radio").or(page.getByRole("checkbox")).first();
  if (await choice.count()) await choice.check();
  else await page.getByLabel(/^Your answer/).fill("3");
  await page.getByRole("button", { name: "Answer", exact: true }).click();
  await page.getByRole("button", { name: "Stop and see my result" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "What the placement found" })).toBeVisible();
  await context.close();
});

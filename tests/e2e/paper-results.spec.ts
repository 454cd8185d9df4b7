/**
 * Paper results in one screen: a teacher reaches the class's boards from the class overview, enters
 * one learner's answer sheet in the grid with the keyboard, is told which cell does not fit what was
 * printed, records, and a retry of the same form counts nothing twice. Both browser projects share
 * one server, so each run takes the first learner whose sheet is not entered yet.
 */
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, signIn } from "./support.js";

const CLASS_NAME = "Grade 5 Math · Room 12";
const BOARD = "Adding fractions: choose your way in";

test("a teacher enters a class's answer sheets in one grid, and a retry counts once", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(150_000);
  await signIn(page, DEMO.teacher);
  await page.getByRole("link", { name: new RegExp(`^Class overview\\s*: ${CLASS_NAME}$`) }).click();
  await page.getByRole("link", { name: /^Paper results/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Paper results: ${CLASS_NAME}` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Print the class set (PDF)" }).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: BOARD }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Enter paper results: ${BOARD}` })).toBeVisible();
  await expectAccessible(page);

  // The first learner whose first answer is not entered yet.
  const first = page.locator('input[name^="answer:"][name$=":1"]').first();
  const learnerId = (await first.getAttribute("name"))!.split(":")[1]!;
  const learnerName = (await first.locator("xpath=ancestor::tr/th").textContent())!.trim();
  const second = page.locator(`input[name="answer:${learnerId}:2"]`);
  await expect(first).toHaveAccessibleName(new RegExp(`^${learnerName}, question 1`));

  // With the keyboard: a letter that was not printed, Tab, a number; Enter records.
  await first.focus();
  await page.keyboard.type("Z");
  await page.keyboard.press("Tab");
  await expect(second).toBeFocused();
  await page.keyboard.type("0.58");
  await page.keyboard.press("Enter");
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Nothing was recorded");
  await expect(alert.getByRole("link", { name: `${learnerName}, question 1` })).toBeVisible();
  await expect(first).toHaveAttribute("aria-invalid", "true");
  await expect(second).toHaveValue("0.58");
  await expectAccessible(page);

  await first.fill("b");
  await page.getByRole("button", { name: "Record these answers" }).click();
  await expect(page.getByRole("status")).toContainText("2 answers were recorded.");
  const row = page.getByRole("row", { name: new RegExp(`^${learnerName}`) });
  await expect(row.getByText("Entered: correct")).toHaveCount(2);
  await expect(page.locator(`input[name="answer:${learnerId}:1"]`)).toHaveCount(0);
  await expectAccessible(page);

  // The same form sent again (a retry after a lost answer) records nothing new.
  const url = new URL(page.url());
  url.search = "";
  const retry = await page.request.post(url.toString(), {
    form: { [`answer:${learnerId}:1`]: "B", [`answer:${learnerId}:2`]: "0.58" },
    headers: { origin: baseURL! },
  });
  expect(retry.ok()).toBe(true);
  // SvelteKit answers a form post that does not ask for HTML with where it would redirect.
  const answer = (await retry.json()) as { type: string; location: string };
  expect(answer).toMatchObject({ type: "redirect", location: "?recorded=0&again=2" });
  await page.goto(`${url.toString()}${answer.location}`);
  await expect(page.getByRole("status")).toContainText("No new answers were recorded.");
  await expect(page.getByRole("status")).toContainText(
    "2 answers had been entered before and were not counted again.",
  );
  await expect(row.getByText("Entered: correct")).toHaveCount(2);
});

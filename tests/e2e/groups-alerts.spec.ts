/**
 * The teacher's alerts and suggested small groups: reached from the class overview, scanned by axe,
 * and a group session created with the keyboard alone.
 */
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, signIn } from "./support.js";

const CLASS_NAME = "Grade 5 Math · Room 12";

test("alerts and suggested groups: a group session created with the keyboard alone, in English and Spanish", async ({
  page,
}) => {
  await signIn(page, DEMO.teacher);
  await page.getByRole("link", { name: new RegExp(`^Class overview\\s*: ${CLASS_NAME}$`) }).click();
  await page.getByRole("link", { name: "Alerts and suggested small groups" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts and small groups" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Alerts" })).toBeVisible();
  await expectAccessible(page);

  // Sizes the wrong way round are named, not silently changed.
  await page.getByLabel("Smallest group").fill("5");
  await page.getByLabel("Largest group").fill("2");
  await page.getByLabel("Largest group").press("Enter");
  await expect(page.getByRole("alert")).toContainText("with the largest group at least the smallest");

  // The teacher asks for groups of two to four.
  await page.getByLabel("Smallest group").fill("2");
  await page.getByLabel("Largest group").fill("4");
  await page.getByLabel("Largest group").press("Enter");
  await expect(page).toHaveURL(/minSize=2&maxSize=4/);
  const first = page.getByRole("article").first();
  await expect(first.getByRole("heading", { level: 3 })).toContainText("Group 1");
  await expect(first).toContainText("These learners are all ready to work on");
  const members = first.getByRole("checkbox");
  const count = await members.count();
  expect(count).toBeGreaterThanOrEqual(2);
  expect(count).toBeLessThanOrEqual(4);
  const firstName = (await first.getByRole("group").locator("label").first().innerText()).split(" (")[0]!;

  // Keyboard only: into the title field, name the session, submit.
  await first.getByLabel("Session title").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("Fraction strips at the back table");
  await page.keyboard.press("Tab");
  await expect(first.getByRole("button", { name: "Create this group session" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("The group session was created.");
  await expect(page.getByRole("region", { name: "Group sessions" })).toContainText(
    `Fraction strips at the back table: ${firstName}`,
  );
  await expectAccessible(page);

  // Spanish: the same page, every word translated.
  await page.getByLabel("Language").selectOption("es");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alertas y grupos pequeños" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Idioma").selectOption("en");
  await page.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alerts and small groups" })).toBeVisible();
});

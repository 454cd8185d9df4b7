import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, signIn } from "./support.js";

test.describe("sign-in", () => {
  test("the sign-in page is accessible and a wrong password is explained without saying which part was wrong", async ({
    page,
  }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expectAccessible(page);

    await signIn(page, DEMO.teacher, "not-the-password");
    await expect(page.getByRole("alert")).toContainText("The email or password is incorrect.");
    await expect(page.getByLabel("Email")).toHaveValue(DEMO.teacher);
    await expectAccessible(page);
  });

  test("works with the keyboard alone, starting from the skip link", async ({ page }) => {
    await page.goto("/sign-in");
    await page.waitForLoadState("networkidle");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
    await page.keyboard.press("Enter");
    await page.getByLabel("Email").focus();
    await page.keyboard.type(DEMO.teacher);
    await page.keyboard.press("Tab");
    await page.keyboard.type("pathwise-demo");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "My classes" })).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a person can still sign in and out", async ({ page }) => {
    await signIn(page, DEMO.guardian);
    await expect(page.getByRole("heading", { level: 1, name: "My children" })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});

test("a teacher sees their class and its learners", async ({ page }) => {
  await signIn(page, DEMO.teacher);
  await expect(page.getByRole("heading", { level: 1, name: "My classes" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Grade 5 Math · Room 12" })).toBeVisible();
  const table = page.getByRole("table", { name: "Learners in Grade 5 Math · Room 12" });
  await expect(table.getByRole("row")).toHaveCount(21);
  await expect(table).toContainText("Hernández, Mateo");
  await expectAccessible(page);
});

test("a learner sees the competencies of their class's framework", async ({ page }) => {
  await signIn(page, DEMO.learner);
  await expect(page.getByRole("heading", { level: 1, name: "What I'm learning" })).toBeVisible();
  await expect(page.getByText("Hi, Mateo!")).toBeVisible();
  await expect(page.getByText("M.G5.C1", { exact: true })).toBeVisible();
  const items = page.getByRole("list").filter({ hasText: "M.G5.C1" }).getByRole("listitem");
  const shown = await items.count();
  expect(shown).toBeGreaterThan(40);
  await expect(page.getByText(`${shown} competencies`)).toBeVisible();
  await expect(page.getByText("M.G6", { exact: true })).toHaveCount(0);
  await expectAccessible(page);
});

test("a guardian sees their child", async ({ page }) => {
  await signIn(page, DEMO.guardian);
  await expect(page.getByRole("heading", { level: 2, name: "Mateo Hernández" })).toBeVisible();
  await expect(page.getByText("You are listed as their mother.")).toBeVisible();
  await expectAccessible(page);
});

test("an admin sees every class", async ({ page }) => {
  await signIn(page, DEMO.admin);
  await expect(page.getByRole("heading", { level: 1, name: "School overview" })).toBeVisible();
  // Both demo classes are listed (the admin tests may have added more to the same demo school).
  const classes = page.getByRole("table", { name: "Classes" });
  for (const name of ["Grade 5 Math · Room 12", "Grade 6 Math · Room 7"])
    await expect(classes.getByRole("row").filter({ hasText: name })).toHaveCount(1);
  await expectAccessible(page);
});

test("the language choice switches the whole page to Spanish and is remembered for the person", async ({
  page,
  context,
}) => {
  await signIn(page, DEMO.teacher);
  await page.getByLabel("Language").selectOption("es");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mis clases" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expectAccessible(page);

  await context.clearCookies();
  await signIn(page, DEMO.teacher);
  await expect(page.getByRole("heading", { level: 1, name: "Mis clases" })).toBeVisible();
  await page.getByLabel("Idioma").selectOption("en");
  await page.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "My classes" })).toBeVisible();
});

test("an unknown page is a friendly, accessible 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "We could not find that page" })).toBeVisible();
  await expectAccessible(page);
});

test("a learner cannot open the teacher's page", async ({ page }) => {
  await signIn(page, DEMO.learner);
  const response = await page.goto("/teacher");
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole("heading", { level: 1, name: "This page is not available to you" }),
  ).toBeVisible();
});

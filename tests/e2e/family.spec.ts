/**
 * A guardian's view of their child: plain-language goals, what they are working on, how to help at
 * home — accessible, and in Spanish too.
 */
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, signIn } from "./support.js";

test("a guardian reads how their child is doing and how to help at home, in English and Spanish", async ({
  page,
}) => {
  await signIn(page, DEMO.guardian);
  await page.getByRole("link", { name: /^See how Mateo/ }).click();
  await expect(page.getByRole("heading", { name: /What Mateo.* is working on/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "How to help at home" })).toBeVisible();
  await expect(page.getByText("Treat mistakes as useful information")).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("Language", { exact: true }).selectOption("es");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expectAccessible(page);
  await page.getByLabel("Idioma", { exact: true }).selectOption("en");
  await page.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

/**
 * Organization settings, as an admin: the page in both languages, a change saved and read back, a
 * refused change naming what to fix — each page scanned by axe — and the same form sent without
 * JavaScript. The test puts the value it changed back, since the other specs share the demo
 * organization.
 */
import { expect, test } from "@playwright/test";
import { as, DEMO, expectAccessible } from "./support.js";

test("an admin changes an alert threshold, is told when mastery thresholds contradict, in English and Spanish", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const page = await as(browser, DEMO.admin);
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { level: 1, name: "Organization settings" })).toBeVisible();
  await expectAccessible(page);

  const inactive = page.getByLabel("Inactive: days without any work");
  const original = await inactive.inputValue();
  const changed = original === "9" ? "10" : "9";
  await inactive.fill(changed);
  await page.getByRole("button", { name: "Save the settings" }).click();
  await expect(page.getByRole("status")).toContainText("The settings were saved.");
  await expect(page.getByLabel("Inactive: days without any work")).toHaveValue(changed);
  await expectAccessible(page);

  // Approaching above mastered is refused, with what the admin typed kept.
  await page.getByLabel("Approaching from").fill("0.97");
  await page.getByLabel("Mastered from").fill("0.9");
  await page.getByRole("button", { name: "Save the settings" }).click();
  await expect(page.getByRole("alert")).toContainText("approaching must be below mastered");
  await expect(page.getByLabel("Approaching from")).toHaveValue("0.97");
  await expect(page.getByLabel("Approaching from")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);

  // In Spanish.
  await page.getByLabel("Language").selectOption("es");
  await page.getByRole("button", { name: "Change language" }).click();
  await page.goto("/admin/settings");
  await expect(
    page.getByRole("heading", { level: 1, name: "Configuración de la organización" }),
  ).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Idioma").selectOption("en");
  await page.getByRole("button", { name: "Cambiar idioma" }).click();
  await page.context().close();

  // Without JavaScript the form works the same: put the value back as it was.
  const plain = await as(browser, DEMO.admin, { javaScriptEnabled: false });
  await plain.goto("/admin/settings");
  await plain.getByLabel("Inactive: days without any work").fill(original);
  await plain.getByRole("button", { name: "Save the settings" }).click();
  await expect(plain.getByRole("status")).toContainText("The settings were saved.");
  await expect(plain.getByLabel("Inactive: days without any work")).toHaveValue(original);
  await plain.context().close();
});

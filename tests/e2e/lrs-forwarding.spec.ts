/**
 * The admin's page for forwarding Pathwise's own xAPI statements to an external LRS: set up
 * without JavaScript, edited, paused and resumed with the keyboard, scanned by axe, usable at 360 px.
 * Both browser projects share one server (and so one organization's settings): the second run
 * edits what the first saved.
 */
import { expect, test } from "@playwright/test";
import { DEMO, as, expectAccessible, expectNoSidewaysScroll } from "./support.js";

test("an admin sets up, pauses and resumes forwarding to an external LRS", async ({ browser }) => {
  // Set up without JavaScript: the forms are plain forms.
  const plain = await as(browser, DEMO.admin, { javaScriptEnabled: false });
  await plain.goto("/admin/lrs-forwarding");
  await plain.getByLabel("LRS address (endpoint)").fill("https://lrs.example.org/xapi/");
  await plain.getByLabel("User name (key)").fill("cedar-grove");
  await plain.getByLabel("Password (secret)").fill("a-secret-from-the-other-lrs");
  await plain.getByRole("button", { name: "Save settings" }).click();
  await expect(plain.getByText("The settings are saved.")).toBeVisible();
  await plain.context().close();

  const page = await as(browser, DEMO.admin);
  await page.goto("/admin/lrs-forwarding");
  await expect(page.getByRole("heading", { level: 1, name: "Forwarding to an external LRS" })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("LRS address (endpoint)").fill("https://lrs.example.org/xapi/");
  await page.getByLabel("User name (key)").fill("cedar-grove");
  await page.getByLabel("Password (secret)").fill("a-secret-from-the-other-lrs");
  await page.getByLabel("xAPI version").selectOption("1.0.3");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("The settings are saved.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Status" })).toBeVisible();
  await expect(page.getByLabel("LRS address (endpoint)")).toHaveValue("https://lrs.example.org/xapi/");
  // The secret is kept, never shown again.
  await expect(page.getByLabel("Password (secret)")).toHaveValue("");
  expect(await page.content()).not.toContain("a-secret-from-the-other-lrs");
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);

  await page.getByRole("button", { name: "Pause forwarding" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Forwarding is paused.")).toBeVisible();
  await expect(page.getByText("Paused", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Resume forwarding" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByText("Forwarding is on again.")).toBeVisible();

  // A wrong address is refused with the reason, and what was typed is kept.
  await page.getByLabel("LRS address (endpoint)").fill("https://lrs.example.org/xapi/?x=1");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert")).toContainText("without ? or #");
  await expect(page.getByLabel("LRS address (endpoint)")).toHaveValue("https://lrs.example.org/xapi/?x=1");
  await expectAccessible(page);
  await page.context().close();
});

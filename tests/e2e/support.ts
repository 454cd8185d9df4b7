/** Shared steps for browser tests: sign in as a demo person, and the axe scan every page gets. */
import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "pathwise-demo";
export const DEMO = {
  admin: "priya.natarajan@cedargrove.example",
  teacher: "amara.okafor@cedargrove.example",
  learner: "mateo.hernandez@cedargrove.example",
  guardian: "lucia.hernandez@cedargrove.example",
} as const;

/** Zero WCAG 2.2 AA violations (axe's wcag2a/2aa/21a/21aa/22aa rules) on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  // Type only once the page is interactive, as a person would after it has loaded.
  await page.waitForLoadState("networkidle");
  await page.getByLabel(/^(Email|Correo electrónico)$/).fill(email);
  await page.getByLabel(/^(Password|Contraseña)$/).fill(password);
  await page.getByRole("button", { name: /^(Sign in|Iniciar sesión)$/ }).click();
}

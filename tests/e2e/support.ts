/** Shared steps for browser tests: sign in as a demo person, and the axe scan every page gets. */
import { AxeBuilder } from "@axe-core/playwright";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Browser, type Page } from "@playwright/test";

const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../.test-artifacts/screenshots",
);

/**
 * A full-page screenshot of every page that gets an axe scan, per project (desktop, phone-360),
 * kept under .test-artifacts/screenshots (never committed): the look of each page at both sizes.
 */
async function keepScreenshot(page: Page) {
  const url = new URL(page.url());
  const full = `${url.pathname}${url.search}`.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-|-$/g, "") || "home";
  // A launch URL (cmi5) carries long parameters: keep file names short, and distinct by a digest.
  const name =
    full.length <= 120
      ? full
      : `${full.slice(0, 100)}-${createHash("sha256").update(full).digest("hex").slice(0, 12)}`;
  await page.screenshot({
    path: path.join(SCREENSHOTS, test.info().project.name, `${name}.png`),
    fullPage: true,
  });
}

export const DEMO_PASSWORD = "pathwise-demo";
export const DEMO = {
  admin: "priya.natarajan@cedargrove.example",
  teacher: "amara.okafor@cedargrove.example",
  learner: "mateo.hernandez@cedargrove.example",
  guardian: "lucia.hernandez@cedargrove.example",
} as const;

/** Zero WCAG 2.2 AA violations (axe's wcag2a/2aa/21a/21aa/22aa rules) on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
  await keepScreenshot(page);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  // Type only once the page is interactive, as a person would after it has loaded.
  await page.waitForLoadState("networkidle");
  await page.getByLabel(/^(Email|Correo electrónico)$/).fill(email);
  await page.getByLabel(/^(Password|Contraseña)$/).fill(password);
  await page.getByRole("button", { name: /^(Sign in|Iniciar sesión)$/ }).click();
}

/** A fresh browser context signed in as `email` (optionally without JavaScript), on its home page. */
export async function as(
  browser: Browser,
  email: string,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page.getByRole("button", { name: /^(Sign out|Cerrar sesión)$/ })).toBeVisible();
  return page;
}

/** Usable at 360 px: the page itself never scrolls sideways (wide tables scroll inside their own box). */
export async function expectNoSidewaysScroll(page: Page) {
  const [scrollWidth, clientWidth] = await page
    .locator("html")
    .evaluate((el) => [el.scrollWidth, el.clientWidth] as const);
  expect(scrollWidth, `the page ${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

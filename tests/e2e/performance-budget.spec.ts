/**
 * The performance budget: no page loads more than 100 KB of compressed JavaScript when it is first
 * opened. Every script a page fetches on its first load is looked up in the build output and
 * compressed with gzip (level 9, as a server or CDN would send it); the sum per page is the figure.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, signIn } from "./support.js";

const BUDGET_BYTES = 100 * 1024;
const clientDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../apps/web/build/client");

/** Opens `url` in a fresh page of the same context and returns the gzip size of every script it loaded. */
async function initialJavaScript(page: Page, url: string): Promise<{ files: number; bytes: number }> {
  const fresh = await page.context().newPage();
  const scripts = new Set<string>();
  fresh.on("response", (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.endsWith(".js") && pathname.startsWith("/_app/")) scripts.add(pathname);
  });
  await fresh.goto(url);
  await fresh.waitForLoadState("networkidle");
  await fresh.close();
  let bytes = 0;
  for (const script of scripts)
    bytes += gzipSync(readFileSync(path.join(clientDir, script)), { level: 9 }).length;
  return { files: scripts.size, bytes };
}

test("no page loads more than 100 KB of compressed JavaScript at first", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "desktop", "the budget does not depend on the screen size");
  const visits: Record<string, string[]> = {
    [DEMO.learner]: ["/learner", "/learner/today", "/learner/path", "/learner/portfolio"],
    [DEMO.teacher]: ["/teacher"],
    [DEMO.guardian]: ["/family"],
    [DEMO.admin]: ["/admin"],
  };
  const figures: string[] = [];
  const measure = async (page: Page, url: string) => {
    const { files, bytes } = await initialJavaScript(page, url);
    figures.push(
      `${url.replace(/[0-9a-f-]{36}/g, ":id")}: ${files} scripts, ${(bytes / 1024).toFixed(1)} KB gzip`,
    );
    expect(files, `${url} loads its scripts`).toBeGreaterThan(0);
    expect(bytes, `${url} loads ${bytes} bytes of compressed JavaScript`).toBeLessThanOrEqual(BUDGET_BYTES);
  };

  const anonymous = await browser.newContext();
  await measure(await anonymous.newPage(), "/sign-in");
  await anonymous.close();

  for (const [email, urls] of Object.entries(visits)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, email);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    for (const url of urls) await measure(page, url);
    if (email === DEMO.teacher) {
      // The class pages and a learner's page, found from the teacher's home page.
      const overview = await page
        .getByRole("link", { name: /^Class overview/ })
        .first()
        .getAttribute("href");
      const learner = await page.getByRole("link", { name: "Hernández, Mateo" }).first().getAttribute("href");
      for (const url of [overview!, `${overview!}/growth`, learner!]) await measure(page, url);
    }
    await context.close();
  }
  await testInfo.attach("initial-javascript.txt", { body: figures.join("\n"), contentType: "text/plain" });
  console.log(figures.join("\n"));
});

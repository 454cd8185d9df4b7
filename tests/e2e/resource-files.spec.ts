/**
 * Resource files: a teacher uploads a file as a resource from the authoring page (a page or script
 * is refused with a clear message, as is a file over the limit — before sending with JavaScript,
 * by the server without it), learners of the class open it with its media type, people who may
 * not see it cannot, and a learner opens a resource from the activity page of their board.
 */
import { expect, test, type Page } from "@playwright/test";
import { as, DEMO, expectAccessible, expectNoSidewaysScroll } from "./support.js";

const PDF = Buffer.from("%PDF-1.4\n% fraction strips to print\n");
/** Just over the 5 MiB a resource file may be. */
const TOO_LARGE = Buffer.alloc(5 * 1024 * 1024 + 1024, 65);

/** Pick the competency whose label has `code` in the resource form's competency list. */
async function pickCompetency(page: Page, code: string) {
  const picker = page.getByLabel("Competencies");
  const value = await picker.evaluate(
    (select, code) =>
      [...(select as HTMLSelectElement).options].find((o) => o.textContent?.includes(code))?.value ?? "",
    code,
  );
  expect(value, `a competency ${code} to pick`).not.toBe("");
  await picker.selectOption(value);
}

async function fillFileResource(page: Page, title: string) {
  await page.getByRole("radio", { name: "An uploaded file" }).check();
  await page.getByLabel("Title", { exact: true }).fill(title);
  await pickCompetency(page, "5.NF.A.1");
  await page.getByLabel("Expected minutes").fill("10");
}

test("a teacher uploads a file resource; learners of the class open it, others cannot", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const run = `${test.info().project.name}-${Date.now() % 100_000}`;
  const teacher = await as(browser, DEMO.teacher);
  await teacher.goto("/teacher/authoring/resources/new");
  await expect(teacher.getByRole("heading", { level: 1, name: "New resource" })).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
  const title = `Fraction strips to print (${run})`;
  await fillFileResource(teacher, title);
  const file = teacher.getByLabel("File", { exact: true });

  // A web page is not a resource file: refused, saying what is accepted.
  await file.setInputFiles({ name: "strips.html", mimeType: "text/html", buffer: Buffer.from("<p>hi</p>") });
  await teacher.getByRole("button", { name: "Save" }).click();
  await expect(teacher.getByRole("alert")).toContainText("This kind of file cannot be uploaded");
  await expect(teacher.getByLabel("File", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(teacher);

  // Too large: refused as soon as it is chosen, before anything is sent.
  await teacher.getByLabel("File", { exact: true }).setInputFiles({
    name: "big.pdf",
    mimeType: "application/pdf",
    buffer: TOO_LARGE,
  });
  expect(await file.evaluate((input) => (input as HTMLInputElement).validationMessage)).toContain(
    "The file is too large",
  );

  // A PDF is kept, and the form shows it on editing.
  await fillFileResource(teacher, title);
  await file.setInputFiles({ name: "strips.pdf", mimeType: "application/pdf", buffer: PDF });
  await teacher.getByRole("button", { name: "Save" }).click();
  await expect(teacher.getByRole("status")).toContainText("saved");
  await teacher.getByRole("link", { name: title }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "Edit resource" })).toBeVisible();
  const link = teacher.getByRole("link", { name: "strips.pdf" });
  await expect(link).toBeVisible();
  await expect(teacher.getByLabel("Replace the file (optional)")).toBeVisible();
  await expectAccessible(teacher);
  const href = (await link.getAttribute("href"))!;

  // A learner of the class opens it, in the browser, as a PDF.
  const learner = await as(browser, DEMO.learner);
  const opened = await learner.request.get(href);
  expect(opened.status()).toBe(200);
  expect(opened.headers()["content-type"]).toBe("application/pdf");
  expect(opened.headers()["content-disposition"]).toMatch(/^inline; filename="strips.pdf"/);
  expect(opened.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await opened.body()).equals(PDF)).toBe(true);

  // A guardian may not see resources, and nobody signed out may.
  const guardian = await as(browser, DEMO.guardian);
  expect((await guardian.request.get(href)).status()).toBe(403);
  const stranger = await browser.newContext();
  const signedOut = await stranger.request.get(new URL(href, learner.url()).href, { maxRedirects: 0 });
  expect(signedOut.status()).toBe(303);
  expect(signedOut.headers()["location"]).toBe("/sign-in");
  await stranger.close();

  // Archived, it is no longer the learner's to open.
  const id = href.split("/")[2]!;
  expect(
    (await teacher.request.put(`/api/v1/resources/${id}/archived`, { data: { archived: true } })).status(),
  ).toBe(200);
  expect((await learner.request.get(href)).status()).toBe(404);
  expect((await teacher.request.get(href)).status()).toBe(200);

  await guardian.context().close();
  await learner.context().close();
  await teacher.context().close();
});

test("without JavaScript a file over the limit comes back with a clear message", async ({ browser }) => {
  const teacher = await as(browser, DEMO.teacher, { javaScriptEnabled: false });
  await teacher.goto("/teacher/authoring/resources/new");
  await fillFileResource(teacher, `Too big (${test.info().project.name})`);
  await teacher.getByLabel("File", { exact: true }).setInputFiles({
    name: "big.pdf",
    mimeType: "application/pdf",
    buffer: TOO_LARGE,
  });
  await teacher.getByRole("button", { name: "Save" }).click();
  await expect(teacher.getByRole("alert")).toContainText("The file is too large");
  await expect(teacher.getByLabel("Title", { exact: true })).toHaveValue(/^Too big/);
  await teacher.context().close();
});

test("a learner opens a resource from the activity page of their board", async ({ browser }) => {
  // A learner no other test works with: a first board, of new learning, offers readings.
  const learner = await as(browser, "wei.chen@cedargrove.example");
  await learner.getByRole("link", { name: "Today" }).click();
  await expect(learner.getByRole("heading", { level: 2, name: "My choices" })).toBeVisible();
  // Each option by its decision (choosing one may reorder the board): open each until a resource.
  const decisions = await learner
    .locator('form[action="?/pick"] input[name="decisionId"]')
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  // What each option turned out to be, to name it when none is a resource.
  const seen: string[] = [];
  let shown = false;
  for (const decisionId of decisions) {
    await learner.goto("/learner/today");
    await learner
      .locator(`form[action="?/pick"]:has(input[value="${decisionId}"])`)
      .getByRole("button", { name: /^Choose this/ })
      .click();
    await expect(learner.getByRole("heading", { level: 1, name: "Your choice" })).toBeVisible();
    const resource = learner.getByRole("heading", { level: 3 });
    if ((await resource.count()) !== 1) {
      seen.push(
        `${decisionId}: ${(await learner.locator(".kind").first().textContent())?.trim()} without a resource`,
      );
      continue;
    }
    shown = true;
    // The demo's resources are texts the learner reads right there; one a teacher uploaded (another
    // test does) or linked opens from a button.
    const text = learner.locator(".resource-text p").first();
    if ((await text.count()) === 1) await expect(text).not.toBeEmpty();
    else await expect(learner.getByRole("link", { name: /^Open / })).toBeVisible();
    await expectAccessible(learner);
    await expectNoSidewaysScroll(learner);
    break;
  }
  expect(shown, `Today's board offers at least one resource (saw ${seen.join("; ")})`).toBe(true);
  await learner.context().close();
});

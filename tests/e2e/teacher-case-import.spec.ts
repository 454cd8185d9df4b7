/**
 * A teacher imports a real CASE package (Smarter Balanced mathematics, from the shared datasets)
 * from the framework browser, keyboard only: follows the job's progress bar, reads the summary
 * (competencies, associations by type, what was skipped and why, learners' evidence kept) and
 * browses the framework. Without JavaScript, a broken package is refused with each problem's JSON
 * path, followed with the "check again" link. Every page gets an axe scan (with JavaScript on, as
 * axe needs it).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { as, DEMO, expectAccessible, expectNoSidewaysScroll } from "./support.js";

const PACKAGE_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../shared/datasets/case/smarter-balanced-math-content-spec.json",
);
const TITLE = "Smarter Balanced Math Content Specification";

async function press(page: Page, target: Locator, key = "Enter") {
  await target.focus();
  await page.keyboard.press(key);
}

interface CasePackage {
  CFDocument: Record<string, unknown> & { identifier: string; title: string; lastChangeDateTime: string };
  CFItems: (Record<string, unknown> & {
    identifier: string;
    humanCodingScheme?: string;
    fullStatement: string;
  })[];
  CFAssociations: (Record<string, unknown> & { originNodeURI: { identifier: string } })[];
}

/**
 * The grade 3 "operations and algebraic thinking" part of the real package (14 items and the
 * associations they start), as its own framework — so importing it twice touches nothing the
 * other tests use. Associations pointing at the rest of the package are skipped, as they should be.
 */
function excerpt(documentId: string, version: string, change: (pkg: CasePackage) => void = () => {}) {
  const full = JSON.parse(readFileSync(PACKAGE_FILE, "utf8")) as CasePackage;
  const items = full.CFItems.filter((i) => (i.humanCodingScheme ?? "").startsWith("M.G3.C1OA"));
  const ids = new Set(items.map((i) => i.identifier));
  const pkg: CasePackage = {
    ...full,
    CFDocument: {
      ...full.CFDocument,
      identifier: documentId,
      title: `${TITLE}, grade 3 operations (excerpt)`,
      lastChangeDateTime: version,
    },
    CFItems: items,
    CFAssociations: full.CFAssociations.filter((a) => ids.has(a.originNodeURI.identifier)),
  };
  change(pkg);
  return {
    name: "grade-3-operations.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(pkg)),
  };
}

/** From the framework browser: choose the file and press Import, keyboard only once it is chosen. */
async function importFile(page: Page, file: Parameters<Locator["setInputFiles"]>[0]) {
  const input = page.getByLabel("CASE package file (JSON)");
  await input.setInputFiles(file);
  await press(page, page.getByRole("button", { name: "Import", exact: true }));
  await expect(page.getByRole("heading", { level: 1, name: "Framework import" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    page.getByRole("status").filter({ hasText: "Finished: the framework was imported." }),
  ).toBeVisible({
    timeout: 60_000,
  });
}

test("a teacher imports a CASE package, follows its progress and reads what was imported", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const teacher = await as(browser, DEMO.teacher);
  await press(teacher, teacher.getByRole("link", { name: "Frameworks", exact: true }));
  await expect(teacher.getByRole("heading", { level: 1, name: "Frameworks" })).toBeVisible();
  await expect(teacher.getByText(/version 2018-03-01T21:01:43\+00:00 · 585 competencies/)).toBeVisible();
  await expect(teacher.getByRole("heading", { level: 2, name: "Import a framework (CASE)" })).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  const file = teacher.getByLabel("CASE package file (JSON)");
  await file.setInputFiles(PACKAGE_FILE);
  await file.focus();
  await teacher.keyboard.press("Tab"); // the provider address, left empty
  await teacher.keyboard.press("Tab");
  await expect(teacher.getByRole("button", { name: "Import", exact: true })).toBeFocused();
  await teacher.keyboard.press("Enter");

  // The job's page: a progress bar fed by the job, and a live region saying where it is.
  await expect(teacher.getByRole("heading", { level: 1, name: "Framework import" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(teacher.getByText("From the file smarter-balanced-math-content-spec.json.")).toBeVisible();
  const bar = teacher.getByRole("progressbar", { name: "Competencies written" });
  await expect(bar).toBeVisible();
  await expectAccessible(teacher);
  await expect(
    teacher.getByRole("status").filter({ hasText: "Finished: the framework was imported." }),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(bar).toHaveAttribute("max", "585");
  await expect(bar).toHaveAttribute("value", "585");
  await expect(teacher.getByText("585 of 585 competencies written")).toBeVisible();

  // The summary. The demo school already had this framework: this is the same version again.
  await expect(
    teacher.getByText(
      `“${TITLE}” (version 2018-03-01T21:01:43+00:00) was imported again: the organization already had this version.`,
    ),
  ).toBeVisible();
  const competencies = teacher.getByRole("table", { name: "Competencies in this import" });
  await expect(competencies.getByRole("row", { name: /Unchanged/ }).getByRole("cell")).toHaveText("585");
  await expect(competencies.getByRole("row", { name: /Created/ }).getByRole("cell")).toHaveText("0");
  const associations = teacher.getByRole("table", { name: "Associations in the package, by type" });
  for (const [type, found] of [
    ["isChildOf", "570"],
    ["precedes", "423"],
    ["isRelatedTo", "1461"],
    ["exactMatchOf", "914"],
  ] as const) {
    await expect(
      associations
        .getByRole("row", { name: new RegExp(type) })
        .getByRole("cell")
        .first(),
    ).toHaveText(found);
  }
  await expect(teacher.getByRole("heading", { name: "What was skipped, and why" })).toBeVisible();
  await expect(teacher.getByText(/point outside the framework/)).toBeVisible();
  await expect(teacher.getByText(/point at an item that is not in the package/).first()).toBeVisible();
  await expect(teacher.getByText("Nothing changed: every competency is as it was.")).toBeVisible();
  // Competencies keep their identity from one version to the next, so evidence stays where it was.
  await expect(
    teacher.getByRole("region", { name: /What changed since version/ }).getByText(/evidence/),
  ).toBeVisible();
  // The notes, with where they are in the package, open from the keyboard.
  await press(teacher, teacher.getByText(/notes from the package check/));
  await expect(teacher.getByRole("cell", { name: "CFAssociations[3275].originNodeURI" })).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  await press(teacher, teacher.getByRole("link", { name: `Browse “${TITLE}”` }));
  // 585 competencies in a tree: a large page, given time on a busy machine.
  await expect(teacher.getByRole("heading", { level: 1, name: TITLE })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(teacher);
});

test("without JavaScript, a broken package is refused naming each problem and where it is", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const teacher = await as(browser, DEMO.teacher, { javaScriptEnabled: false });
  await teacher.goto("/teacher/frameworks");
  // The real package with one item's statement taken out.
  const pkg = JSON.parse(readFileSync(PACKAGE_FILE, "utf8")) as { CFItems: Record<string, unknown>[] };
  delete pkg.CFItems[2]!.fullStatement;
  await teacher.getByLabel("CASE package file (JSON)").setInputFiles({
    name: "broken.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(pkg)),
  });
  await press(teacher, teacher.getByRole("button", { name: "Import", exact: true }));
  await expect(teacher.getByRole("heading", { level: 1, name: "Framework import" })).toBeVisible();

  // No page refreshes itself: the reader checks again when they want to.
  await expect
    .poll(
      async () => {
        const again = teacher.getByRole("link", { name: "Check progress again" });
        if (await again.isVisible()) await press(teacher, again);
        return teacher.getByRole("alert").count();
      },
      { timeout: 60_000 },
    )
    .toBe(1);
  await expect(teacher.getByRole("alert")).toContainText(
    "The package could not be imported. Nothing was changed.",
  );
  const problems = teacher.getByRole("table", { name: /problem/ });
  await expect(problems.getByRole("row", { name: /CFItems\[2\]\.fullStatement/ })).toContainText("required");
  await expect(teacher.getByRole("link", { name: "Check progress again" })).toHaveCount(0);
  await expectNoSidewaysScroll(teacher);

  // axe needs JavaScript to run: the same page, scanned in a browser that has it.
  const scanned = await as(browser, DEMO.teacher);
  await scanned.goto(teacher.url());
  await expect(scanned.getByRole("alert")).toContainText("Nothing was changed.");
  await expectAccessible(scanned);
});

test("a newer version of a framework says what changed, and that learners' evidence stays attached", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const teacher = await as(browser, DEMO.teacher);
  const documentId = crypto.randomUUID();
  const excerptTitle = `${TITLE}, grade 3 operations (excerpt)`;
  await teacher.goto("/teacher/frameworks");
  await importFile(teacher, excerpt(documentId, "2018-03-01T21:01:43+00:00"));
  await expect(
    teacher.getByText(`“${excerptTitle}” (version 2018-03-01T21:01:43+00:00) was imported.`),
  ).toBeVisible();
  const created = teacher.getByRole("table", { name: "Competencies in this import" });
  await expect(created.getByRole("row", { name: /Created/ }).getByRole("cell")).toHaveText("14");

  // The publisher rewords one skill and drops another.
  const newer = excerpt(documentId, "2019-01-01T00:00:00+00:00", (pkg) => {
    const skill = pkg.CFItems.find((i) => i.humanCodingScheme === "M.G3.C1OA.TA.3.OA.A.1")!;
    skill.fullStatement = `${skill.fullStatement} (revised)`;
    const dropped = pkg.CFItems.find((i) => i.humanCodingScheme === "M.G3.C1OA.TC.3.OA.C.7")!;
    pkg.CFItems = pkg.CFItems.filter((i) => i !== dropped);
    pkg.CFAssociations = pkg.CFAssociations.filter((a) => a.originNodeURI.identifier !== dropped.identifier);
  });
  await press(teacher, teacher.getByRole("link", { name: "All frameworks" }));
  await importFile(teacher, newer);
  await expect(
    teacher.getByText(
      `A new version of “${excerptTitle}” was imported: 2018-03-01T21:01:43+00:00 → 2019-01-01T00:00:00+00:00.`,
    ),
  ).toBeVisible();
  const changes = teacher.getByRole("region", {
    name: "What changed since version 2018-03-01T21:01:43+00:00",
  });
  await expect(changes.getByRole("heading", { name: "1 reworded or moved competency" })).toBeVisible();
  await expect(changes.getByRole("listitem").filter({ hasText: "M.G3.C1OA.TA.3.OA.A.1" })).toContainText(
    /\(revised\)\s*Was:/,
  );
  await expect(changes.getByRole("heading", { name: "1 competency retired" })).toBeVisible();
  await expect(changes.getByRole("listitem").filter({ hasText: "M.G3.C1OA.TC.3.OA.C.7" })).toBeVisible();
  await expect(changes.getByText(/evidence/)).toBeVisible();
  const counts = teacher.getByRole("table", { name: "Competencies in this import" });
  await expect(counts.getByRole("row", { name: /Unchanged/ }).getByRole("cell")).toHaveText("12");
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
});

/**
 * Authoring: a teacher writes an item with a sports variant and edits it (keyboard only), meets a
 * colleague's edit saved first (a clear message with their version, nothing overwritten), builds a
 * choice board for her class, and browses a framework — with an axe scan of every page.
 */
import { expect, test, type Page } from "@playwright/test";
import { as, DEMO, expectAccessible, expectNoSidewaysScroll } from "./support.js";

/** Focus a control and act on it with the keyboard only. */
async function typeInto(page: Page, label: string | RegExp, text: string) {
  const field = page.getByLabel(label, { exact: typeof label === "string" });
  await field.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}
async function press(page: Page, locator: ReturnType<Page["getByRole"]>, key = "Enter") {
  await locator.focus();
  await page.keyboard.press(key);
}

test("a teacher writes an item with a sports variant, edits it, builds a board and browses a framework", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const run = `${test.info().project.name}-${Date.now() % 100_000}`;
  const teacher = await as(browser, DEMO.teacher);

  // The authoring desk.
  await press(teacher, teacher.getByRole("link", { name: "Authoring", exact: true }));
  await expect(teacher.getByRole("heading", { level: 1, name: "Authoring" })).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  // A new single-choice item, with a sports variant — keyboard only.
  await press(teacher, teacher.getByRole("link", { name: "New item" }));
  await press(teacher, teacher.getByRole("link", { name: "Single choice" }));
  await expect(teacher.getByRole("heading", { level: 1, name: "New item" })).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
  const stem = `What is 1/2 + 1/3? (${run})`;
  await typeInto(teacher, "Question", stem);
  await typeInto(teacher, "Choice 1", "5/6");
  await typeInto(teacher, "Choice 2", "2/5");
  await press(teacher, teacher.getByRole("radio", { name: "Correct 1" }), "Space");
  const picker = teacher.getByLabel("Competencies");
  await picker.focus();
  await teacher.keyboard.press("ArrowDown");
  await typeInto(teacher, "Variant 1: interest", "sports");
  await typeInto(
    teacher,
    "Variant 1: question in this context",
    "A runner runs 1/2 lap, then 1/3 lap. How far?",
  );
  await press(teacher, teacher.getByRole("button", { name: "Save" }));
  await expect(teacher.getByRole("status")).toContainText("The item was saved.");
  await expect(teacher.getByRole("link", { name: stem })).toBeVisible();

  // Edit it: the sports variant is there to re-word.
  await press(teacher, teacher.getByRole("link", { name: stem }));
  await expect(teacher.getByRole("heading", { level: 1, name: "Edit item" })).toBeVisible();
  await expect(teacher.getByLabel("Variant 1: interest")).toHaveValue("sports");
  const editUrl = teacher.url();
  // A colleague opens the same item meanwhile and saves first.
  const colleague = await teacher.context().newPage();
  await colleague.goto(editUrl);
  const edited = `What is 1/2 + 1/4? (${run})`;
  await typeInto(teacher, "Question", edited);
  await typeInto(
    teacher,
    "Variant 1: question in this context",
    "A runner runs 1/2 lap, then 1/4 lap. How far?",
  );
  await press(teacher, teacher.getByRole("button", { name: "Save" }));
  await expect(teacher.getByRole("status")).toContainText("The item was saved.");
  await expect(teacher.getByRole("link", { name: edited })).toBeVisible();

  await typeInto(colleague, "Question", `Their wording (${run})`);
  await colleague.getByRole("button", { name: "Save" }).click();
  const alert = colleague.getByRole("alert");
  await expect(alert).toContainText("Someone else saved this while you were editing.");
  await expect(alert).toContainText(edited);
  await expect(colleague.getByLabel("Question", { exact: true })).toHaveValue(`Their wording (${run})`);
  await expectAccessible(colleague);
  await colleague.close();

  // A choice board for the class: the new item and a demo resource.
  await teacher.goto("/teacher/authoring");
  await press(teacher, teacher.getByRole("link", { name: /^New choice board/ }).first());
  await expect(teacher.getByRole("heading", { level: 1, name: "New choice board" })).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
  const boardTitle = `Fractions menu (${run})`;
  await typeInto(teacher, "Title", boardTitle);
  await press(teacher, teacher.getByRole("checkbox", { name: edited }), "Space");
  await press(teacher, teacher.getByRole("checkbox").nth(0), "Space");
  await press(teacher, teacher.getByRole("button", { name: "Save" }));
  await expect(teacher.getByRole("status")).toContainText("The choice board was saved.");
  await press(teacher, teacher.getByRole("link", { name: boardTitle }));
  await expect(teacher.getByRole("checkbox", { name: edited })).toBeChecked();
  await expectAccessible(teacher);

  // The framework browser: codes, prerequisites, search.
  await press(teacher, teacher.getByRole("link", { name: "Frameworks", exact: true }));
  await expectAccessible(teacher);
  await press(teacher, teacher.getByRole("main").getByRole("link").first());
  await typeInto(teacher, "Search codes and statements", "5.NF.A.1");
  await press(teacher, teacher.getByRole("button", { name: "Search" }));
  await expect(teacher.getByRole("status")).toContainText(/match/);
  await expect(teacher.getByText("5.NF.A.1").first()).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);

  // The other authoring forms pass the same scan.
  for (const path of ["rubrics/new", "tasks/new", "resources/new"]) {
    await teacher.goto(`/teacher/authoring/${path}`);
    await expectAccessible(teacher);
    await expectNoSidewaysScroll(teacher);
  }
});

test("the authoring forms work without JavaScript", async ({ browser }) => {
  const run = `${test.info().project.name}-nojs-${Date.now() % 100_000}`;
  const teacher = await as(browser, DEMO.teacher, { javaScriptEnabled: false });
  await teacher.goto("/teacher/authoring/items/new?kind=numeric");
  await teacher.getByLabel("Question", { exact: true }).fill(`How many halves in 3? (${run})`);
  await teacher.getByLabel("Correct number").fill("6");
  await teacher.getByLabel("Competencies").selectOption({ index: 0 });
  await teacher.getByLabel("Variant 1: interest", { exact: true }).fill("cooking");
  await teacher.getByLabel("Variant 1: question in this context").fill("How many half cups in 3 cups?");
  await teacher.getByRole("button", { name: "Save" }).click();
  await expect(teacher.getByText("The item was saved.")).toBeVisible();
  await expect(teacher.getByRole("link", { name: `How many halves in 3? (${run})` })).toBeVisible();
  // A rubric with one criterion of two levels.
  await teacher.goto("/teacher/authoring/rubrics/new");
  await teacher.getByLabel("Title").fill(`Recipe poster (${run})`);
  await teacher.getByLabel("What is looked at").first().fill("Doubles the amounts");
  await teacher.getByLabel("Competency", { exact: true }).first().selectOption({ index: 1 });
  await teacher.getByLabel("Score of level 1").first().fill("1");
  await teacher.getByLabel("Label of level 1").first().fill("Not yet");
  await teacher.getByLabel("Score of level 2").first().fill("3");
  await teacher.getByLabel("Label of level 2").first().fill("Yes");
  await teacher.getByRole("button", { name: "Save" }).click();
  await expect(teacher.getByText("The rubric was saved.")).toBeVisible();
  await expect(teacher.getByRole("link", { name: `Recipe poster (${run})` })).toBeVisible();
});

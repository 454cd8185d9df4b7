/**
 * Interest-context variants in the item form: a teacher words a sports variant's question and each
 * of its choices; wording for a choice the item does not have is refused with a clear message (the
 * variant keeps the item's structure and key); a learner who loves sports is served that variant,
 * worded for her, and her right answer counts as right.
 */
import { expect, test, type Page } from "@playwright/test";
import { as, DEMO, expectAccessible, expectNoSidewaysScroll } from "./support.js";

const LEARNER = "aaliyah.johnson@cedargrove.example";

/** Aaliyah's id, as her teacher sees her class. */
async function learnerId(teacher: Page): Promise<string> {
  const classes = (await (await teacher.request.get("/api/v1/classes")).json()) as {
    classes: { id: string; name: string }[];
  };
  const klass = classes.classes.find((c) => c.name === "Grade 5 Math · Room 12")!;
  const matrix = (await (await teacher.request.get(`/api/v1/classes/${klass.id}/mastery-matrix`)).json()) as {
    learners: { id: string; givenName: string }[];
  };
  return matrix.learners.find((l) => l.givenName === "Aaliyah")!.id;
}

/** The learner's interests, set by the learner herself; what they were before. */
async function setInterests(learner: Page, id: string, interests: string[]): Promise<string[]> {
  const current = await learner.request.get(`/api/v1/learners/${id}/profile`);
  const before = ((await current.json()) as { interests: string[] }).interests;
  const saved = await learner.request.patch(`/api/v1/learners/${id}/profile`, {
    headers: { "if-match": current.headers()["etag"]! },
    data: { interests },
  });
  expect(saved.status()).toBe(200);
  return before;
}

test("a teacher words a variant's choices; a learner who loves sports gets that wording and her answer counts", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const run = `${test.info().project.name}-${Date.now() % 100_000}`;
  const teacher = await as(browser, DEMO.teacher);
  await teacher.goto("/teacher/authoring/items/new?kind=single_choice");
  const stem = `What is 3/4 − 1/2? (${run})`;
  await teacher.getByLabel("Question", { exact: true }).fill(stem);
  await teacher.getByLabel("Choice 1", { exact: true }).fill("1/4");
  await teacher.getByLabel("Choice 2", { exact: true }).fill("2/2");
  await teacher.getByRole("radio", { name: "Correct 1" }).check();
  const picker = teacher.getByLabel("Competencies");
  const value = await picker.evaluate(
    (select) =>
      [...(select as HTMLSelectElement).options].find((o) => o.textContent?.includes("5.NF.A.1"))?.value ??
      "",
  );
  await picker.selectOption(value);
  await teacher.getByLabel("Variant 1: interest", { exact: true }).fill("sports");
  await teacher
    .getByLabel("Variant 1: question in this context")
    .fill(`A track is 3/4 km; you ran 1/2 km. How much is left? (${run})`);
  // The choices' wording, with the keyboard: the summary opens its rows.
  await teacher.getByText("Variant 1: the choices in this context (optional)").focus();
  await teacher.keyboard.press("Enter");
  await teacher.getByLabel(/^Variant 1: choice 1/).fill("1/4 km");
  await teacher.getByLabel(/^Variant 1: choice 2/).fill("2/2 km");
  // A third row the item does not have: refused, with what to do.
  await teacher.getByLabel(/^Variant 1: choice 3/).fill("1 km");
  await teacher.getByRole("button", { name: "Save" }).click();
  await expect(teacher.getByRole("alert")).toContainText("Check the variants' wording");
  await expect(teacher.getByLabel(/^Variant 1: choice 1/)).toHaveValue("1/4 km");
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
  // Two choices alike would hide the key: refused too.
  await teacher.getByLabel(/^Variant 1: choice 3/).fill("");
  await teacher.getByLabel(/^Variant 1: choice 2/).fill("1/4 km");
  await teacher.getByRole("button", { name: "Save" }).click();
  await expect(teacher.getByRole("alert")).toContainText("no two may read the same");
  await teacher.getByLabel(/^Variant 1: choice 2/).fill("2/2 km");
  await teacher.getByRole("button", { name: "Save" }).click();
  await expect(teacher.getByRole("status")).toContainText("The item was saved.");

  // Editing shows the wording in its rows, next to what the item says.
  await teacher.getByRole("link", { name: stem }).click();
  await expect(teacher.getByLabel(/^Variant 1: choice 2/)).toHaveValue("2/2 km");
  await expect(teacher.getByText("(the item says: 2/2)").first()).toBeVisible();
  await expectAccessible(teacher);

  // A learner who loves sports is served the sports wording, and answers it.
  const items = (await (await teacher.request.get("/api/v1/items?limit=100")).json()) as {
    items: { id: string; stem: string }[];
  };
  const itemId = items.items.find((i) => i.stem === stem)!.id;
  const id = await learnerId(teacher);
  const learner = await as(browser, LEARNER);
  const before = await setInterests(learner, id, ["sports"]);
  await learner.goto(`/learner/practice/${itemId}`);
  await expect(learner.getByRole("heading", { level: 2 })).toHaveText(
    `A track is 3/4 km; you ran 1/2 km. How much is left? (${run})`,
  );
  await expect(learner.getByRole("radio", { name: "2/2 km", exact: true })).toBeVisible();
  await learner.getByRole("radio", { name: "1/4 km", exact: true }).check();
  await learner.getByRole("button", { name: "Check my answer" }).click();
  await expect(learner.getByRole("status")).toContainText("That's it — well done.");
  await expectAccessible(learner);
  await setInterests(learner, id, before);

  await learner.context().close();
  await teacher.context().close();
});

/**
 * About me: the learner edits their profile with the keyboard, chooses what their family sees, and
 * the guardian sees exactly that. An edit from a stale page is refused with a clear message and
 * what was typed is kept. Axe-scanned, at 360 px, without JavaScript too.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, as } from "./support.js";

test.describe.configure({ mode: "serial", timeout: 150_000 });

test("a learner says what they like and how they learn, and shares only some of it with family", async ({
  browser,
}) => {
  const learner = await as(browser, DEMO.learner);
  await learner.getByRole("link", { name: "About me" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "About me" })).toBeVisible();
  await expectAccessible(learner);

  const interest = `Football ${randomUUID().slice(0, 6)}`;
  const interests = learner.getByRole("textbox", { name: "What I am interested in" });
  await interests.focus();
  await learner.keyboard.press("ControlOrMeta+a");
  await learner.keyboard.type(`${interest}\nDrawing`);
  const best = learner.getByRole("textbox", { name: "How I learn best" });
  await best.focus();
  await learner.keyboard.press("ControlOrMeta+a");
  await learner.keyboard.type("With pictures, and by explaining to a friend.");
  const languages = learner.getByRole("textbox", { name: "Languages I speak" });
  await languages.focus();
  await learner.keyboard.press("ControlOrMeta+a");
  await learner.keyboard.type("es\nen");
  const shareInterests = learner.getByRole("checkbox", { name: "What I am interested in" });
  const shareBest = learner.getByRole("checkbox", { name: "How I learn best" });
  if (!(await shareInterests.isChecked())) {
    await shareInterests.focus();
    await learner.keyboard.press("Space");
  }
  if (await shareBest.isChecked()) {
    await shareBest.focus();
    await learner.keyboard.press("Space");
  }
  await learner.getByRole("button", { name: "Save my profile" }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("Saved. Your teachers see the new version now.");
  await expect(learner.getByRole("status")).toBeFocused();
  await expect(learner.getByRole("textbox", { name: "What I am interested in" })).toHaveValue(
    `${interest}\nDrawing`,
  );
  await expect(learner.getByText("Spanish, English")).toBeVisible();
  await expectAccessible(learner);

  // The guardian (through the API the family view uses) sees the interests but not how he learns best.
  const { userId: learnerId } = (await (await learner.request.get("/api/v1/me")).json()) as {
    userId: string;
  };
  const guardian = await as(browser, DEMO.guardian);
  const seen = (await (await guardian.request.get(`/api/v1/learners/${learnerId}/profile`)).json()) as {
    interests: string[] | null;
    howILearnBest: string | null;
  };
  expect(seen.interests).toEqual([interest, "Drawing"]);
  expect(seen.howILearnBest).toBeNull();

  await learner.getByLabel("Language", { exact: true }).selectOption("es");
  await learner.getByRole("button", { name: "Change language" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Sobre mí" })).toBeVisible();
  await expect(learner.getByText("español, inglés")).toBeVisible();
  await expectAccessible(learner);
  await learner.getByLabel("Idioma", { exact: true }).selectOption("en");
  await learner.getByRole("button", { name: "Cambiar idioma" }).click();
  await guardian.context().close();
  await learner.context().close();
});

test("an edit from a stale page is refused with a clear message, and what was typed is kept", async ({
  browser,
}) => {
  const first = await as(browser, DEMO.learner, { javaScriptEnabled: false });
  await first.goto("/learner/about");
  const second = await first.context().newPage();
  await second.goto("/learner/about");

  await second.getByRole("textbox", { name: "What I am good at" }).fill("Puzzles");
  await second.getByRole("button", { name: "Save my profile" }).click();
  await expect(second.getByRole("status")).toHaveText("Saved. Your teachers see the new version now.");

  await first.getByRole("textbox", { name: "What I am good at" }).fill("Running fast");
  await first.getByRole("button", { name: "Save my profile" }).click();
  await expect(first.getByRole("alert")).toContainText("Your profile was changed somewhere else");
  await expect(first.getByRole("textbox", { name: "What I am good at" })).toHaveValue("Puzzles");
  await expect(first.getByText("Running fast")).toBeVisible();

  await first.getByRole("textbox", { name: "What I am good at" }).fill("Puzzles\nRunning fast");
  await first.getByRole("button", { name: "Save my profile" }).click();
  await expect(first.getByRole("status")).toHaveText("Saved. Your teachers see the new version now.");
  await expect(first.getByRole("textbox", { name: "What I am good at" })).toHaveValue(
    "Puzzles\nRunning fast",
  );
  await first.context().close();
});

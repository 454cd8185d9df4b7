/**
 * Messages: a teacher starts a conversation with a learner, the learner sees it unread, reads it and
 * replies with the keyboard, and the teacher sees the reply as unread. Axe-scanned, in Spanish too.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, as } from "./support.js";

test.describe.configure({ mode: "serial", timeout: 150_000 });

test("a teacher writes to a learner, who reads and replies with the keyboard", async ({ browser }) => {
  const subject = `Your fractions poster ${randomUUID().slice(0, 6)}`;
  const teacher = await as(browser, DEMO.teacher);
  await teacher.getByRole("link", { name: "Messages" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
  await expectAccessible(teacher);

  // An empty message is explained and what was typed is kept.
  await teacher.getByLabel("About and with the learner").selectOption({ label: "Hernández, Mateo" });
  await teacher.getByLabel("Subject").fill(subject);
  await teacher.getByLabel("Message").fill("   ");
  await teacher.getByRole("button", { name: "Send", exact: true }).click();
  await expect(teacher.getByRole("alert")).toHaveText("Write a message first.");
  await expect(teacher.getByLabel("Subject")).toHaveValue(subject);
  await teacher.getByLabel("Message").fill("Could you add a sentence on how you compared them?");
  await teacher.getByRole("button", { name: "Send", exact: true }).click();
  await expect(teacher.getByRole("status")).toHaveText("The conversation has started.");
  await expect(teacher.getByRole("heading", { level: 1, name: subject })).toBeVisible();

  const learner = await as(browser, DEMO.learner);
  await learner.getByRole("link", { name: "Messages" }).focus();
  await learner.keyboard.press("Enter");
  const card = learner.getByRole("listitem").filter({ hasText: subject });
  await expect(card).toContainText("1 new");
  await expect(card).toContainText("With Amara Okafor");
  await expectAccessible(learner);
  await card.getByRole("link", { name: subject }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByText("Could you add a sentence on how you compared them?")).toBeVisible();
  await learner.getByLabel("Message").focus();
  await learner.keyboard.type("Yes — I used pictures of pizzas to compare each pair.");
  await learner.getByRole("button", { name: "Send reply" }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("status")).toHaveText("Your message was sent.");
  await expect(learner.getByRole("status")).toBeFocused();
  await expect(learner.getByRole("listitem").filter({ hasText: "I used pictures of pizzas" })).toContainText(
    "You",
  );
  await expectAccessible(learner);
  // Read: nothing new for the learner any more.
  await learner.getByRole("link", { name: "All conversations" }).click();
  await expect(learner.getByRole("listitem").filter({ hasText: subject })).not.toContainText("new");

  await teacher.getByRole("link", { name: "All conversations" }).click();
  await expect(teacher.getByRole("listitem").filter({ hasText: subject })).toContainText("1 new");

  await learner.getByLabel("Language").selectOption("es");
  await learner.getByRole("button", { name: "Change language" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Mensajes" })).toBeVisible();
  await expectAccessible(learner);
  await learner.getByLabel("Idioma").selectOption("en");
  await learner.getByRole("button", { name: "Cambiar idioma" }).click();

  const guardian = await as(browser, DEMO.guardian);
  await guardian.getByRole("link", { name: "Messages" }).click();
  await expect(guardian.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();
  await expectAccessible(guardian);
  await Promise.all([teacher, learner, guardian].map((p) => p.context().close()));
});

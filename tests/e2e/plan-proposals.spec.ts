/**
 * Co-designing the plan: the learner proposes a change (through the API the learner's app uses), and
 * their teacher answers it on the plan page with a comment — keyboard only, axe-scanned, in Spanish too.
 */
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, as } from "./support.js";

test.describe.configure({ mode: "serial", timeout: 150_000 });

test("a teacher approves one proposal and declines another, each with a comment the learner sees", async ({
  browser,
}) => {
  const teacher = await as(browser, DEMO.teacher);
  const learner = await as(browser, DEMO.learner);
  const { userId: mateoId } = (await (await learner.request.get("/api/v1/me")).json()) as { userId: string };
  const { classes } = (await (await teacher.request.get("/api/v1/classes")).json()) as {
    classes: { id: string; name: string }[];
  };
  const klass = classes.find((c) => c.name === "Grade 5 Math · Room 12")!;
  const matrix = (await (await teacher.request.get(`/api/v1/classes/${klass.id}/mastery-matrix`)).json()) as {
    competencies: { id: string; depth: number }[];
  };
  const list = matrix.competencies;
  const competencyIds = list
    .filter((c, i) => !(list[i + 1] && list[i + 1]!.depth > c.depth))
    .map((c) => c.id);
  expect(competencyIds.length).toBeGreaterThan(2);

  const title = `Fractions plan ${randomUUID().slice(0, 6)}`;
  const created = await teacher.request.post(`/api/v1/learners/${mateoId}/plans`, {
    headers: { "idempotency-key": randomUUID() },
    data: {
      title,
      goalCompetencyIds: competencyIds.slice(0, 3),
      targetDate: "2027-06-18",
      weeklyMinutes: 90,
    },
  });
  expect(created.status()).toBe(201);
  const plan = (await created.json()) as { id: string };
  const propose = async (summary: string, changes: Record<string, unknown>) => {
    const response = await learner.request.post(`/api/v1/plans/${plan.id}/proposals`, {
      headers: { "idempotency-key": randomUUID() },
      data: { summary, changes },
    });
    expect(response.status()).toBe(201);
  };
  await propose("I would like more time each week.", { weeklyMinutes: 120 });
  await propose("I want to move my target later.", { targetDate: "2027-07-01" });

  await teacher.goto(`/teacher/learners/${mateoId}/plan`);
  await expect(teacher.getByRole("heading", { level: 1, name: "Mateo Hernández’s plan" })).toBeVisible();
  const plan1 = teacher.getByRole("region", { name: title });
  await expect(plan1.getByRole("heading", { name: "Waiting for an answer (2)" })).toBeVisible();
  await expect(plan1).toContainText("Change the weekly time to 120 minutes");
  await expectAccessible(teacher);

  const more = plan1.getByRole("form", { name: "I would like more time each week." });
  await more.getByLabel("What you tell Mateo Hernández (optional)").focus();
  await teacher.keyboard.type("Yes — use the extra time for practice.");
  await more.getByRole("button", { name: "Approve" }).focus();
  await teacher.keyboard.press("Enter");
  await expect(teacher.getByRole("status")).toHaveText("Approved — the plan now includes the change.");
  await expect(teacher.getByRole("status")).toBeFocused();
  await expect(plan1).toContainText("120 minutes a week");

  const later = plan1.getByRole("form", { name: "I want to move my target later." });
  await later.getByLabel(/^What you tell/).fill("Let us keep June and check in after two weeks.");
  await later.getByRole("button", { name: "Decline" }).click();
  await expect(teacher.getByRole("status")).toHaveText("Declined — the learner sees your comment.");
  await expect(plan1.getByRole("heading", { name: "Waiting for an answer (0)" })).toBeVisible();
  await expect(plan1).toContainText("Let us keep June and check in after two weeks.");
  await expectAccessible(teacher);

  // The learner sees the answers and the comments through their plan's history.
  const history = (await (await learner.request.get(`/api/v1/plans/${plan.id}/history`)).json()) as {
    proposals: { summary: string; status: string }[];
    comments: { body: string }[];
  };
  expect(history.proposals.map((p) => p.status).sort()).toEqual(["approved", "declined"]);
  expect(history.comments.map((c) => c.body)).toContain("Let us keep June and check in after two weeks.");

  await teacher.getByLabel("Language").selectOption("es");
  await teacher.getByRole("button", { name: "Change language" }).click();
  await expect(teacher.getByRole("heading", { level: 1, name: "Plan de Mateo Hernández" })).toBeVisible();
  await expectAccessible(teacher);
  await teacher.getByLabel("Idioma").selectOption("en");
  await teacher.getByRole("button", { name: "Cambiar idioma" }).click();
  await Promise.all([teacher, learner].map((p) => p.context().close()));
});

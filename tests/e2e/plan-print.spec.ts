/**
 * A learner's plan on My path: the steps, the plain sentence about their pace, and the plan printed
 * as a tagged PDF in their language.
 */
import { expect, test } from "@playwright/test";
import { DEMO, expectAccessible, signIn } from "./support.js";

test("My path shows my plan with its pace in plain words, and prints it", async ({ browser }) => {
  const teacherContext = await browser.newContext();
  const teacher = await teacherContext.newPage();
  await signIn(teacher, DEMO.teacher);
  await expect(teacher.getByRole("button", { name: /^(Sign out|Cerrar sesión)$/ })).toBeVisible();
  const classes = (await (await teacher.request.get("/api/v1/classes")).json()) as {
    classes: { id: string; learners: { id: string; givenName: string }[] }[];
  };
  const klass = classes.classes.find((c) => c.learners.some((l) => l.givenName === "Mateo"))!;
  const mateo = klass.learners.find((l) => l.givenName === "Mateo")!;
  const matrix = (await (await teacher.request.get(`/api/v1/classes/${klass.id}/mastery-matrix`)).json()) as {
    competencies: { id: string; depth: number }[];
  };
  const goals = matrix.competencies
    .filter((c) => c.depth > 0)
    .slice(-3)
    .map((c) => c.id);
  const existing = (await (await teacher.request.get(`/api/v1/learners/${mateo.id}/plans`)).json()) as {
    items?: { status: string }[];
  };
  if (!(existing.items ?? []).some((p) => p.status === "active")) {
    const created = await teacher.request.post(`/api/v1/learners/${mateo.id}/plans`, {
      headers: { "idempotency-key": `plan-print-${mateo.id}` },
      data: {
        title: "Fractions by winter",
        goalCompetencyIds: goals,
        targetDate: "2027-01-29",
        weeklyMinutes: 90,
      },
    });
    expect(created.status()).toBe(201);
  }
  await teacherContext.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO.learner);
  await page.goto("/learner/path");
  const plan = page.getByRole("region", { name: "My plan" });
  await expect(plan).toContainText(/You are (on track|\d+ days? (ahead|behind))/);
  await expect(plan.getByRole("listitem").first()).toBeVisible();
  await expectAccessible(page);
  const pdf = await page.request.get(
    (await plan.getByRole("link", { name: "Print my plan (PDF)" }).getAttribute("href"))!,
  );
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toContain("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await context.close();
});

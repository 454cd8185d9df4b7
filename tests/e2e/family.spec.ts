/**
 * A guardian's view of their child: plain-language goals, what they are working on, how to help at
 * home — with the at-home note their child's teacher wrote for the topic, and a link to try together —
 * accessible, keyboard reachable, without JavaScript, and in Spanish too.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { DEMO, as, expectAccessible, expectNoSidewaysScroll } from "./support.js";

test.describe.configure({ mode: "serial", timeout: 150_000 });

interface HelpAtHome {
  competencies: { id: string; code: string | null; title: string; statement: string }[];
}

/** What the guardian's page will list first for Mateo: something he works on now (a plan if needed). */
async function mateoTopic(teacher: Page, guardian: Page) {
  const { children } = (await (await guardian.request.get("/api/v1/me/children")).json()) as {
    children: { id: string; givenName: string }[];
  };
  const mateo = children.find((c) => c.givenName === "Mateo")!;
  const helpPath = `/api/v1/learners/${mateo.id}/help-at-home`;
  let help = (await (await guardian.request.get(helpPath)).json()) as HelpAtHome;
  const { classes } = (await (await teacher.request.get("/api/v1/classes")).json()) as {
    classes: { id: string; name: string; frameworkId: string | null }[];
  };
  const klass = classes.find((c) => c.name === "Grade 5 Math · Room 12")!;
  if (help.competencies.length === 0) {
    const matrix = (await (
      await teacher.request.get(`/api/v1/classes/${klass.id}/mastery-matrix`)
    ).json()) as { competencies: { id: string; depth: number }[] };
    const list = matrix.competencies;
    const leaves = list.filter((c, i) => !(list[i + 1] && list[i + 1]!.depth > c.depth)).map((c) => c.id);
    const created = await teacher.request.post(`/api/v1/learners/${mateo.id}/plans`, {
      headers: { "idempotency-key": randomUUID() },
      data: {
        title: "Fractions at home and school",
        goalCompetencyIds: leaves.slice(0, 2),
        targetDate: "2027-06-18",
        weeklyMinutes: 90,
      },
    });
    expect(created.status()).toBe(201);
    help = (await (await guardian.request.get(helpPath)).json()) as HelpAtHome;
  }
  return { mateo, topic: help.competencies[0]!, frameworkId: klass.frameworkId! };
}

test("a teacher writes an at-home note; the guardian reads it with how to help at home, in English and Spanish", async ({
  browser,
}, testInfo) => {
  const teacher = await as(browser, DEMO.teacher);
  const guardian = await as(browser, DEMO.guardian);
  // The guardian reads in English to begin with, whatever an earlier run left.
  expect((await guardian.request.put("/api/v1/me/locale", { data: { locale: "en" } })).status()).toBe(200);
  const { topic, frameworkId } = await mateoTopic(teacher, guardian);
  const note = `Cook together (${testInfo.project.name}): ask which cup holds more, 2/3 or 3/4, then check with water.`;
  // A link resource for the topic, suited to home.
  const linkTitle = `Fraction strips game ${randomUUID().slice(0, 6)}`;
  const resource = await teacher.request.post("/api/v1/resources", {
    headers: { "idempotency-key": randomUUID() },
    data: {
      kind: "link",
      title: linkTitle,
      url: "https://example.org/fraction-strips",
      competencyIds: [topic.id],
      modality: "game",
      expectedMinutes: 10,
      language: "en",
    },
  });
  expect(resource.status()).toBe(201);

  // The teacher finds the competency in the framework browser and writes the note, keyboard only.
  await teacher.goto(`/teacher/frameworks/${frameworkId}`);
  await teacher.getByLabel("Search codes and statements").fill(topic.code ?? topic.title);
  await teacher.getByLabel("Search codes and statements").press("Enter");
  const noteLink = teacher
    .getByRole("listitem")
    .filter({ has: teacher.getByText(topic.code ?? topic.title, { exact: true }) })
    .getByRole("link", { name: /^At-home note/ })
    .first();
  await noteLink.focus();
  await teacher.keyboard.press("Enter");
  await teacher.waitForURL(/\/home-notes\//);
  await expect(teacher.getByRole("heading", { level: 1, name: "At-home note" })).toBeVisible();
  await expectAccessible(teacher);
  await expectNoSidewaysScroll(teacher);
  const body = teacher.getByLabel("What families can do at home").first();
  await body.focus();
  await teacher.keyboard.press("ControlOrMeta+a");
  await teacher.keyboard.type(note);
  await teacher.keyboard.press("Tab");
  await expect(teacher.getByLabel("Language of the note").first()).toBeFocused();
  await teacher.keyboard.press("Tab");
  await expect(teacher.getByRole("button", { name: /^Save the note for/ }).first()).toBeFocused();
  await teacher.keyboard.press("Enter");
  await expect(teacher.getByRole("status")).toHaveText("The note is saved. Families see it from now on.");
  await expect(teacher.getByLabel("What families can do at home").first()).toHaveValue(note);
  await expectAccessible(teacher);

  // The guardian reads it on Mateo's page.
  await guardian.goto("/family");
  await guardian.getByRole("link", { name: /^See how Mateo/ }).click();
  await expect(guardian.getByRole("heading", { name: /What Mateo.* is working on/ })).toBeVisible();
  const help = guardian.getByRole("region", { name: "How to help at home" });
  await expect(help).toBeVisible();
  const topics = help.getByRole("list", { name: "What Mateo is working on, with ideas for home" });
  const item = topics
    .getByRole("listitem")
    .filter({ has: guardian.getByRole("heading", { name: topic.title }) });
  await expect(item.getByText(note)).toBeVisible();
  await expect(item.getByText("From Amara Okafor,", { exact: false })).toBeVisible();
  await expect(help.getByText("Ask Mateo to teach you something they learned this week.")).toBeVisible();
  await expect(help.getByText("Treat mistakes as useful information")).toBeVisible();
  await expectAccessible(guardian);
  await expectNoSidewaysScroll(guardian);

  // The link to try together is reachable from the keyboard, in page order.
  const link = item.getByRole("link", { name: linkTitle });
  await expect(link).toHaveAttribute("href", "https://example.org/fraction-strips");
  await guardian.getByRole("heading", { level: 1 }).click();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await guardian.keyboard.press("Tab");
    reached = await link.evaluate((el) => el === document.activeElement);
  }
  expect(reached, "the link to try together is reached with Tab").toBe(true);

  await guardian.getByLabel("Language", { exact: true }).selectOption("es");
  await guardian.getByRole("button", { name: "Change language" }).click();
  await expect(guardian.locator("html")).toHaveAttribute("lang", "es");
  await expect(guardian.getByRole("region", { name: "Cómo ayudar en casa" }).getByText(note)).toBeVisible();
  const spanish = guardian.getByRole("region", { name: "Cómo ayudar en casa" });
  // The link's own list item (the topic's item holds it too).
  const linkItem = spanish.getByRole("link", { name: linkTitle }).locator("xpath=..");
  await expect(linkItem.getByText("(Juego, unos 10 min, en inglés)")).toBeVisible();
  await expectAccessible(guardian);
  await guardian.getByLabel("Idioma", { exact: true }).selectOption("en");
  await guardian.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(guardian.locator("html")).toHaveAttribute("lang", "en");
});

test("how to help at home works without JavaScript", async ({ browser }) => {
  const guardian = await as(browser, DEMO.guardian, { javaScriptEnabled: false });
  await guardian.getByRole("link", { name: /^See how Mateo/ }).click();
  const help = guardian.getByRole("region", { name: "How to help at home" });
  await expect(help.getByText("From Amara Okafor,", { exact: false }).first()).toBeVisible();
  await expect(
    help.getByRole("heading", { name: "Ways of helping that work for any subject" }),
  ).toBeVisible();
  // (axe needs JavaScript: the same page was scanned with it in the test above.)
});

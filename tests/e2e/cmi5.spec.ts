/**
 * A cmi5 course from import to mastery, in a real Chromium against a real server: the admin
 * imports a packaged AU (a tiny HTML+JS lesson written for this test, below), sees a broken
 * package refused with where the problem is, offers the course to Mateo's class and maps the
 * lesson to a competency; Mateo launches the lesson, which — like any cmi5 AU — reads its launch
 * parameters, fetches its token, reads LMS.LaunchData and sends initialized, passed, completed and
 * terminated, then returns to Pathwise, where the lesson shows done and his mastery has changed.
 * Every page is scanned by axe; the forms are driven by the keyboard; English and Spanish; both
 * screen sizes (each browser project imports its own course).
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { strToU8, zipSync } from "fflate";
import { DEMO, as, expectAccessible, expectNoSidewaysScroll } from "./support.js";

const CLASS_NAME = "Grade 5 Math · Room 12";
const NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

const LESSON_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Fraction strips lesson</title></head>
<body><main>
<h1>Fraction strips lesson</h1>
<p id="state" role="status">Starting…</p>
<button id="return" type="button" hidden>Return to Pathwise</button>
</main><script src="lesson.js"></script></body>
</html>`;

/** A minimal cmi5 AU: launch parameters, fetch URL, LMS.LaunchData, preferences, four statements. */
const LESSON_JS = `(async () => {
  const state = document.getElementById("state");
  const params = new URLSearchParams(location.search);
  const endpoint = params.get("endpoint");
  const actor = JSON.parse(params.get("actor"));
  const registration = params.get("registration");
  const activityId = params.get("activityId");
  const query = (o) => new URLSearchParams(o).toString();
  const uuid = () => {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  };
  try {
    const token = (await (await fetch(params.get("fetch"), { method: "POST" })).json())["auth-token"];
    const headers = { Authorization: "Basic " + token, "X-Experience-API-Version": "1.0.3" };
    const launchData = await (await fetch(endpoint + "/activities/state?" + query({ stateId: "LMS.LaunchData", activityId, agent: JSON.stringify(actor), registration }), { headers })).json();
    await fetch(endpoint + "/agents/profile?" + query({ profileId: "cmi5LearnerPreferences", agent: JSON.stringify(actor) }), { headers });
    const send = async (verb, result, moveOn, extensions) => {
      const context = JSON.parse(JSON.stringify(launchData.contextTemplate));
      context.registration = registration;
      context.extensions = Object.assign(context.extensions, extensions || {});
      context.contextActivities.category = [{ id: "https://w3id.org/xapi/cmi5/context/categories/cmi5" }]
        .concat(moveOn ? [{ id: "https://w3id.org/xapi/cmi5/context/categories/moveon" }] : []);
      const statement = { id: uuid(), timestamp: new Date().toISOString(), actor, verb: { id: "http://adlnet.gov/expapi/verbs/" + verb }, object: { id: activityId }, context };
      if (result) statement.result = result;
      const response = await fetch(endpoint + "/statements?" + query({ statementId: statement.id }), { method: "PUT", headers: Object.assign({ "Content-Type": "application/json" }, headers), body: JSON.stringify(statement) });
      if (response.status !== 204) throw new Error(verb + " was refused: " + response.status + " " + (await response.text()));
    };
    await send("initialized");
    await send("passed", { success: true, duration: "PT1M", score: { scaled: 0.9 } }, true, { "https://w3id.org/xapi/cmi5/context/extensions/masteryscore": launchData.masteryScore });
    await send("completed", { completion: true, duration: "PT1M" }, true);
    await send("terminated", { duration: "PT2M" });
    state.textContent = "Lesson finished: passed with 90%.";
    const back = document.getElementById("return");
    back.hidden = false;
    back.addEventListener("click", () => { location.href = launchData.returnURL; });
  } catch (error) {
    state.textContent = "The lesson could not report: " + error.message;
  }
})();`;

function lessonPackage(tag: string, title: string): Buffer {
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="${NS}">
  <course id="https://courses.example/e2e/${tag}">
    <title><langstring lang="en-US">${title}</langstring><langstring lang="es">${title} (es)</langstring></title>
    <description><langstring lang="en-US">Adding fractions with strips</langstring></description>
  </course>
  <au id="https://courses.example/e2e/${tag}/lesson-1" moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="OwnWindow">
    <title><langstring lang="en-US">Strips, part 1</langstring></title>
    <description><langstring lang="en-US">Halves and thirds</langstring></description>
    <url>index.html</url>
  </au>
</courseStructure>`;
  return Buffer.from(
    zipSync({
      "cmi5.xml": strToU8(xml),
      "index.html": strToU8(LESSON_HTML),
      "lesson.js": strToU8(LESSON_JS),
    }),
  );
}

interface Mastery {
  competencyId: string;
  probability: number;
  evidenceCount: number;
}

async function masteryOf(page: Page, learnerId: string, competencyId: string): Promise<Mastery | null> {
  const body = (await (await page.request.get(`/api/v1/learners/${learnerId}/mastery`)).json()) as {
    competencies: Mastery[];
  };
  return body.competencies.find((c) => c.competencyId === competencyId) ?? null;
}

/** A measured skill of Mateo's class with a code, different for each browser project. */
async function skillFor(teacher: Page, projectIndex: number) {
  const classes = (await (await teacher.request.get("/api/v1/classes")).json()) as {
    classes: { id: string; name: string }[];
  };
  const klass = classes.classes.find((c) => c.name === CLASS_NAME)!;
  const matrix = (await (await teacher.request.get(`/api/v1/classes/${klass.id}/mastery-matrix`)).json()) as {
    learners: { id: string; givenName: string }[];
    competencies: { id: string; code: string | null; depth: number }[];
  };
  const list = matrix.competencies;
  const skills = list.filter((c, i) => c.code && !(list[i + 1] && list[i + 1]!.depth > c.depth));
  const mateo = matrix.learners.find((l) => l.givenName === "Mateo")!;
  return { mateoId: mateo.id, skill: skills[skills.length - 1 - projectIndex]! };
}

test("an admin imports a cmi5 package, Mateo launches its lesson, and what the lesson reports changes his mastery", async ({
  browser,
}, info) => {
  // Two people, an import and a lesson that talks to the LRS: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const tag = `${info.project.name.replace(/\W/g, "")}-${randomUUID().slice(0, 8)}`;
  const title = `Fraction strips ${tag}`;
  const teacher = await as(browser, DEMO.teacher);
  const { mateoId, skill } = await skillFor(teacher, info.project.name === "desktop" ? 0 : 1);
  await teacher.context().close();

  // The admin: a broken package is refused with where the problem is; the real one is imported.
  const admin = await as(browser, DEMO.admin);
  await admin
    .getByRole("navigation", { name: "Administration" })
    .getByRole("link", { name: "Courses (cmi5)" })
    .click();
  await expect(admin.getByRole("heading", { level: 1, name: "Courses (cmi5)" })).toBeVisible();
  await expectAccessible(admin);
  await expectNoSidewaysScroll(admin);
  const broken = `<?xml version="1.0"?><courseStructure xmlns="${NS}"><course id="https://courses.example/e2e/broken-${tag}"><title><langstring>Broken</langstring></title><description><langstring>Broken</langstring></description></course><au id="https://courses.example/e2e/broken-${tag}/1"><title><langstring>One</langstring></title><description><langstring>One</langstring></description><url>index.html</url></au></courseStructure>`;
  await admin
    .getByLabel("Course package", { exact: true })
    .setInputFiles({ name: "cmi5.xml", mimeType: "text/xml", buffer: Buffer.from(broken) });
  await admin.getByRole("button", { name: "Import the course" }).click();
  await expect(admin.getByRole("alert")).toContainText("This package was not imported");
  const problems = admin.getByRole("table", { name: "1 problem" });
  await expect(problems.getByRole("row").nth(1)).toContainText("cmi5.xml/courseStructure/au[1]/url");
  await expectAccessible(admin);

  await admin.getByLabel("Course package", { exact: true }).setInputFiles({
    name: `${tag}.zip`,
    mimeType: "application/zip",
    buffer: lessonPackage(tag, title),
  });
  await admin.getByRole("button", { name: "Import the course" }).click();
  await expect(admin.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(admin.getByRole("status")).toHaveText("The course was imported.");
  await expectAccessible(admin);
  await expectNoSidewaysScroll(admin);

  // Offer it to Mateo's class and map the lesson to a competency — keyboard only.
  await admin.getByLabel(new RegExp(`^${CLASS_NAME}`)).focus();
  await admin.keyboard.press("Space");
  await admin.getByRole("button", { name: "Save the classes" }).focus();
  await admin.keyboard.press("Enter");
  await expect(admin.getByRole("status")).toHaveText("The classes that get this course were saved.");
  const lesson = admin.getByRole("listitem").filter({ hasText: "Strips, part 1" }).first();
  await lesson.getByLabel("Competency code").focus();
  await admin.keyboard.type(skill.code!);
  await admin.keyboard.press("Enter");
  await expect(admin.getByRole("status")).toHaveText("The competency mapping was saved.");
  await expect(admin.getByRole("listitem").filter({ hasText: "Strips, part 1" }).first()).toContainText(
    skill.code!,
  );
  await expectAccessible(admin);
  await admin.context().close();

  // Mateo: the course is offered, not started; the lesson opens in his window (launchMethod OwnWindow).
  const learner = await as(browser, DEMO.learner);
  const before = await masteryOf(learner, mateoId, skill.id);
  await learner.getByRole("link", { name: "Courses" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "My courses" })).toBeVisible();
  const course = learner.getByRole("region", { name: title });
  await expect(course).toContainText("Course not started yet.");
  await expect(course).toContainText("Not started");
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);
  await course.getByRole("button", { name: /^Start\b.*Strips, part 1/ }).focus();
  await learner.keyboard.press("Enter");

  // The lesson runs in the browser against Pathwise's LRS and says so; Enter takes Mateo back.
  await expect(learner.getByRole("heading", { level: 1, name: "Fraction strips lesson" })).toBeVisible();
  await expect(learner.getByRole("status")).toHaveText("Lesson finished: passed with 90%.");
  await expectAccessible(learner);
  await learner.getByRole("button", { name: "Return to Pathwise" }).focus();
  await learner.keyboard.press("Enter");
  await expect(learner.getByRole("heading", { level: 1, name: "My courses" })).toBeVisible();
  const done = learner.getByRole("region", { name: title });
  await expect(done).toContainText("Course done: everything it asks for is met.");
  await expect(done).toContainText("Done · score 90%");
  await expectAccessible(learner);
  await expectNoSidewaysScroll(learner);

  // Passed and completed became evidence for the mapped competency: his mastery moved.
  const after = await masteryOf(learner, mateoId, skill.id);
  expect(after!.evidenceCount).toBe((before?.evidenceCount ?? 0) + 2);
  expect(after!.probability).toBeGreaterThan(before?.probability ?? 0);

  // In Spanish.
  await learner.getByLabel("Language").selectOption("es");
  await learner.getByRole("button", { name: "Change language" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "Mis cursos" })).toBeVisible();
  const curso = learner.getByRole("region", { name: `${title} (es)` });
  await expect(curso).toContainText("Curso terminado: se cumple todo lo que pide.");
  await expect(curso).toContainText("Hecho · puntuación 90");
  await expectAccessible(learner);
  await learner.getByLabel("Idioma").selectOption("en");
  await learner.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(learner.getByRole("heading", { level: 1, name: "My courses" })).toBeVisible();
  await learner.context().close();
});

/**
 * The admin pages: a CASE framework and a OneRoster zip imported (both built here, never the shared
 * dataset), a roster with errors shown by file, row and column, then a school, term, class and
 * person created and the person enrolled — all with the keyboard, every page scanned by axe.
 * Both browser projects share one server, so every name carries a tag of its own.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { strToU8, zipSync } from "fflate";
import { DEMO, expectAccessible, signIn } from "./support.js";

/** A small CASE 1.0 package: a document and three items, the first preceding the second. */
function casePackage(title: string, itemCount = 3) {
  const base = "https://case.example.org";
  const doc = randomUUID();
  const when = "2026-01-15T00:00:00Z";
  const statements = [
    "Name fractions with unit fractions.",
    "Compare fractions with like denominators.",
    "Add fractions with like denominators.",
  ];
  const items = Array.from({ length: itemCount }, (_, i) => ({
    id: randomUUID(),
    code: `F.${i + 1}`,
    statement:
      statements[i] ?? `Fraction skill ${i + 1}: ${"explain and justify the reasoning. ".repeat(40)}`,
  }));
  const node = (kind: string, id: string, name: string) => ({
    title: name,
    identifier: id,
    uri: `${base}/${kind}/${id}`,
  });
  const association = (type: string, origin: object, destination: object) => {
    const id = randomUUID();
    return {
      identifier: id,
      uri: `${base}/CFAssociations/${id}`,
      associationType: type,
      originNodeURI: origin,
      destinationNodeURI: destination,
      lastChangeDateTime: when,
    };
  };
  return {
    CFDocument: {
      identifier: doc,
      uri: `${base}/CFDocuments/${doc}`,
      creator: "Example",
      title,
      lastChangeDateTime: when,
    },
    CFItems: items.map((i) => ({
      identifier: i.id,
      uri: `${base}/CFItems/${i.id}`,
      fullStatement: i.statement,
      humanCodingScheme: i.code,
      lastChangeDateTime: when,
    })),
    CFAssociations: [
      ...items.map((i) =>
        association("isChildOf", node("CFItems", i.id, i.code), node("CFDocuments", doc, title)),
      ),
      association("precedes", node("CFItems", items[0]!.id, "F.1"), node("CFItems", items[1]!.id, "F.2")),
    ],
  };
}

const HEADER = {
  orgs: "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
  academicSessions:
    "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
  courses:
    "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes",
  classes:
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
  users:
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns",
  roles:
    "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId",
  enrollments:
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate",
};

/** A OneRoster 1.2 zip: one school, one term, one class, a teacher and a student with a parent. */
function rosterZip(tag: string, schoolType = "school"): Buffer {
  const T = "2026-08-20T00:00:00.000Z";
  const files = [...Object.keys(HEADER)];
  const absent = [
    "demographics",
    "userProfiles",
    "categories",
    "classResources",
    "courseResources",
    "lineItems",
    "resources",
    "results",
    "scoreScales",
    "lineItemLearningObjectiveIds",
    "lineItemScoreScales",
    "resultLearningObjectiveIds",
    "resultScoreScales",
    "userResources",
  ];
  const csv: Record<string, string> = {
    "manifest.csv": [
      "propertyName,value",
      "manifest.version,1.0",
      "oneroster.version,1.2",
      ...files.map((f) => `file.${f},bulk`),
      ...absent.map((f) => `file.${f},absent`),
      `source.systemName,E2E ${tag}`,
      `source.systemCode,e2e-${tag}`,
    ].join("\n"),
    "orgs.csv": [
      HEADER.orgs,
      `D1,active,${T},District ${tag},district,,`,
      `S1,active,${T},Roster School ${tag},${schoolType},,D1`,
    ].join("\n"),
    "academicSessions.csv": [
      HEADER.academicSessions,
      `Y1,active,${T},2026-27,schoolYear,2026-08-24,2027-06-11,,2027`,
    ].join("\n"),
    "courses.csv": [HEADER.courses, `CO1,active,${T},Y1,Math 5,M5,05,S1,,`].join("\n"),
    "classes.csv": [HEADER.classes, `C1,active,${T},Roster Class ${tag},,CO1,,scheduled,,S1,Y1,,,`].join(
      "\n",
    ),
    "users.csv": [
      HEADER.users,
      `U1,active,${T},true,t${tag},,June,Lee,,,june.${tag}@roster.example,,,,,,,,,,S1,`,
      `U2,active,${T},true,s${tag},,Ana,Ruiz,,,ana.${tag}@roster.example,,,U3,05,,,,,,S1,`,
      `U3,active,${T},true,p${tag},,Marta,Ruiz,,,marta.${tag}@roster.example,,,,,,,,,,S1,`,
    ].join("\n"),
    "roles.csv": [
      HEADER.roles,
      `R1,active,${T},U1,primary,teacher,,,S1,`,
      `R2,active,${T},U2,primary,student,,,S1,`,
      `R3,active,${T},U3,primary,parent,,,S1,`,
    ].join("\n"),
    "enrollments.csv": [
      HEADER.enrollments,
      `E1,active,${T},C1,S1,U1,teacher,true,,`,
      `E2,active,${T},C1,S1,U2,student,,,`,
    ].join("\n"),
  };
  return Buffer.from(
    zipSync(Object.fromEntries(Object.entries(csv).map(([name, text]) => [`export/${name}`, strToU8(text)]))),
  );
}

/** Type into a field reached by focus, as a keyboard user would (select all, then type). */
async function typeInto(page: Page, field: Locator, text: string) {
  await field.focus();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type(text);
}

/** Choose an option of a focused select with the arrow keys alone. */
async function chooseWithKeys(page: Page, select: Locator, optionText: string | RegExp) {
  await select.focus();
  await page.keyboard.press("Home");
  const count = await select.locator("option").count();
  for (let i = 0; i < count; i++) {
    const chosen = (await select.locator("option:checked").textContent()) ?? "";
    if (typeof optionText === "string" ? chosen.trim() === optionText : optionText.test(chosen)) return;
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`No option ${String(optionText)}`);
}

/** Tab from a field to a button and press it. */
async function submitWith(page: Page, button: Locator) {
  for (let i = 0; i < 15 && !(await button.evaluate((el) => el === el.ownerDocument.activeElement)); i++)
    await page.keyboard.press("Tab");
  await expect(button).toBeFocused();
  await page.keyboard.press("Enter");
}

test("an admin imports a CASE framework and a OneRoster zip, and sees a broken roster's errors by file, row and column", async ({
  page,
}, info) => {
  const tag = `${info.project.name.replace(/\W/g, "")}${Date.now().toString(36)}`;
  const title = `Fractions ${tag}`;
  await signIn(page, DEMO.admin);
  await page.getByRole("link", { name: "Imports" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Imports" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);

  // The CASE package, from a file; the page says it is importing while the request runs.
  await page.route("**/admin/imports?/case", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await page.getByLabel("CASE package file (JSON)").setInputFiles({
    name: "fractions.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(casePackage(title))),
  });
  await page.getByLabel("CASE package file (JSON)").focus();
  await submitWith(page, page.getByRole("button", { name: "Import the framework" }));
  await expect(page.getByText("Importing the framework…")).toBeVisible();
  await expect(page.getByRole("button", { name: "Import the framework" })).toBeDisabled();
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: `The framework “${title}” (version 2026-01-15T00:00:00Z) was imported.` }),
  ).toBeVisible();
  await expect(page.getByText("Importing the framework…")).toBeHidden();
  const caseSummary = page.getByRole("region", { name: "CASE framework import" });
  await expect(caseSummary.getByRole("definition").first()).toHaveText("3");
  await expect(caseSummary.locator("dt", { hasText: "Prerequisites" }).locator("+ dd")).toHaveText("1");
  await expectAccessible(page);

  // A OneRoster zip built here.
  await page
    .getByLabel("OneRoster zip or CSV files")
    .setInputFiles({ name: "roster.zip", mimeType: "application/zip", buffer: rosterZip(tag) });
  await page.getByLabel("OneRoster zip or CSV files").focus();
  await submitWith(page, page.getByRole("button", { name: "Import the roster" }));
  await expect(
    page.getByRole("status").filter({ hasText: `The roster was imported (source: oneroster:e2e-${tag}).` }),
  ).toBeVisible();
  const summary = page.getByRole("table", { name: "What the roster import changed" });
  await expect(summary.getByRole("row", { name: /^Schools 1 0/ })).toBeVisible();
  await expect(summary.getByRole("row", { name: /^Classes 1 0/ })).toBeVisible();
  await expect(summary.getByRole("row", { name: /^People 3 0 0/ })).toBeVisible();
  await expect(summary.getByRole("row", { name: /^Enrollments — 2 0/ })).toBeVisible();
  await expect(summary.getByRole("row", { name: /^Family links — 1 0/ })).toBeVisible();
  await expectAccessible(page);

  // A roster whose school has a type OneRoster does not know: nothing imported, the place named.
  await page.getByLabel("OneRoster zip or CSV files").setInputFiles({
    name: "broken.zip",
    mimeType: "application/zip",
    buffer: rosterZip(`${tag}b`, "campus"),
  });
  await page.getByLabel("OneRoster zip or CSV files").focus();
  await submitWith(page, page.getByRole("button", { name: "Import the roster" }));
  await expect(page.getByRole("alert")).toContainText("The roster was not imported: nothing was changed.");
  await expect(page.getByRole("alert")).toBeFocused();
  const problems = page.getByRole("table", { name: /problem/ });
  await expect(problems.getByRole("row").nth(1)).toContainText(/orgs\.csv\s*3\s*type/);
  await expectAccessible(page);

  // The framework is listed with the version imported; the import is in the audit trail.
  await page.getByRole("link", { name: "Frameworks" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Frameworks" })).toBeVisible();
  const framework = page.getByRole("region", { name: title });
  await expect(framework).toContainText("Version 2026-01-15T00:00:00Z, imported");
  await expectAccessible(page);
  await page.getByRole("link", { name: "Audit trail" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
  await typeInto(page, page.getByLabel("Action", { exact: true }), "roster.import");
  await page.keyboard.press("Enter");
  await expect(
    page.getByRole("table", { name: "Changes of action roster.import, newest first" }),
  ).toContainText("Priya");
  await expectAccessible(page);
});

test("an admin creates a school, a term, a class and a learner, and enrolls the learner, with the keyboard; in Spanish too", async ({
  page,
}, info) => {
  const tag = `${info.project.name.replace(/\W/g, "")}${Date.now().toString(36)}`;
  await signIn(page, DEMO.admin);
  await page.getByRole("link", { name: "Schools, classes and people" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Schools, classes and people" })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expectAccessible(page);

  await typeInto(page, page.getByLabel("School name"), `Willow School ${tag}`);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("The school was created.");
  await expect(page.getByRole("status")).toBeFocused();

  await chooseWithKeys(page, page.getByLabel("School", { exact: true }), `Willow School ${tag}`);
  await typeInto(page, page.getByLabel("Term name"), `Fall ${tag}`);
  await page.getByLabel("Starts on").focus();
  await page.keyboard.type("09012026");
  await page.getByLabel("Ends on").focus();
  await page.keyboard.type("12182026");
  await submitWith(page, page.getByRole("button", { name: "Create the term" }));
  await expect(page.getByRole("status")).toContainText("The term was created.");

  await typeInto(page, page.getByLabel("Class name"), `Fractions lab ${tag}`);
  await chooseWithKeys(page, page.getByLabel("School and term"), `Fall ${tag}`);
  await chooseWithKeys(page, page.getByLabel("Grade", { exact: true }).first(), "Grade 05");
  await submitWith(page, page.getByRole("button", { name: "Create the class" }));
  await expect(page.getByRole("status")).toContainText("The class was created.");
  await expect(page.getByRole("row", { name: new RegExp(`Fractions lab ${tag}`) })).toContainText("0");

  // A mistake first: no role chosen. The problem is announced and focused; what was typed stays.
  await typeInto(page, page.getByLabel("First name"), "Noor");
  await typeInto(page, page.getByLabel("Family name"), `Haddad${tag}`);
  await typeInto(page, page.getByLabel("Email", { exact: true }), `noor.${tag}@cedargrove.example`);
  await submitWith(page, page.getByRole("button", { name: "Create the person" }));
  await expect(page.getByRole("alert")).toContainText("Choose at least one role.");
  await expect(page.getByRole("alert")).toBeFocused();
  await expect(page.getByLabel("Family name")).toHaveValue(`Haddad${tag}`);
  await page.getByRole("checkbox", { name: "Learner" }).focus();
  await page.keyboard.press("Space");
  await submitWith(page, page.getByRole("button", { name: "Create the person" }));
  await expect(page.getByRole("status")).toContainText("The person was created.");

  // Search finds the new person.
  await typeInto(page, page.getByLabel("Name or email"), `Haddad${tag}`);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("table", { name: "1 person found" })).toContainText(
    `noor.${tag}@cedargrove.example`,
  );

  await chooseWithKeys(page, page.getByLabel("Class", { exact: true }), new RegExp(`^Fractions lab ${tag} `));
  await chooseWithKeys(page, page.getByLabel("Person", { exact: true }), new RegExp(`^Noor Haddad${tag} `));
  await chooseWithKeys(page, page.getByLabel("Place in the class"), "Learner");
  await submitWith(page, page.getByRole("button", { name: "Enroll" }));
  await expect(page.getByRole("status")).toContainText("The person was enrolled in the class.");
  await expect(
    page
      .getByRole("row", { name: new RegExp(`Fractions lab ${tag}`) })
      .getByRole("cell")
      .last(),
  ).toHaveText("1");
  await expectAccessible(page);

  await page.getByLabel("Language", { exact: true }).selectOption("es");
  await page.getByRole("button", { name: "Change language" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Escuelas, clases y personas" })).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Idioma", { exact: true }).selectOption("en");
  await page.getByRole("button", { name: "Cambiar idioma" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Schools, classes and people" })).toBeVisible();
});

test("a CASE package larger than the web's default body limit (512 KB) is imported from the form", async ({
  page,
}, info) => {
  const tag = `${info.project.name.replace(/\W/g, "")}${Date.now().toString(36)}`;
  const title = `Large ${tag}`;
  const body = Buffer.from(JSON.stringify(casePackage(title, 600)));
  expect(body.byteLength).toBeGreaterThan(600 * 1024);
  await signIn(page, DEMO.admin);
  await page.goto("/admin/imports");
  await page.getByLabel("CASE package file (JSON)").setInputFiles({
    name: "large.json",
    mimeType: "application/json",
    buffer: body,
  });
  await page.getByLabel("CASE package file (JSON)").focus();
  await submitWith(page, page.getByRole("button", { name: "Import the framework" }));
  await expect(
    page
      .getByRole("status")
      .filter({ hasText: `The framework “${title}” (version 2026-01-15T00:00:00Z) was imported.` }),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    page.getByRole("region", { name: "CASE framework import" }).getByRole("definition").first(),
  ).toHaveText("600");
});

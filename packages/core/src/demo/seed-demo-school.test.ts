import { existsSync } from "node:fs";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.js";
import { listMyCompetencies } from "../frameworks/list-my-competencies.js";
import { resolveSession } from "../identity/resolve-session.js";
import { signIn } from "../identity/sign-in.js";
import { users } from "../identity/schema.js";
import { listMyChildren } from "../roster/list-my-children.js";
import { listMyClasses } from "../roster/list-my-classes.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { seedDemoSchoolIfEmpty, type DemoSeedResult } from "./seed-demo-school.js";
import { ItemBodyInput } from "../content/items.js";
import { listClassChoiceBoards } from "../content/choice-boards.js";
import { deliverItem } from "../content/items.js";
import { listResources } from "../content/resources.js";
import { buildLearnerChoiceBoard } from "../personalization/build-choice-board.js";
import { DEMO_CONTENT } from "./demo-content.js";

const frameworkFile = loadConfig({}).demoFrameworkFile;
let test: TestDatabase;
let seeded: DemoSeedResult | null;
const now = () => new Date("2026-09-01T08:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
  seeded = await seedDemoSchoolIfEmpty(test.handle.db, frameworkFile, now);
});
afterAll(async () => test.close());

async function signedInAs(role: string) {
  const email = seeded!.signIns.find((s) => s.role === role)!.email;
  const { token } = await signIn(
    { db: test.handle.db, now },
    { email, password: seeded!.password },
    { clientAddress: "127.0.0.1" },
  );
  const actor = await resolveSession({ db: test.handle.db, now }, token);
  return { db: test.handle.db, actor: actor!, now };
}

describe("the demo school", () => {
  it("has an admin, two teachers, forty learners and forty guardians, with the framework loaded", async () => {
    expect(existsSync(frameworkFile)).toBe(true);
    expect(seeded).not.toBeNull();
    expect(seeded!.learners).toBe(40);
    expect(seeded!.frameworkWarning).toBeNull();
    expect(seeded!.competencies).toBe(585);
    const [people] = await test.handle.db.select({ n: count() }).from(users);
    expect(Number(people!.n)).toBe(1 + 2 + 40 + 40);
    expect(seeded!.signIns.map((s) => s.role).sort()).toEqual(["admin", "guardian", "learner", "teacher"]);
  });

  it("is seeded only once", async () => {
    expect(await seedDemoSchoolIfEmpty(test.handle.db, frameworkFile, now)).toBeNull();
    const [people] = await test.handle.db.select({ n: count() }).from(users);
    expect(Number(people!.n)).toBe(83);
  });

  it("lets the demo teacher see their class of twenty learners", async () => {
    const classes = await listMyClasses(await signedInAs("teacher"));
    expect(classes).toHaveLength(1);
    expect(classes[0]!.name).toBe("Grade 5 Math · Room 12");
    expect(classes[0]!.learners).toHaveLength(20);
  });

  it("shows the demo learner the grade 5 competencies of the Smarter Balanced framework, and no other grade", async () => {
    const [entry] = await listMyCompetencies(await signedInAs("learner"));
    expect(entry!.framework?.title).toBe("Smarter Balanced Math Content Specification");
    const codes = entry!.competencies.map((c) => c.humanCodingScheme ?? "");
    expect(codes[0]).toBe("M.G5");
    expect(codes).toContain("M.G5.C1");
    expect(codes.every((code) => code === "" || code.startsWith("M.G5"))).toBe(true);
    expect(entry!.competencies.filter((c) => c.itemType === "Measured Skill").length).toBe(40);
  });

  it("shows the demo guardian their child", async () => {
    const children = await listMyChildren(await signedInAs("guardian"));
    const learner = seeded!.signIns.find((s) => s.role === "learner")!;
    expect(children.map((c) => `${c.givenName} ${c.familyName}`)).toEqual([learner.name]);
  });

  it("has hand-written content for the framework's competencies, keys that pass the authoring rules, and variants", async () => {
    expect(seeded!.content.resources).toBe(DEMO_CONTENT.reduce((n, c) => n + c.resources.length, 0));
    expect(seeded!.content.items).toBe(DEMO_CONTENT.reduce((n, c) => n + c.items.length, 0));
    expect(seeded!.content.variants).toBeGreaterThanOrEqual(DEMO_CONTENT.length);
    for (const entry of DEMO_CONTENT)
      for (const item of entry.items)
        expect(ItemBodyInput.safeParse(item.body).success, item.stem).toBe(true);
  });

  it("shows the demo learner a choice board built from that content, and their teacher's board", async () => {
    const learner = await signedInAs("learner");
    const resources = await listResources(learner, {});
    expect(resources.items.length).toBeGreaterThan(0);
    const board = await buildLearnerChoiceBoard(learner, learner.actor.userId);
    expect(board.options.length).toBeGreaterThan(0);
    const offered = board.options.map((o) => o.activityId);
    expect(offered.every((id) => id.startsWith("resource:") || id.startsWith("item:"))).toBe(true);
    const item = offered.find((id) => id.startsWith("item:"));
    expect(item).toBeDefined();
    expect(JSON.stringify(await deliverItem(learner, item!.slice(5)))).not.toContain("correct");
    const classes = await listMyClasses(await signedInAs("teacher"));
    const [teacherBoard] = await listClassChoiceBoards(learner, classes[0]!.id);
    expect(teacherBoard!.title).toBe("Adding fractions: choose your way in");
    expect(teacherBoard!.options.map((o) => o.kind).sort()).toEqual([
      "item",
      "item",
      "resource",
      "resource",
      "task",
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditEvents } from "../audit/schema.js";
import { setLocale } from "../identity/set-locale.js";
import { getAccommodations, setAccommodations } from "../learners/accommodations.js";
import { organizationModel } from "../personalization/learner-model.js";
import { AppError } from "../shared/errors.js";
import { actorOf, buildClass, buildOrganization, buildUser, enroll } from "../testing/factories.js";
import { createTestDatabase, type TestDatabase } from "../testing/test-database.js";
import { createPerson } from "./admin.js";
import {
  alertParametersOf,
  DEFAULT_ORGANIZATION_SETTINGS,
  getOrganizationSettings,
  updateOrganizationSettings,
  type OrganizationSettings,
} from "./organization-settings.js";

let test: TestDatabase;
const now = () => new Date("2026-10-01T09:00:00Z");

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => test.close());

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

async function school() {
  const db = test.handle.db;
  const place = await buildOrganization(db);
  const orgId = place.organization.id;
  const admin = await buildUser(db, orgId, ["admin"]);
  const teacher = await buildUser(db, orgId, ["teacher"]);
  const learner = await buildUser(db, orgId, ["learner"]);
  const klass = await buildClass(db, place);
  await enroll(db, klass, teacher.id, "teacher");
  await enroll(db, klass, learner.id, "learner");
  const ctx = (user: typeof admin, roles: ("admin" | "teacher" | "learner")[]) => ({
    db,
    actor: actorOf(user, roles),
    now,
  });
  return {
    db,
    orgId,
    learner,
    asAdmin: ctx(admin, ["admin"]),
    asTeacher: ctx(teacher, ["teacher"]),
    asLearner: ctx(learner, ["learner"]),
  };
}

const changed = (edit: (s: OrganizationSettings) => void): OrganizationSettings => {
  const settings = structuredClone(DEFAULT_ORGANIZATION_SETTINGS) as OrganizationSettings;
  edit(settings);
  return settings;
};

describe("organization settings", () => {
  it("are read and replaced by admins only, with If-Match, naming the field at fault, and audited", async () => {
    const s = await school();
    const first = await getOrganizationSettings(s.asAdmin);
    expect(first).toMatchObject({ ...DEFAULT_ORGANIZATION_SETTINGS, version: 0 });
    expect((await failure(getOrganizationSettings(s.asTeacher))).code).toBe("forbidden");
    expect((await failure(updateOrganizationSettings(s.asTeacher, first, 0))).code).toBe("forbidden");

    const bad = changed((x) => {
      x.mastery.approaching = 0.9;
      x.mastery.mastered = 0.8;
    });
    const invalid = await failure(updateOrganizationSettings(s.asAdmin, bad, 0));
    expect(invalid.code).toBe("validation_failed");
    expect(invalid.details).toContainEqual({
      path: "body.mastery.approaching",
      message: "Approaching must be below mastered.",
    });
    const noRole = await failure(
      updateOrganizationSettings(
        s.asAdmin,
        changed((x) => (x.accommodations.setBy = [])),
        0,
      ),
    );
    expect(noRole.details[0]?.path).toBe("body.accommodations.setBy");

    const saved = await updateOrganizationSettings(
      s.asAdmin,
      changed((x) => {
        x.alerts.inactiveDays = 14;
        x.languages = ["es", "en"];
      }),
      0,
    );
    expect(saved.version).toBe(1);
    expect((await getOrganizationSettings(s.asAdmin)).languages).toEqual(["es", "en"]);
    expect(await alertParametersOf(s.db, s.orgId)).toMatchObject({ inactiveDays: 14, stuckAttempts: 5 });

    // Someone saving from the version before is told, and nothing changes.
    const stale = await failure(updateOrganizationSettings(s.asAdmin, DEFAULT_ORGANIZATION_SETTINGS, 0));
    expect(stale.code).toBe("precondition_failed");
    expect(
      (await failure(updateOrganizationSettings(s.asAdmin, DEFAULT_ORGANIZATION_SETTINGS, undefined))).code,
    ).toBe("precondition_required");
    expect((await getOrganizationSettings(s.asAdmin)).alerts.inactiveDays).toBe(14);

    const events = await s.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.organizationId, s.orgId), eq(auditEvents.action, "organization.settings.update")),
      );
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ version: 1, changed: ["alerts", "languages"] });
  });

  it("set the thresholds the learner model reads mastery with", async () => {
    const s = await school();
    const competencyId = "11111111-1111-4111-8111-111111111111";
    const state = { skills: { [competencyId]: { pKnown: 0.8, attempts: 2, masteredBefore: false } } };
    const before = (await organizationModel(s.db, s.orgId, now())).forCompetencies([competencyId]);
    expect(before.masteryOf(state, competencyId).status).toBe("not-enough-data");

    await updateOrganizationSettings(
      s.asAdmin,
      changed((x) => (x.mastery = { minEvidence: 2, approaching: 0.5, mastered: 0.75 })),
      0,
    );
    const after = (await organizationModel(s.db, s.orgId, now())).forCompetencies([competencyId]);
    expect(after.masteryOf(state, competencyId).status).toBe("mastered");
  });

  it("give new learners the default accommodations and decide which roles may set them", async () => {
    const s = await school();
    await updateOrganizationSettings(
      s.asAdmin,
      changed((x) => {
        x.accommodations.defaults.readAloud = true;
        x.accommodations.defaults.extendedTimeFactor = 1.5;
        x.accommodations.setBy = ["admin"];
      }),
      0,
    );
    const newcomer = await createPerson(s.asAdmin, {
      email: "newcomer@example.test",
      givenName: "Nia",
      familyName: "New",
      roles: ["learner"],
    });
    expect(await getAccommodations(s.asAdmin, newcomer.id)).toMatchObject({
      readAloud: true,
      extendedTimeFactor: 1.5,
      largeText: false,
      version: 1,
    });
    // A teacher of the learner may not set them here; an admin may.
    expect((await failure(setAccommodations(s.asTeacher, s.learner.id, { largeText: true }, 0))).code).toBe(
      "forbidden",
    );
    expect((await setAccommodations(s.asAdmin, s.learner.id, { largeText: true }, 0)).largeText).toBe(true);
  });

  it("limit the languages people may choose", async () => {
    const s = await school();
    await updateOrganizationSettings(
      s.asAdmin,
      changed((x) => (x.languages = ["en"])),
      0,
    );
    const refused = await failure(setLocale(s.asLearner, { locale: "es" }));
    expect(refused.details).toEqual([{ path: "body.locale", message: "Your organization offers en." }]);
    expect(await setLocale(s.asLearner, { locale: "en" })).toEqual({ locale: "en" });
  });
});

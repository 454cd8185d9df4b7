/** Roster tables: schools, terms, classes, enrollments, guardianships. Every row carries its organization. */
import { date, index, pgEnum, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../identity/schema.js";
import { frameworks } from "../frameworks/schema.js";

export const schools = pgTable("schools", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  name: text("name").notNull(),
});

export const terms = pgTable("terms", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  schoolId: uuid("school_id")
    .notNull()
    .references(() => schools.id),
  name: text("name").notNull(),
  startsOn: date("starts_on").notNull(),
  endsOn: date("ends_on").notNull(),
});

export const classes = pgTable(
  "classes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    termId: uuid("term_id")
      .notNull()
      .references(() => terms.id),
    name: text("name").notNull(),
    /** Grade level the class serves ("05"), matched against competencies' education levels. */
    grade: text("grade"),
    frameworkId: uuid("framework_id").references(() => frameworks.id),
  },
  (t) => [index("classes_organization_idx").on(t.organizationId)],
);

export const enrollmentRoleEnum = pgEnum("enrollment_role", ["learner", "teacher", "co-teacher"]);
export type EnrollmentRole = (typeof enrollmentRoleEnum.enumValues)[number];

export const enrollments = pgTable(
  "enrollments",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: enrollmentRoleEnum("role").notNull(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.userId] }), index("enrollments_user_idx").on(t.userId)],
);

export const guardianships = pgTable(
  "guardianships",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    guardianId: uuid("guardian_id")
      .notNull()
      .references(() => users.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    /** A code the interface translates: mother, father, grandmother, grandfather, aunt, uncle, legal_guardian, other. */
    relationship: text("relationship").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.guardianId, t.learnerId] }),
    index("guardianships_learner_idx").on(t.learnerId),
  ],
);

export const externalIdKindEnum = pgEnum("external_id_kind", ["school", "term", "class", "user"]);

/**
 * Which of our rows a roster system's record became (OneRoster `sourcedId`s), per source system, so a
 * second import of the same roster updates rather than duplicates.
 */
export const externalIds = pgTable(
  "external_ids",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** e.g. "oneroster:DataGen" — the manifest's source system code. */
    system: text("system").notNull(),
    kind: externalIdKindEnum("kind").notNull(),
    externalId: text("external_id").notNull(),
    internalId: uuid("internal_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.system, t.kind, t.externalId] }),
    index("external_ids_internal_idx").on(t.internalId),
  ],
);

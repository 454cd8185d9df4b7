/**
 * cmi5 courses and their launch: each imported package is a version of a course (the course is
 * known by its publisher id, so a re-import is a new version of the same course); the course's
 * blocks and AUs keep their rows — and so their LMS-generated activity ids, learners' progress and
 * competency mappings — from version to version. Files of a packaged course are served by Pathwise.
 * A learner's registration in a course holds their progress per AU; each launch is a session with a
 * one-time fetch URL and, once fetched, LRS credentials that live as long as the session.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { Cmi5CourseStructure, Cmi5LangStrings } from "@pathwise/standards";
import { organizations, users } from "../identity/schema.js";
import { classes } from "../roster/schema.js";
import { bytea } from "../xapi/schema.js";

export const cmi5PackageSourceEnum = pgEnum("cmi5_package_source", ["zip", "xml"]);
export const cmi5MoveOnEnum = pgEnum("cmi5_move_on", [
  "NotApplicable",
  "Passed",
  "Completed",
  "CompletedAndPassed",
  "CompletedOrPassed",
]);
export const cmi5LaunchMethodEnum = pgEnum("cmi5_launch_method", ["AnyWindow", "OwnWindow"]);
export const cmi5LaunchModeEnum = pgEnum("cmi5_launch_mode", ["Normal", "Browse", "Review"]);
export const cmi5SessionEndEnum = pgEnum("cmi5_session_end", ["terminated", "abandoned"]);

export const cmi5Courses = pgTable(
  "cmi5_courses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The course id from cmi5.xml. */
    publisherId: text("publisher_id").notNull(),
    title: jsonb("title").$type<Cmi5LangStrings>().notNull(),
    description: jsonb("description").$type<Cmi5LangStrings>().notNull(),
    /** The course structure of the current version, as parsed. */
    structure: jsonb("structure").$type<Cmi5CourseStructure>().notNull(),
    currentVersion: integer("current_version").notNull(),
    /** The package of the current version (its files are what launches serve). */
    currentPackageId: uuid("current_package_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("cmi5_courses_publisher_unique").on(t.organizationId, t.publisherId)],
);

/** One row per import: the versions of a course. */
export const cmi5Packages = pgTable(
  "cmi5_packages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    courseId: uuid("course_id")
      .notNull()
      .references(() => cmi5Courses.id),
    version: integer("version").notNull(),
    source: cmi5PackageSourceEnum("source").notNull(),
    filename: text("filename").notNull(),
    byteSize: integer("byte_size").notNull(),
    fileCount: integer("file_count").notNull(),
    importedBy: uuid("imported_by").references(() => users.id),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("cmi5_packages_version_unique").on(t.courseId, t.version)],
);

/** The files of a ZIP package, served at /cmi5/content/<packageId>/<path>. */
export const cmi5PackageFiles = pgTable(
  "cmi5_package_files",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    packageId: uuid("package_id")
      .notNull()
      .references(() => cmi5Packages.id),
    path: text("path").notNull(),
    contentType: text("content_type").notNull(),
    content: bytea("content").notNull(),
  },
  (t) => [primaryKey({ columns: [t.packageId, t.path] })],
);

export const cmi5Blocks = pgTable(
  "cmi5_blocks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    courseId: uuid("course_id")
      .notNull()
      .references(() => cmi5Courses.id),
    publisherId: text("publisher_id").notNull(),
    title: jsonb("title").$type<Cmi5LangStrings>().notNull(),
    /** Position among the course's blocks in document order (0-based). */
    position: integer("position").notNull(),
    /** Set when a newer version of the course no longer has this block. */
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("cmi5_blocks_publisher_unique").on(t.courseId, t.publisherId)],
);

export const cmi5Aus = pgTable(
  "cmi5_aus",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    courseId: uuid("course_id")
      .notNull()
      .references(() => cmi5Courses.id),
    publisherId: text("publisher_id").notNull(),
    /** The block that holds the AU in the current version, null at the course's top level. */
    blockId: uuid("block_id").references(() => cmi5Blocks.id),
    /** Position among the course's AUs in document order (0-based). */
    position: integer("position").notNull(),
    title: jsonb("title").$type<Cmi5LangStrings>().notNull(),
    description: jsonb("description").$type<Cmi5LangStrings>().notNull(),
    /** The url from cmi5.xml: absolute, or relative to the package root. */
    url: text("url").notNull(),
    launchMethod: cmi5LaunchMethodEnum("launch_method").notNull(),
    moveOn: cmi5MoveOnEnum("move_on").notNull(),
    masteryScore: doublePrecision("mastery_score"),
    launchParameters: text("launch_parameters"),
    entitlementKey: text("entitlement_key"),
    activityType: text("activity_type"),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("cmi5_aus_publisher_unique").on(t.courseId, t.publisherId)],
);

/** Which classes a course is offered to: their learners see it and may launch its AUs. */
export const cmi5Offerings = pgTable(
  "cmi5_offerings",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    courseId: uuid("course_id")
      .notNull()
      .references(() => cmi5Courses.id),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    offeredBy: uuid("offered_by").references(() => users.id),
    offeredAt: timestamp("offered_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.classId] }), index("cmi5_offerings_class_idx").on(t.classId)],
);

/** A learner's enrolment in a course in the cmi5 sense; its id is the xAPI registration. */
export const cmi5Registrations = pgTable(
  "cmi5_registrations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    courseId: uuid("course_id")
      .notNull()
      .references(() => cmi5Courses.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    /** When the LMS recorded the course "satisfied" (§9.3.9). */
    satisfiedAt: timestamp("satisfied_at", { withTimezone: true }),
    /** Blocks the LMS has recorded "satisfied" for, so each is recorded once. */
    satisfiedBlockIds: uuid("satisfied_block_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [uniqueIndex("cmi5_registrations_learner_unique").on(t.courseId, t.learnerId)],
);

/** What a registration holds for one AU (from the AU's statements and the LMS's waivers). */
export const cmi5AuProgress = pgTable(
  "cmi5_au_progress",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => cmi5Registrations.id),
    auId: uuid("au_id")
      .notNull()
      .references(() => cmi5Aus.id),
    firstLaunchedAt: timestamp("first_launched_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    passedAt: timestamp("passed_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    /** The best scaled score of a passed or failed statement. */
    scoreScaled: doublePrecision("score_scaled"),
    waivedAt: timestamp("waived_at", { withTimezone: true }),
    waivedReason: text("waived_reason"),
    /** When the AU's moveOn criteria were first met (or it was waived). */
    satisfiedAt: timestamp("satisfied_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.registrationId, t.auId] })],
);

/** One launch of one AU: its fetch URL, its LRS credentials and the cmi5 session rules' state. */
export const cmi5Sessions = pgTable(
  "cmi5_sessions",
  {
    /** The cmi5 session id (context extension `sessionid`). */
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    registrationId: uuid("registration_id")
      .notNull()
      .references(() => cmi5Registrations.id),
    auId: uuid("au_id")
      .notNull()
      .references(() => cmi5Aus.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    launchMode: cmi5LaunchModeEnum("launch_mode").notNull(),
    /** moveOn and masteryScore as LMS.LaunchData gave them at launch. */
    moveOn: cmi5MoveOnEnum("move_on").notNull(),
    masteryScore: doublePrecision("mastery_score"),
    /** SHA-256 of the secret part of the fetch URL. */
    fetchSecretHash: text("fetch_secret_hash").notNull(),
    /** SHA-256 of the LRS credentials' secret, set when the fetch URL is used. */
    tokenSecretHash: text("token_secret_hash"),
    tokenIssuedAt: timestamp("token_issued_at", { withTimezone: true }),
    launchedAt: timestamp("launched_at", { withTimezone: true }).notNull(),
    /** The last statement the AU sent (or the launch): an abandoned session's duration ends here. */
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull(),
    /** When the AU asked for its learner preferences, which it must do before any statement (§11). */
    preferencesRequestedAt: timestamp("preferences_requested_at", { withTimezone: true }),
    initialized: boolean("initialized").notNull().default(false),
    /** cmi5 defined verbs the AU has sent in this session, in order. */
    definedVerbs: text("defined_verbs")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    ended: cmi5SessionEndEnum("ended"),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("cmi5_sessions_registration_idx").on(t.registrationId, t.auId)],
);

/**
 * Personalization: fitted learner models, each learner's model state and per-competency mastery,
 * the decision ledger (append-only) with contests, and placement (diagnosis) sessions.
 */
import {
  bigint,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { competencies, frameworks } from "../frameworks/schema.js";
import { organizations, users } from "../identity/schema.js";
import { classes } from "../roster/schema.js";

/** A fitted learner model (parameters as the engine serializes them). One is active per organization. */
export const learnerModels = pgTable("learner_models", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  name: text("name").notNull(),
  engineVersion: text("engine_version").notNull(),
  parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull(),
  fittedAt: timestamp("fitted_at", { withTimezone: true }).notNull(),
  activatedAt: timestamp("activated_at", { withTimezone: true }),
});

/** One learner's state under one model: plain JSON from the engine, updated with each piece of evidence. */
export const learnerStates = pgTable(
  "learner_states",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    modelId: uuid("model_id")
      .notNull()
      .references(() => learnerModels.id),
    state: jsonb("state").$type<unknown>().notNull(),
    evidenceCount: integer("evidence_count").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.modelId] })],
);

export const masteryStatusEnum = pgEnum("mastery_status", [
  "not-started",
  "not-enough-data",
  "developing",
  "approaching",
  "mastered",
  "needs-review",
]);

/** The latest mastery report per learner and competency, kept for dashboards (class matrix). */
export const competencyMastery = pgTable(
  "competency_mastery",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    competencyId: uuid("competency_id")
      .notNull()
      .references(() => competencies.id),
    probability: real("probability").notNull(),
    lower: real("lower").notNull(),
    upper: real("upper").notNull(),
    evidenceCount: real("evidence_count").notNull(),
    status: masteryStatusEnum("status").notNull(),
    masteredAt: timestamp("mastered_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.learnerId, t.competencyId] }),
    index("competency_mastery_competency_idx").on(t.competencyId),
  ],
);

export const decisionActorEnum = pgEnum("decision_actor", ["learner", "teacher", "engine"]);

/** The personalization ledger: what, how, who, based on what — append-only. */
export const decisions = pgTable(
  "decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id").references(() => users.id),
    classId: uuid("class_id").references(() => classes.id),
    competencyId: uuid("competency_id").references(() => competencies.id),
    what: text("what").notNull(),
    how: text("how").array().notNull(),
    actorKind: decisionActorEnum("actor_kind").notNull(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    model: text("model"),
    modelVersion: text("model_version"),
    basedOn: jsonb("based_on").$type<unknown[]>().notNull(),
    reasonMessageId: text("reason_message_id").notNull(),
    reasonValues: jsonb("reason_values").$type<Record<string, string | number>>().notNull(),
    /** What was decided (the board option, the plan order, the group…), as the engine or person gave it. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    /** A teacher override names the decision it supersedes, with its reason in `reasonValues`. */
    supersedesId: uuid("supersedes_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("decisions_learner_idx").on(t.learnerId, t.createdAt),
    index("decisions_class_idx").on(t.classId, t.createdAt),
    index("decisions_competency_idx").on(t.competencyId, t.createdAt),
  ],
);

export const contestStatusEnum = pgEnum("contest_status", ["open", "upheld", "changed"]);

/** A learner's "not this — because…" on a decision; a teacher resolves it. */
export const decisionContests = pgTable(
  "decision_contests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    decisionId: uuid("decision_id")
      .notNull()
      .references(() => decisions.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    reason: text("reason").notNull(),
    status: contestStatusEnum("status").notNull().default("open"),
    resolvedBy: uuid("resolved_by").references(() => users.id),
    resolution: text("resolution"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    index("decision_contests_decision_idx").on(t.decisionId),
    index("decision_contests_learner_idx").on(t.learnerId, t.status),
  ],
);

export const diagnosisStatusEnum = pgEnum("diagnosis_status", ["in_progress", "finished", "abandoned"]);

export const diagnosisSessions = pgTable(
  "diagnosis_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    frameworkId: uuid("framework_id")
      .notNull()
      .references(() => frameworks.id),
    status: diagnosisStatusEnum("status").notNull().default("in_progress"),
    /** The engine's placement state (beliefs, questions asked). */
    state: jsonb("state").$type<unknown>().notNull(),
    questionsAsked: integer("questions_asked").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("diagnosis_sessions_learner_idx").on(t.learnerId, t.startedAt)],
);

/** A small-group session a teacher created from a suggested group. */
export const groupSessions = pgTable(
  "group_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    competencyId: uuid("competency_id").references(() => competencies.id),
    title: text("title").notNull(),
    learnerIds: uuid("learner_ids").array().notNull(),
    activity: jsonb("activity").$type<Record<string, unknown>>().notNull().default({}),
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    decisionId: uuid("decision_id").references(() => decisions.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("group_sessions_class_idx").on(t.classId, t.createdAt)],
);

/**
 * A counter per organization, raised by database triggers whenever its content or frameworks change
 * (resources, items, their competency links, competencies, prerequisite edges): the engine's
 * activity catalogue, kept in memory between requests, is current while this number is unchanged.
 * The triggers are in the custom migration `catalogue_version_triggers`.
 */
export const catalogueVersions = pgTable("catalogue_versions", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id, { onDelete: "cascade" }),
  version: bigint("version", { mode: "number" }).notNull().default(0),
});

/**
 * Evidence of learning, append-only: auto-scored attempts, rubric scores, teacher observations,
 * self-assessments, portfolio artifacts, activity (xAPI) results. Each row has an idempotency key,
 * unique per organization, so a retry never counts twice.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { competencies } from "../frameworks/schema.js";
import { organizations, users } from "../identity/schema.js";

export const evidenceKindEnum = pgEnum("evidence_kind", [
  "attempt",
  "rubric_score",
  "observation",
  "self_assessment",
  "artifact",
  "activity",
  "diagnosis",
]);
export const evidenceSourceEnum = pgEnum("evidence_source", [
  "web",
  "api",
  "paper",
  "offline",
  "xapi",
  "import",
]);

export const evidence = pgTable(
  "evidence",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    kind: evidenceKindEnum("kind").notNull(),
    /** Every competency this evidence speaks to (an item may exercise several). */
    competencyIds: uuid("competency_ids").array().notNull(),
    itemId: uuid("item_id"),
    variantId: uuid("variant_id"),
    taskId: uuid("task_id"),
    /** What the learner answered or did, as submitted. */
    response: jsonb("response").$type<unknown>(),
    /** Right or wrong, for auto-scored attempts. */
    correct: boolean("correct"),
    /** A score in 0..1 (rubric level, observation rating, xAPI scaled score…). */
    score: real("score"),
    /** Seconds the learner spent, when known (rapid-guessing alerts use it). */
    durationSeconds: real("duration_seconds"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    source: evidenceSourceEnum("source").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    uniqueIndex("evidence_idempotency_unique").on(t.organizationId, t.idempotencyKey),
    index("evidence_learner_idx").on(t.learnerId, t.occurredAt),
    index("evidence_competencies_idx").using("gin", t.competencyIds),
    index("evidence_org_recorded_idx").on(t.organizationId, t.recordedAt),
  ],
);

/** Work a learner keeps in their portfolio; they choose what guardians may see. */
export const portfolioArtifacts = pgTable(
  "portfolio_artifacts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    url: text("url"),
    text: text("text"),
    competencyIds: uuid("competency_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    visibleToGuardians: boolean("visible_to_guardians").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("portfolio_artifacts_learner_idx").on(t.learnerId)],
);

export const claimStatusEnum = pgEnum("claim_status", ["pending", "verified", "needs_more"]);

/** "Defend my learning": a learner claims a competency with evidence; a teacher verifies or asks for more. */
export const learningClaims = pgTable(
  "learning_claims",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    competencyId: uuid("competency_id")
      .notNull()
      .references(() => competencies.id),
    statement: text("statement").notNull(),
    artifactIds: uuid("artifact_ids").array().notNull(),
    status: claimStatusEnum("status").notNull().default("pending"),
    teacherResponse: text("teacher_response"),
    resolvedBy: uuid("resolved_by").references(() => users.id),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("learning_claims_learner_idx").on(t.learnerId, t.status)],
);

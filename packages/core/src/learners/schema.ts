/**
 * What belongs to the learner: their profile (owned by them), accommodations (set by staff),
 * goals with check-ins, and the learning plan with its co-design history.
 */
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { organizations, users } from "../identity/schema.js";

export const learnerProfiles = pgTable("learner_profiles", {
  learnerId: uuid("learner_id")
    .primaryKey()
    .references(() => users.id),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  strengths: text("strengths").array().notNull().default([]),
  interests: text("interests").array().notNull().default([]),
  needs: text("needs").array().notNull().default([]),
  howILearnBest: text("how_i_learn_best").notNull().default(""),
  /** BCP 47 tags, most comfortable first. */
  languages: text("languages").array().notNull().default([]),
  /** Which profile fields the learner lets guardians see. */
  sharedWithGuardians: text("shared_with_guardians").array().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});

export const accommodations = pgTable("accommodations", {
  learnerId: uuid("learner_id")
    .primaryKey()
    .references(() => users.id),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  /** Time multiplier for timed work (1.5 = 50% more time); null = no timer at all. */
  extendedTimeFactor: real("extended_time_factor").default(1),
  readAloud: boolean("read_aloud").notNull().default(false),
  reducedChoices: boolean("reduced_choices").notNull().default(false),
  largeText: boolean("large_text").notNull().default(false),
  highContrast: boolean("high_contrast").notNull().default(false),
  dyslexiaFont: boolean("dyslexia_font").notNull().default(false),
  breaks: boolean("breaks").notNull().default(false),
  notes: text("notes").notNull().default(""),
  setBy: uuid("set_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});

export const goalStatusEnum = pgEnum("goal_status", ["active", "achieved", "dropped"]);

export const goals = pgTable(
  "goals",
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
    competencyIds: uuid("competency_ids").array().notNull().default([]),
    targetDate: date("target_date"),
    authoredBy: uuid("authored_by")
      .notNull()
      .references(() => users.id),
    status: goalStatusEnum("status").notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("goals_learner_idx").on(t.learnerId, t.status)],
);

export const goalCheckIns = pgTable(
  "goal_check_ins",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    note: text("note").notNull(),
    /** How far along the learner feels, 0..100. */
    progress: integer("progress"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("goal_check_ins_goal_idx").on(t.goalId, t.createdAt)],
);

/** One entry of a plan, as stored: the engine's order plus the people's pins and skips. */
/** The learner model and the learner's state under it that a plan was computed on. */
export interface PlanBasis {
  modelId: string | null;
  /** Evidence the state has taken in. */
  evidenceCount: number;
  /** When the state last changed (evidence, a placement), ISO; null before the learner's first evidence. */
  stateUpdatedAt: string | null;
}

export interface PlanEntry {
  competencyId: string;
  pinned?: { by: string; reason: string };
  skipped?: { by: string; reason: string };
  /** The week (ISO date of its Monday) the learner committed this entry to, if any. */
  committedWeek?: string;
  /** What the planner made of it (absent on skipped entries): place, time, why, and its ledger entry. */
  position?: number;
  minutes?: number;
  source?: "committed" | "pinned" | "goal" | "prerequisite";
  expectedStart?: string;
  expectedDone?: string;
  decisionId?: string;
}

export const planStatusEnum = pgEnum("plan_status", ["draft", "active", "archived"]);

export const learningPlans = pgTable(
  "learning_plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    title: text("title").notNull(),
    status: planStatusEnum("status").notNull().default("draft"),
    targetDate: date("target_date"),
    weeklyMinutes: integer("weekly_minutes").notNull(),
    goalCompetencyIds: uuid("goal_competency_ids").array().notNull(),
    entries: jsonb("entries").$type<PlanEntry[]>().notNull().default([]),
    /**
     * What the entries were computed on: the organization's learner model and the learner's state
     * under it. When the learner's state has moved on, the plan is re-planned the next time it is read.
     */
    basis: jsonb("basis").$type<PlanBasis>(),
    approvedBy: uuid("approved_by").references(() => users.id),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("learning_plans_learner_idx").on(t.learnerId, t.status)],
);

export const proposalStatusEnum = pgEnum("proposal_status", ["pending", "approved", "declined", "withdrawn"]);

/** A change to a plan proposed by the learner or a teacher; the other side approves or declines. */
export const planProposals = pgTable(
  "plan_proposals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    planId: uuid("plan_id")
      .notNull()
      .references(() => learningPlans.id),
    proposedBy: uuid("proposed_by")
      .notNull()
      .references(() => users.id),
    summary: text("summary").notNull(),
    /** The plan fields as proposed (entries, target date, weekly minutes…). */
    changes: jsonb("changes").$type<Record<string, unknown>>().notNull(),
    status: proposalStatusEnum("status").notNull().default("pending"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("plan_proposals_plan_idx").on(t.planId, t.status)],
);

export const planComments = pgTable(
  "plan_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    planId: uuid("plan_id")
      .notNull()
      .references(() => learningPlans.id),
    proposalId: uuid("proposal_id").references(() => planProposals.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("plan_comments_plan_idx").on(t.planId, t.createdAt)],
);

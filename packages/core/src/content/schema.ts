/**
 * Content: resources, items (with interest-context variants), rubrics, tasks scored by rubric, and
 * teacher-authored choice boards. Editable rows carry a `version` for ETag / If-Match.
 */
import {
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { competencies } from "../frameworks/schema.js";
import { organizations, users } from "../identity/schema.js";
import { classes, schools } from "../roster/schema.js";

export const levelEnum = pgEnum("content_level", ["below", "at", "above"]);
export const modalityEnum = pgEnum("modality", [
  "video",
  "reading",
  "interactive",
  "practice",
  "project",
  "discussion",
  "audio",
  "game",
  "hands-on",
]);
export const resourceKindEnum = pgEnum("resource_kind", ["link", "file", "text"]);

export const resources = pgTable(
  "resources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    title: text("title").notNull(),
    kind: resourceKindEnum("kind").notNull(),
    url: text("url"),
    body: text("body"),
    /** For uploaded files: where the bytes are kept (see the operator's guide). */
    fileKey: text("file_key"),
    level: levelEnum("level").notNull().default("at"),
    modality: modalityEnum("modality").notNull(),
    interests: text("interests").array().notNull().default([]),
    language: text("language").notNull().default("en"),
    expectedMinutes: integer("expected_minutes").notNull(),
    accessibilityFeatures: text("accessibility_features").array().notNull().default([]),
    license: text("license"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Archived resources stay for the evidence and decisions that cite them, but are offered to nobody. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
  },
  (t) => [index("resources_organization_idx").on(t.organizationId)],
);

export const resourceCompetencies = pgTable(
  "resource_competencies",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id),
    competencyId: uuid("competency_id")
      .notNull()
      .references(() => competencies.id),
  },
  (t) => [
    primaryKey({ columns: [t.resourceId, t.competencyId] }),
    index("resource_competencies_competency_idx").on(t.competencyId),
  ],
);

export const itemKindEnum = pgEnum("item_kind", [
  "single_choice",
  "multiple_choice",
  "numeric",
  "short_text",
  "ordering",
]);

/**
 * The answer key and choices of an item, by kind: choices with the correct ids, a numeric answer
 * with its tolerance, the correct order, or (short text) a model answer a teacher scores against.
 */
export type ItemBody =
  | { kind: "single_choice"; choices: { id: string; text: string }[]; correct: string }
  | { kind: "multiple_choice"; choices: { id: string; text: string }[]; correct: string[] }
  | { kind: "numeric"; answer: number; tolerance: number; unit?: string }
  | { kind: "short_text"; modelAnswer: string }
  | { kind: "ordering"; entries: { id: string; text: string }[]; correctOrder: string[] };

export const items = pgTable(
  "items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: itemKindEnum("kind").notNull(),
    stem: text("stem").notNull(),
    body: jsonb("body").$type<ItemBody>().notNull(),
    /** Probability of a correct guess (e.g. 0.25 for four choices), used by diagnosis. */
    guessRate: real("guess_rate").notNull().default(0),
    level: levelEnum("level").notNull().default("at"),
    language: text("language").notNull().default("en"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    /** The ETag counter: bumped by every edit. */
    version: integer("version").notNull().default(1),
    /**
     * The content revision learners answered. An edit of an item nobody has answered yet changes it
     * in place; an edit after answers keeps the old revision in `content_revisions` and bumps this.
     */
    revision: integer("revision").notNull().default(1),
  },
  (t) => [index("items_organization_idx").on(t.organizationId)],
);

export const itemCompetencies = pgTable(
  "item_competencies",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    itemId: uuid("item_id")
      .notNull()
      .references(() => items.id),
    competencyId: uuid("competency_id")
      .notNull()
      .references(() => competencies.id),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.competencyId] }),
    index("item_competencies_competency_idx").on(t.competencyId),
  ],
);

/** The same item in another interest context (sports, music, cooking…): same key, new wording. */
export const itemVariants = pgTable(
  "item_variants",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    itemId: uuid("item_id")
      .notNull()
      .references(() => items.id),
    interest: text("interest").notNull(),
    stem: text("stem").notNull(),
    /** Choice or entry texts re-worded for the context, by id; the answer key never changes. */
    texts: jsonb("texts").$type<Record<string, string>>().notNull().default({}),
    language: text("language").notNull().default("en"),
    version: integer("version").notNull().default(1),
    /** A variant removed by an edit; kept for the answers and submissions that cite it. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [index("item_variants_item_idx").on(t.itemId)],
);

export interface RubricCriterion {
  id: string;
  title: string;
  competencyId: string;
  levels: { score: number; label: string; description: string }[];
}

export const rubrics = pgTable("rubrics", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  title: text("title").notNull(),
  criteria: jsonb("criteria").$type<RubricCriterion[]>().notNull(),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** The ETag counter: bumped by every edit. */
  version: integer("version").notNull().default(1),
  /** The content revision work is scored with; bumped by an edit once work was submitted against it. */
  revision: integer("revision").notNull().default(1),
});

/** A project or performance task, scored with a rubric. */
export const tasks = pgTable("tasks", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  title: text("title").notNull(),
  description: text("description").notNull(),
  rubricId: uuid("rubric_id")
    .notNull()
    .references(() => rubrics.id),
  expectedMinutes: integer("expected_minutes").notNull(),
  modality: modalityEnum("modality").notNull().default("project"),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});

export const choiceBoardOptionKindEnum = pgEnum("choice_board_option_kind", ["resource", "item", "task"]);

/** A teacher's menu of options for a unit; learners pick. */
export const choiceBoards = pgTable("choice_boards", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  classId: uuid("class_id").references(() => classes.id),
  title: text("title").notNull(),
  instructions: text("instructions").notNull().default(""),
  /** How many options a learner is asked to complete. */
  picksRequired: integer("picks_required").notNull().default(1),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  version: integer("version").notNull().default(1),
});

export const choiceBoardOptions = pgTable(
  "choice_board_options",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    boardId: uuid("board_id")
      .notNull()
      .references(() => choiceBoards.id),
    position: integer("position").notNull(),
    kind: choiceBoardOptionKindEnum("kind").notNull(),
    refId: uuid("ref_id").notNull(),
    note: text("note").notNull().default(""),
  },
  (t) => [index("choice_board_options_board_idx").on(t.boardId, t.position)],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * The bytes of an uploaded resource file, kept in the database (so backups, replicas and every
 * server process have them with nothing else to configure). `resources.file_key` names the row.
 */
export const resourceFiles = pgTable("resource_files", {
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: uuid("organization_id")
    .notNull()
    .references(() => organizations.id),
  resourceId: uuid("resource_id")
    .notNull()
    .references(() => resources.id),
  fileName: text("file_name").notNull(),
  contentType: text("content_type").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  bytes: bytea("bytes").notNull(),
  uploadedBy: uuid("uploaded_by").references(() => users.id),
  uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
});

export const submissionKindEnum = pgEnum("submission_kind", ["item", "task"]);
export const submissionStatusEnum = pgEnum("submission_status", ["pending", "scored"]);

/**
 * Work waiting for a teacher: a short-text answer to an item, or a learner's submission of a task.
 * It becomes evidence only when a teacher scores it; until then it sits in the scoring queue.
 */
export const submissions = pgTable(
  "submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    kind: submissionKindEnum("kind").notNull(),
    itemId: uuid("item_id").references(() => items.id),
    variantId: uuid("variant_id").references(() => itemVariants.id),
    taskId: uuid("task_id").references(() => tasks.id),
    /** The item revision answered (short text), so the teacher scores against that wording and key. */
    itemRevision: integer("item_revision"),
    /** The rubric and its revision the task had when handed in: the work is scored against it. */
    rubricId: uuid("rubric_id").references(() => rubrics.id),
    rubricRevision: integer("rubric_revision"),
    /** What the learner submitted: `{ text }` for a short answer, `{ text?, url? }` for a task. */
    response: jsonb("response").$type<Record<string, unknown>>().notNull(),
    status: submissionStatusEnum("status").notNull().default("pending"),
    idempotencyKey: text("idempotency_key").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull(),
    scoredBy: uuid("scored_by").references(() => users.id),
    scoredAt: timestamp("scored_at", { withTimezone: true }),
    feedback: text("feedback"),
    /** The evidence the scoring recorded (one row for an answer, one per criterion for a task). */
    evidenceIds: uuid("evidence_ids").array().notNull().default([]),
  },
  (t) => [
    uniqueIndex("submissions_idempotency_unique").on(t.organizationId, t.idempotencyKey),
    index("submissions_queue_idx").on(t.organizationId, t.status, t.submittedAt),
  ],
);

/** A learner's pick from a teacher's choice board. Picking the same option again changes nothing. */
export const choiceBoardPicks = pgTable(
  "choice_board_picks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    boardId: uuid("board_id")
      .notNull()
      .references(() => choiceBoards.id),
    optionId: uuid("option_id")
      .notNull()
      .references(() => choiceBoardOptions.id),
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    pickedAt: timestamp("picked_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("choice_board_picks_unique").on(t.boardId, t.optionId, t.learnerId)],
);

export const contentRevisionSubjectEnum = pgEnum("content_revision_subject", ["item", "rubric"]);

/**
 * Earlier revisions of items and rubrics that learners answered or handed work in against: an edit
 * after use keeps the old content here, so old evidence and pending work still name what was asked
 * and how it is scored.
 */
export const contentRevisions = pgTable(
  "content_revisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    subjectType: contentRevisionSubjectEnum("subject_type").notNull(),
    subjectId: uuid("subject_id").notNull(),
    revision: integer("revision").notNull(),
    /** The content as it was: an item (stem, body, competencies, variants) or a rubric (title, criteria). */
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
    replacedBy: uuid("replaced_by").references(() => users.id),
    replacedAt: timestamp("replaced_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("content_revisions_unique").on(t.subjectType, t.subjectId, t.revision)],
);

/**
 * A school's note to families on one competency: how to help with it at home, in plain words, written
 * by the school's staff. One note per school and competency (an empty body means "no note"); it
 * carries a `version` for ETag / If-Match like every editable record.
 */
export const competencyHomeNotes = pgTable(
  "competency_home_notes",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    competencyId: uuid("competency_id")
      .notNull()
      .references(() => competencies.id),
    body: text("body").notNull(),
    /** The language the note is written in (BCP 47), so it is marked and read out in that language. */
    language: text("language").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.schoolId, t.competencyId] }),
    index("competency_home_notes_competency_idx").on(t.competencyId),
  ],
);

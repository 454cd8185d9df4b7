/** Competency frameworks: versioned frameworks, competencies, and the edges between them. */
import {
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
import { organizations } from "../identity/schema.js";

export const frameworks = pgTable(
  "frameworks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    title: text("title").notNull(),
    publisher: text("publisher"),
    /** The CASE CFDocument identifier, when imported from CASE. */
    caseIdentifier: text("case_identifier"),
    caseUri: text("case_uri"),
    /** The source's lastChangeDateTime (or a local version label). */
    version: text("version").notNull(),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("frameworks_organization_idx").on(t.organizationId)],
);

export const competencies = pgTable(
  "competencies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    frameworkId: uuid("framework_id")
      .notNull()
      .references(() => frameworks.id),
    /** The CASE CFItem identifier; null for competencies a teacher added locally. */
    caseIdentifier: text("case_identifier"),
    humanCodingScheme: text("human_coding_scheme"),
    statement: text("statement").notNull(),
    abbreviatedStatement: text("abbreviated_statement"),
    itemType: text("item_type"),
    educationLevels: text("education_levels").array().notNull().default([]),
    parentId: uuid("parent_id"),
    /** Place in the framework's tree order (pre-order), so a framework reads top to bottom. */
    position: integer("position").notNull(),
    /** Distance from the top of the tree (0 for top-level competencies). */
    depth: integer("depth").notNull(),
    /** Set when a newer version of the framework no longer contains it; evidence stays attached. */
    retiredAt: timestamp("retired_at", { withTimezone: true }),
    /** Who added it, for competencies a teacher added locally. */
    createdBy: uuid("created_by"),
  },
  (t) => [
    index("competencies_framework_idx").on(t.frameworkId, t.position),
    uniqueIndex("competencies_case_identifier_unique").on(t.frameworkId, t.caseIdentifier),
  ],
);

export const competencyEdgeKindEnum = pgEnum("competency_edge_kind", ["prerequisite", "related"]);

export const competencyEdges = pgTable(
  "competency_edges",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    frameworkId: uuid("framework_id")
      .notNull()
      .references(() => frameworks.id),
    /** For "prerequisite": `fromId` must be learned before `toId`. */
    fromId: uuid("from_id")
      .notNull()
      .references(() => competencies.id),
    toId: uuid("to_id")
      .notNull()
      .references(() => competencies.id),
    kind: competencyEdgeKindEnum("kind").notNull(),
    /** Who added it, for prerequisites a teacher added locally; null when it came with the framework. */
    createdBy: uuid("created_by"),
  },
  (t) => [primaryKey({ columns: [t.fromId, t.toId, t.kind] }), index("competency_edges_to_idx").on(t.toId)],
);

/** External codes a competency matches exactly (e.g. the Common Core code "CCSS-M:3.OA.A.1"). */
export const competencyAliases = pgTable(
  "competency_aliases",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    competencyId: uuid("competency_id")
      .notNull()
      .references(() => competencies.id),
    code: text("code").notNull(),
    uri: text("uri"),
  },
  (t) => [primaryKey({ columns: [t.competencyId, t.code] }), index("competency_aliases_code_idx").on(t.code)],
);

/** Every import of a framework, newest last: what changed, so a re-import is never a mystery. */
export const frameworkVersions = pgTable(
  "framework_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    frameworkId: uuid("framework_id")
      .notNull()
      .references(() => frameworks.id),
    version: text("version").notNull(),
    importedBy: uuid("imported_by"),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull(),
    /** Counts of competencies added, updated, retired and edges added, and warnings. */
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("framework_versions_framework_idx").on(t.frameworkId, t.importedAt)],
);

/**
 * CASE imports run as background jobs (run-framework-imports.ts), so a page can show their
 * progress: the request that starts one stores the package (or the provider's address) here, a
 * worker claims the row and reports its stage and counts as it goes, and the outcome — the summary
 * or the problems — stays for the person who started it.
 */
export const frameworkImports = pgTable(
  "framework_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    requestedBy: uuid("requested_by").notNull(),
    /** What the person gave: a file's name, or the provider's address. */
    sourceName: text("source_name").notNull(),
    /** The uploaded package; cleared once the import has finished. */
    package: jsonb("package").$type<Record<string, unknown>>(),
    providerUrl: text("provider_url"),
    /** queued → reading → checking → writing → succeeded | failed */
    stage: text("stage").$type<FrameworkImportStage>().notNull().default("queued"),
    /** Competencies written so far, and how many the package has (0 until it was read). */
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    frameworkId: uuid("framework_id").references(() => frameworks.id),
    summary: jsonb("summary").$type<Record<string, unknown>>(),
    /** Why it failed: a message and the problems with their JSON paths. */
    failure: jsonb("failure").$type<FrameworkImportFailure>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /** A worker holds the job until then; a job whose worker died is taken up again after it. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  },
  (t) => [
    index("framework_imports_pending_idx").on(t.stage, t.createdAt),
    index("framework_imports_requested_by_idx").on(t.organizationId, t.requestedBy, t.createdAt),
  ],
);

export type FrameworkImportStage = "queued" | "reading" | "checking" | "writing" | "succeeded" | "failed";

export interface FrameworkImportFailure {
  /** package: the package cannot be imported; provider: it could not be fetched; forbidden: not theirs to import. */
  reason: "package" | "provider" | "forbidden" | "unexpected";
  /** In English, from the checks (the page words the reason itself). */
  message: string;
  /** Each problem with its JSON path in the package ("" when it is about the whole). */
  problems: { path: string; message: string }[];
}

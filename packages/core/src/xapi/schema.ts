/**
 * The Learning Record Store's tables: the clients that may call it (Basic-auth keys issued by an
 * admin), statements (immutable once stored, with the columns their queries filter on), attachment
 * content by SHA-2, State / Activity Profile / Agent Profile documents, and what the LRS knows of each
 * Activity — its canonical definition and the competencies an admin mapped it to.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  customType,
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
import { organizations, users } from "../identity/schema.js";

/** Raw bytes (attachments, non-JSON documents). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (value instanceof Uint8Array ? value : new Uint8Array(value as ArrayBufferLike)),
});

export const xapiScopeEnum = pgEnum("xapi_scope", ["read", "write"]);
export type XapiScope = (typeof xapiScopeEnum.enumValues)[number];

export const xapiClients = pgTable(
  "xapi_clients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    name: text("name").notNull(),
    /** The Basic-auth user name: public, unique. */
    key: text("key").notNull(),
    /** SHA-256 of the secret, which is 32 random bytes: a fast hash is enough for that entropy. */
    secretHash: text("secret_hash").notNull(),
    scopes: xapiScopeEnum("scopes").array().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("xapi_clients_key_unique").on(t.key),
    index("xapi_clients_org_idx").on(t.organizationId),
  ],
);

export const xapiStatements = pgTable(
  "xapi_statements",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    id: uuid("id").notNull(),
    /**
     * Storage order: `more` pages and `since`/`until` ties are resolved by it. Unique by its
     * sequence; no unique index of its own (one index fewer per stored row — bench:xapi).
     */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    clientId: uuid("client_id").references(() => xapiClients.id),
    /** The statement as stored (id, stored, timestamp, authority and version completed). */
    statement: jsonb("statement").$type<Record<string, unknown>>().notNull(),
    stored: timestamp("stored", { withTimezone: true, precision: 3 }).notNull(),
    /** agentKey of the actor, and of the object when it is an Agent or identified Group. */
    actorKey: text("actor_key"),
    objectAgentKey: text("object_agent_key"),
    verbId: text("verb_id").notNull(),
    /** The object's id when it is an Activity. */
    activityId: text("activity_id"),
    /** The target of a StatementRef object (voiding statements and statements about statements). */
    refId: uuid("ref_id"),
    registration: uuid("registration"),
    /** Every agent key and activity id anywhere in the statement (`related_agents`, `related_activities`). */
    relatedAgentKeys: text("related_agent_keys").array().notNull(),
    relatedActivityIds: text("related_activity_ids").array().notNull(),
    voided: boolean("voided").notNull().default(false),
    isVoiding: boolean("is_voiding").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.id] }),
    index("xapi_statements_org_seq_idx").on(t.organizationId, t.seq),
    index("xapi_statements_actor_idx").on(t.organizationId, t.actorKey, t.verbId, t.seq),
    index("xapi_statements_object_agent_idx")
      .on(t.organizationId, t.objectAgentKey, t.seq)
      .where(sql`${t.objectAgentKey} is not null`),
    index("xapi_statements_verb_idx").on(t.organizationId, t.verbId, t.seq),
    index("xapi_statements_activity_idx").on(t.organizationId, t.activityId, t.seq),
    index("xapi_statements_ref_idx")
      .on(t.organizationId, t.refId)
      .where(sql`${t.refId} is not null`),
    index("xapi_statements_registration_idx")
      .on(t.organizationId, t.registration)
      .where(sql`${t.registration} is not null`),
    index("xapi_statements_related_agents_idx").using("gin", t.relatedAgentKeys),
    index("xapi_statements_related_activities_idx").using("gin", t.relatedActivityIds),
  ],
);

export const xapiAttachments = pgTable(
  "xapi_attachments",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    sha2: text("sha2").notNull(),
    contentType: text("content_type").notNull(),
    content: bytea("content").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.sha2] })],
);

export const xapiDocumentKindEnum = pgEnum("xapi_document_kind", [
  "state",
  "activity_profile",
  "agent_profile",
]);
export type XapiDocumentKind = (typeof xapiDocumentKindEnum.enumValues)[number];

export const xapiDocuments = pgTable(
  "xapi_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    kind: xapiDocumentKindEnum("kind").notNull(),
    /** '' where the kind has no such part, so the unique index covers every document. */
    activityId: text("activity_id").notNull(),
    agentKey: text("agent_key").notNull(),
    registration: text("registration").notNull(),
    documentId: text("document_id").notNull(),
    contentType: text("content_type").notNull(),
    content: bytea("content").notNull(),
    /** SHA-1 hex of the content, the document's ETag (quoted on the wire). */
    etag: text("etag").notNull(),
    updated: timestamp("updated", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("xapi_documents_unique").on(
      t.organizationId,
      t.kind,
      t.activityId,
      t.agentKey,
      t.registration,
      t.documentId,
    ),
  ],
);

export const xapiActivities = pgTable(
  "xapi_activities",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    activityId: text("activity_id").notNull(),
    /** The canonical definition: the latest one sent, merged over earlier ones. */
    definition: jsonb("definition").$type<Record<string, unknown>>(),
    /** Competencies an admin mapped this activity to: its statements become evidence for them. */
    competencyIds: uuid("competency_ids")
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    mappedBy: uuid("mapped_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.activityId] })],
);

/**
 * Forwarding Pathwise's own statements to an external LRS an admin configured (one per
 * organization). The password is kept as given: Pathwise must send it; it is never shown again.
 */
export const xapiForwardTargets = pgTable("xapi_forward_targets", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  /** The external LRS's base IRI (statements go to `<endpoint>/statements`). */
  endpoint: text("endpoint").notNull(),
  username: text("username").notNull(),
  password: text("password").notNull(),
  xapiVersion: text("xapi_version").notNull(),
  paused: boolean("paused").notNull().default(false),
  /** The ETag (`"v<version>"`) of the configuration. */
  version: integer("version").notNull().default(1),
  sentCount: bigint("sent_count", { mode: "number" }).notNull().default(0),
  lastSentAt: timestamp("last_sent_at", { withTimezone: true }),
  /** The last delivery problem (cleared by the next delivery). */
  lastError: text("last_error"),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});

export const xapiForwardStatusEnum = pgEnum("xapi_forward_status", ["pending", "failed"]);

/**
 * The outbox: one row per statement still to deliver. A row leaves only when the external LRS
 * answered 2xx; an answer it will never accept (4xx other than 429) parks it as `failed`.
 */
export const xapiForwardOutbox = pgTable(
  "xapi_forward_outbox",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    statementId: uuid("statement_id").notNull(),
    status: xapiForwardStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull(),
    /** Set while a worker is sending the row; another worker takes it only after this. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    lastError: text("last_error"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("xapi_forward_outbox_statement_unique").on(t.organizationId, t.statementId),
    index("xapi_forward_outbox_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

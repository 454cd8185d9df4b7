/** Remembered answers to creates sent with an Idempotency-Key, so a retry gets the same answer. */
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "../identity/schema.js";

export const idempotentRequests = pgTable(
  "idempotent_requests",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The caller (a user id, or "anonymous"); a key is private to its caller. */
    callerKey: text("caller_key").notNull(),
    key: text("key").notNull(),
    /** Method, path and a hash of the body: the same key with another request is refused. */
    fingerprint: text("fingerprint").notNull(),
    /** Null while the first request is still being answered. */
    status: integer("status"),
    body: jsonb("body").$type<unknown>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.callerKey, t.key] }),
    index("idempotent_requests_created_idx").on(t.createdAt),
  ],
);

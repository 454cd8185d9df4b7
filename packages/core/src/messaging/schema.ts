/** Threads among a learner, their teachers and guardians, attached to a goal, plan or piece of evidence. */
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations, users } from "../identity/schema.js";

export const threadAttachmentEnum = pgEnum("thread_attachment", [
  "none",
  "goal",
  "plan",
  "evidence",
  "artifact",
]);

export const threads = pgTable(
  "threads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    /** The learner the conversation is about; their teachers and guardians may join. */
    learnerId: uuid("learner_id")
      .notNull()
      .references(() => users.id),
    subject: text("subject").notNull(),
    attachedType: threadAttachmentEnum("attached_type").notNull().default("none"),
    attachedId: uuid("attached_id"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    lastMessageAt: timestamp("last_message_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("threads_learner_idx").on(t.learnerId, t.lastMessageAt)],
);

export const threadParticipants = pgTable(
  "thread_participants",
  {
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => threads.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    lastReadAt: timestamp("last_read_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.threadId, t.userId] }),
    index("thread_participants_user_idx").on(t.userId),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id),
    threadId: uuid("thread_id")
      .notNull()
      .references(() => threads.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    idempotencyKey: text("idempotency_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("messages_thread_idx").on(t.threadId, t.createdAt)],
);

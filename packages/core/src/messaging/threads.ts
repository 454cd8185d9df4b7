/**
 * Conversations about a learner among the learner, their teachers and their guardians, optionally
 * attached to one of the learner's goals, plans, pieces of evidence or portfolio artifacts. Each
 * participant has a read mark, which gives the unread counts.
 */
import { and, count, desc, eq, gt, inArray, lt, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit.js";
import type { Database } from "../db/open-database.js";
import { evidence, portfolioArtifacts } from "../evidence/schema.js";
import { users } from "../identity/schema.js";
import { goals, learningPlans } from "../learners/schema.js";
import { relationToLearner } from "../personalization/relationships.js";
import type { Actor, SignedInCtx } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import { decodeCursor, encodeCursor, pageOf, PageInput, type Page } from "../shared/pagination.js";
import { parseInput } from "../shared/validate.js";
import { authorizeTalk, canTalkAbout } from "./policies.js";
import { messages, threadParticipants, threads } from "./schema.js";

export type Thread = typeof threads.$inferSelect;
export type Message = typeof messages.$inferSelect;

const Body = z.string().trim().min(1, "Write a message.").max(10_000);

export const StartThreadInput = z
  .object({
    subject: z.string().trim().min(1, "Give the conversation a subject.").max(200),
    body: Body,
    /** Who else takes part: the learner, their teachers, their guardians. The author always does. */
    participantIds: z.array(z.uuid()).min(1, "Add at least one person to talk with.").max(20),
    attachedType: z.enum(["none", "goal", "plan", "evidence", "artifact"]).default("none"),
    attachedId: z.uuid().optional(),
  })
  .refine((v) => (v.attachedType === "none") === (v.attachedId === undefined), {
    path: ["attachedId"],
    message: "Name what the conversation is attached to with both attachedType and attachedId.",
  });

export interface ThreadSummary {
  thread: Thread;
  participants: { id: string; givenName: string; familyName: string }[];
  unread: number;
}

/** The attachment exists and belongs to the learner, or the field naming it is reported. */
async function assertAttachment(
  db: Database,
  organizationId: string,
  learnerId: string,
  type: string,
  id: string,
) {
  const table = { goal: goals, plan: learningPlans, evidence, artifact: portfolioArtifacts }[
    type as "goal" | "plan" | "evidence" | "artifact"
  ];
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.id, id), eq(table.organizationId, organizationId), eq(table.learnerId, learnerId)));
  if (!row)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.attachedId", message: `No ${type} ${id} of this learner.` },
    ]);
}

export async function startThread(ctx: SignedInCtx, learnerId: string, raw: unknown): Promise<ThreadSummary> {
  const input = parseInput(StartThreadInput, raw, "body");
  const { actor, db } = ctx;
  authorizeTalk(actor, await relationToLearner(db, actor, learnerId));
  const others = [...new Set(input.participantIds)].filter((id) => id !== actor.userId);
  const problems: { path: string; message: string }[] = [];
  for (const [index, id] of input.participantIds.entries()) {
    if (id === actor.userId) continue;
    const asThem: Actor = { ...actor, userId: id, roles: [] };
    if (!canTalkAbout(asThem, await relationToLearner(db, asThem, learnerId)))
      problems.push({
        path: `body.participantIds[${index}]`,
        message: "Only the learner, their teachers and their guardians can take part.",
      });
  }
  if (problems.length > 0) throw new AppError("validation_failed", "Some fields are not valid.", problems);
  if (others.length === 0)
    throw new AppError("validation_failed", "Some fields are not valid.", [
      { path: "body.participantIds", message: "Add someone other than yourself." },
    ]);
  if (input.attachedId)
    await assertAttachment(db, actor.organizationId, learnerId, input.attachedType, input.attachedId);

  const now = ctx.now();
  const thread = await db.transaction(async (tx) => {
    const [thread] = await tx
      .insert(threads)
      .values({
        organizationId: actor.organizationId,
        learnerId,
        subject: input.subject,
        attachedType: input.attachedType,
        attachedId: input.attachedId ?? null,
        createdBy: actor.userId,
        createdAt: now,
        lastMessageAt: now,
      })
      .returning();
    await tx
      .insert(threadParticipants)
      .values([
        { organizationId: actor.organizationId, threadId: thread!.id, userId: actor.userId, lastReadAt: now },
        ...others.map((userId) => ({ organizationId: actor.organizationId, threadId: thread!.id, userId })),
      ]);
    await tx.insert(messages).values({
      organizationId: actor.organizationId,
      threadId: thread!.id,
      authorId: actor.userId,
      body: input.body,
      createdAt: now,
    });
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "thread.start",
      subjectType: "thread",
      subjectId: thread!.id,
      details: { learnerId, participants: [actor.userId, ...others], attachedType: input.attachedType },
      at: now,
    });
    return thread!;
  });
  return (await summaries(db, actor.userId, [thread]))[0]!;
}

async function summaries(db: Database, userId: string, rows: Thread[]): Promise<ThreadSummary[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((t) => t.id);
  const people = await db
    .select({
      threadId: threadParticipants.threadId,
      id: users.id,
      givenName: users.givenName,
      familyName: users.familyName,
    })
    .from(threadParticipants)
    .innerJoin(users, eq(users.id, threadParticipants.userId))
    .where(inArray(threadParticipants.threadId, ids));
  const unread = await db
    .select({ threadId: messages.threadId, n: count() })
    .from(messages)
    .innerJoin(
      threadParticipants,
      and(eq(threadParticipants.threadId, messages.threadId), eq(threadParticipants.userId, userId)),
    )
    .where(
      and(
        inArray(messages.threadId, ids),
        ne(messages.authorId, userId),
        or(
          sql`${threadParticipants.lastReadAt} is null`,
          gt(messages.createdAt, threadParticipants.lastReadAt),
        ),
      ),
    )
    .groupBy(messages.threadId);
  return rows.map((thread) => ({
    thread,
    participants: people
      .filter((p) => p.threadId === thread.id)
      .map(({ id, givenName, familyName }) => ({ id, givenName, familyName })),
    unread: unread.find((u) => u.threadId === thread.id)?.n ?? 0,
  }));
}

export interface MyThreads extends Page<ThreadSummary> {
  /** Unread messages over all my conversations. */
  totalUnread: number;
}

/** My conversations, most recent activity first, each with its unread count. */
export async function listMyThreads(ctx: SignedInCtx, raw: unknown): Promise<MyThreads> {
  const input = parseInput(PageInput, raw, "query");
  const { actor, db } = ctx;
  const cursor = decodeCursor(input.cursor);
  const rows = await db
    .select({ thread: threads })
    .from(threadParticipants)
    .innerJoin(threads, eq(threads.id, threadParticipants.threadId))
    .where(
      and(
        eq(threadParticipants.userId, actor.userId),
        eq(threads.organizationId, actor.organizationId),
        cursor
          ? or(
              lt(threads.lastMessageAt, new Date(cursor.at)),
              and(eq(threads.lastMessageAt, new Date(cursor.at)), lt(threads.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(threads.lastMessageAt), desc(threads.id))
    .limit(input.limit + 1);
  const pageRows = rows.slice(0, input.limit).map((r) => r.thread);
  const last = rows.length > input.limit ? pageRows[pageRows.length - 1]! : null;
  // A participant who is no longer linked to the learner (a guardianship ended) no longer sees the thread.
  const visible: Thread[] = [];
  for (const thread of pageRows)
    if (canTalkAbout(actor, await relationToLearner(db, actor, thread.learnerId))) visible.push(thread);
  const [total] = await db
    .select({ n: count() })
    .from(messages)
    .innerJoin(
      threadParticipants,
      and(eq(threadParticipants.threadId, messages.threadId), eq(threadParticipants.userId, actor.userId)),
    )
    .where(
      and(
        ne(messages.authorId, actor.userId),
        or(
          sql`${threadParticipants.lastReadAt} is null`,
          gt(messages.createdAt, threadParticipants.lastReadAt),
        ),
      ),
    );
  return {
    items: await summaries(db, actor.userId, visible),
    nextCursor: last ? encodeCursor({ at: last.lastMessageAt.toISOString(), id: last.id }) : null,
    totalUnread: total?.n ?? 0,
  };
}

/** The thread, if the caller takes part and may still talk about its learner. */
async function loadThread(ctx: SignedInCtx, threadId: string): Promise<Thread> {
  const { actor, db } = ctx;
  const [row] = await db
    .select({ thread: threads })
    .from(threads)
    .innerJoin(
      threadParticipants,
      and(eq(threadParticipants.threadId, threads.id), eq(threadParticipants.userId, actor.userId)),
    )
    .where(and(eq(threads.id, threadId), eq(threads.organizationId, actor.organizationId)));
  if (!row) throw notFound("The conversation");
  authorizeTalk(actor, await relationToLearner(db, actor, row.thread.learnerId), "The conversation");
  return row.thread;
}

/** Newest first. Reading does not mark read: the client says when the person has seen them. */
export async function listMessages(ctx: SignedInCtx, threadId: string, raw: unknown): Promise<Page<Message>> {
  const input = parseInput(PageInput, raw, "query");
  await loadThread(ctx, threadId);
  const cursor = decodeCursor(input.cursor);
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.threadId, threadId),
        cursor
          ? or(
              lt(messages.createdAt, new Date(cursor.at)),
              and(eq(messages.createdAt, new Date(cursor.at)), lt(messages.id, cursor.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(input.limit + 1);
  return pageOf(rows, input.limit, (m) => m.createdAt);
}

export const PostMessageInput = z.object({ body: Body });

export async function postMessage(ctx: SignedInCtx, threadId: string, raw: unknown): Promise<Message> {
  const input = parseInput(PostMessageInput, raw, "body");
  const { actor, db } = ctx;
  const thread = await loadThread(ctx, threadId);
  const now = ctx.now();
  return db.transaction(async (tx) => {
    const [message] = await tx
      .insert(messages)
      .values({
        organizationId: actor.organizationId,
        threadId,
        authorId: actor.userId,
        body: input.body,
        createdAt: now,
      })
      .returning();
    await tx.update(threads).set({ lastMessageAt: now }).where(eq(threads.id, threadId));
    await tx
      .update(threadParticipants)
      .set({ lastReadAt: now })
      .where(and(eq(threadParticipants.threadId, threadId), eq(threadParticipants.userId, actor.userId)));
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      action: "thread.post",
      subjectType: "thread",
      subjectId: threadId,
      details: { learnerId: thread.learnerId, messageId: message!.id },
      at: now,
    });
    return message!;
  });
}

/** I have seen everything in this conversation up to now. */
export async function markThreadRead(ctx: SignedInCtx, threadId: string): Promise<{ unread: number }> {
  const { actor, db } = ctx;
  await loadThread(ctx, threadId);
  await db
    .update(threadParticipants)
    .set({ lastReadAt: ctx.now() })
    .where(and(eq(threadParticipants.threadId, threadId), eq(threadParticipants.userId, actor.userId)));
  return { unread: 0 };
}

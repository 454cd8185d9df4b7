/**
 * Messaging over HTTP: start a conversation about a learner, list mine with unread counts, read
 * and post messages, mark a conversation read.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  listMessages,
  listMyThreads,
  markThreadRead,
  postMessage,
  startThread,
  type Message,
  type ThreadSummary,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { idempotent } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { badInput, body, denied, IdempotencyHeader, json, PageQuery, pathParam } from "../http/route-kit.js";

const LearnerParam = pathParam("learnerId");
const ThreadParam = pathParam("threadId");

const ThreadSchema = z
  .object({
    id: z.uuid(),
    learnerId: z.uuid(),
    subject: z.string(),
    attachedType: z.enum(["none", "goal", "plan", "evidence", "artifact"]),
    attachedId: z.uuid().nullable(),
    createdBy: z.uuid(),
    createdAt: z.string(),
    lastMessageAt: z.string(),
    participants: z.array(z.object({ id: z.uuid(), givenName: z.string(), familyName: z.string() })),
    unread: z.number().int(),
  })
  .openapi("Thread");
const MessageSchema = z
  .object({ id: z.uuid(), threadId: z.uuid(), authorId: z.uuid(), body: z.string(), createdAt: z.string() })
  .openapi("Message");

const threadOut = ({ thread: t, participants, unread }: ThreadSummary) => ({
  id: t.id,
  learnerId: t.learnerId,
  subject: t.subject,
  attachedType: t.attachedType,
  attachedId: t.attachedId,
  createdBy: t.createdBy,
  createdAt: t.createdAt.toISOString(),
  lastMessageAt: t.lastMessageAt.toISOString(),
  participants,
  unread,
});
const messageOut = (m: Message) => ({
  id: m.id,
  threadId: m.threadId,
  authorId: m.authorId,
  body: m.body,
  createdAt: m.createdAt.toISOString(),
});

const startRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/threads",
  tags: ["messaging"],
  summary: "Start a conversation about a learner with their teachers, guardians or the learner",
  middleware: [idempotent] as const,
  request: {
    params: LearnerParam,
    headers: IdempotencyHeader,
    ...body(
      z.object({
        subject: z.string(),
        body: z.string(),
        participantIds: z.array(z.string()),
        attachedType: z.enum(["none", "goal", "plan", "evidence", "artifact"]).optional(),
        attachedId: z.string().optional(),
      }),
    ),
  },
  responses: { 201: json(ThreadSchema, "Started"), ...badInput, ...denied },
});
const mineRoute = createRoute({
  method: "get",
  path: "/me/threads",
  tags: ["messaging"],
  summary: "My conversations, most recent first, with unread counts",
  request: { query: PageQuery },
  responses: {
    200: json(
      z.object({
        items: z.array(ThreadSchema),
        nextCursor: z.string().nullable(),
        totalUnread: z.number().int(),
      }),
      "A page",
    ),
    ...badInput,
    ...denied,
  },
});
const messagesRoute = createRoute({
  method: "get",
  path: "/threads/{threadId}/messages",
  tags: ["messaging"],
  summary: "A conversation's messages, newest first (participants only)",
  request: { params: ThreadParam, query: PageQuery },
  responses: {
    200: json(z.object({ items: z.array(MessageSchema), nextCursor: z.string().nullable() }), "A page"),
    ...badInput,
    ...denied,
  },
});
const postRoute = createRoute({
  method: "post",
  path: "/threads/{threadId}/messages",
  tags: ["messaging"],
  summary: "Post a message (participants only)",
  middleware: [idempotent] as const,
  request: { params: ThreadParam, headers: IdempotencyHeader, ...body(z.object({ body: z.string() })) },
  responses: { 201: json(MessageSchema, "Posted"), ...badInput, ...denied },
});
const readRoute = createRoute({
  method: "post",
  path: "/threads/{threadId}/read",
  tags: ["messaging"],
  summary: "Mark a conversation read up to now",
  request: { params: ThreadParam },
  responses: { 200: json(z.object({ unread: z.number().int() }), "Marked read"), ...denied },
});

export const messagingRoutes = new OpenAPIHono<AppEnv>()
  .openapi(startRoute, async (c) =>
    c.json(
      threadOut(await startThread(signedIn(c), c.req.valid("param").learnerId, c.req.valid("json"))),
      201,
    ),
  )
  .openapi(mineRoute, async (c) => {
    const page = await listMyThreads(signedIn(c), c.req.valid("query"));
    return c.json(
      { items: page.items.map(threadOut), nextCursor: page.nextCursor, totalUnread: page.totalUnread },
      200,
    );
  })
  .openapi(messagesRoute, async (c) => {
    const page = await listMessages(signedIn(c), c.req.valid("param").threadId, c.req.valid("query"));
    return c.json({ items: page.items.map(messageOut), nextCursor: page.nextCursor }, 200);
  })
  .openapi(postRoute, async (c) =>
    c.json(
      messageOut(await postMessage(signedIn(c), c.req.valid("param").threadId, c.req.valid("json"))),
      201,
    ),
  )
  .openapi(readRoute, async (c) =>
    c.json(await markThreadRead(signedIn(c), c.req.valid("param").threadId), 200),
  );

/** Insights over HTTP: growth over a period (JSON and CSV), a learner's timeline, small groups and alerts. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  classAlerts,
  classGrowth,
  createGroupSession,
  growthCsv,
  learnerTimeline,
  listGroupSessions,
  suggestClassGroups,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { idempotent } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { errorResponses } from "../http/schemas.js";
import { denied, pathParam } from "../http/route-kit.js";

const ClassParam = pathParam("classId");
const LearnerParam = pathParam("learnerId");
const Period = z.object({
  from: z.string().openapi({ format: "date", example: "2026-09-01" }),
  to: z.string().openapi({ format: "date", example: "2026-12-18" }),
});
const GrowthCell = z.object({
  start: z.number(),
  end: z.number(),
  masteredAtStart: z.boolean(),
  masteredAtEnd: z.boolean(),
});
const Growth = z
  .object({
    classId: z.uuid(),
    className: z.string(),
    from: z.string(),
    to: z.string(),
    competencies: z.array(z.object({ id: z.uuid(), code: z.string().nullable(), statement: z.string() })),
    learners: z.array(z.object({ id: z.uuid(), givenName: z.string(), familyName: z.string() })),
    cells: z.record(z.string(), z.record(z.string(), GrowthCell)),
    byCompetency: z.array(
      z.object({
        competencyId: z.uuid(),
        learnersWithEvidence: z.number(),
        meanStart: z.number().nullable(),
        meanEnd: z.number().nullable(),
        masteredStart: z.number(),
        masteredEnd: z.number(),
      }),
    ),
    byLearner: z.array(
      z.object({
        learnerId: z.uuid(),
        masteredStart: z.number(),
        masteredEnd: z.number(),
        meanGain: z.number().nullable(),
      }),
    ),
  })
  .openapi("GrowthReport");

const growthRoute = createRoute({
  method: "get",
  path: "/classes/{classId}/growth",
  tags: ["insights"],
  summary:
    "Growth over a period: each learner's estimate per competency at its start and end (staff of the class)",
  request: { params: ClassParam, query: Period },
  responses: {
    200: { description: "The report", content: { "application/json": { schema: Growth } } },
    400: errorResponses[400],
    ...denied,
  },
});
const growthCsvRoute = createRoute({
  method: "get",
  path: "/classes/{classId}/growth.csv",
  tags: ["insights"],
  summary: "The same report as CSV, one row per learner and competency with evidence",
  request: { params: ClassParam, query: Period },
  responses: {
    200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
    400: errorResponses[400],
    ...denied,
  },
});
const timelineRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/timeline",
  tags: ["insights"],
  summary: "A learner's evidence, decisions and claims, newest first",
  request: {
    params: LearnerParam,
    query: z.object({ limit: z.string().optional(), cursor: z.string().optional() }),
  },
  responses: {
    200: {
      description: "A page",
      content: {
        "application/json": {
          schema: z.object({
            items: z.array(z.record(z.string(), z.unknown())),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    400: errorResponses[400],
    ...denied,
  },
});

const Person = z.object({ id: z.uuid(), givenName: z.string(), familyName: z.string() });
const GroupSuggestions = z
  .object({
    classId: z.uuid(),
    minSize: z.number(),
    maxSize: z.number(),
    groups: z.array(
      z.object({
        competency: z.object({ id: z.uuid(), title: z.string() }),
        learners: z.array(Person.extend({ probability: z.number().nullable() })),
        activity: z
          .object({ id: z.string(), title: z.string(), modality: z.string(), minutes: z.number() })
          .nullable(),
        why: z.string(),
        basedOn: z.array(z.unknown()),
        model: z.object({ name: z.string(), version: z.string() }),
      }),
    ),
    ungrouped: z.array(Person),
  })
  .openapi("GroupSuggestions");
const GroupSession = z
  .object({
    id: z.uuid(),
    classId: z.uuid(),
    competencyId: z.uuid().nullable(),
    title: z.string(),
    learnerIds: z.array(z.uuid()),
    activity: z.record(z.string(), z.unknown()),
    scheduledFor: z.string().nullable(),
    createdBy: z.uuid(),
    decisionId: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .openapi("GroupSession");
const Alerts = z
  .object({
    classId: z.uuid(),
    parameters: z.record(z.string(), z.number()),
    model: z.object({ name: z.string(), version: z.string() }),
    alerts: z.array(
      z.object({
        learner: Person,
        kind: z.enum(["stuck", "behind-pace", "inactive", "rapid-guessing"]),
        competencyId: z.string().nullable(),
        evidence: z.array(z.string()),
        why: z.string(),
      }),
    ),
  })
  .openapi("ClassAlerts");

const groupsRoute = createRoute({
  method: "get",
  path: "/classes/{classId}/group-suggestions",
  tags: ["insights"],
  summary: "Suggested small groups of learners who share a next step, within the size bounds given",
  request: {
    params: ClassParam,
    query: z.object({
      minSize: z.string().optional().openapi({ example: "3" }),
      maxSize: z.string().optional().openapi({ example: "5" }),
    }),
  },
  responses: {
    200: {
      description: "Groups and who is left",
      content: { "application/json": { schema: GroupSuggestions } },
    },
    400: errorResponses[400],
    ...denied,
  },
});
const createSessionRoute = createRoute({
  method: "post",
  path: "/classes/{classId}/group-sessions",
  tags: ["insights"],
  summary: "Create a group session (each member's ledger records why); staff of the class",
  middleware: [idempotent] as const,
  request: {
    params: ClassParam,
    headers: z.object({
      "idempotency-key": z
        .string()
        .min(1)
        .max(200)
        .openapi({ description: "A retry with the same key creates nothing new and gets the first answer." }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({
            competencyId: z.uuid(),
            learnerIds: z.array(z.uuid()),
            title: z.string(),
            activityId: z.string().optional(),
            scheduledFor: z.string().optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: GroupSession } } },
    400: errorResponses[400],
    ...denied,
  },
});
const listSessionsRoute = createRoute({
  method: "get",
  path: "/classes/{classId}/group-sessions",
  tags: ["insights"],
  summary: "The class's group sessions, newest first",
  request: { params: ClassParam },
  responses: {
    200: {
      description: "Sessions",
      content: { "application/json": { schema: z.object({ items: z.array(GroupSession) }) } },
    },
    ...denied,
  },
});
const alertsRoute = createRoute({
  method: "get",
  path: "/classes/{classId}/alerts",
  tags: ["insights"],
  summary: "Alerts (stuck, behind pace, inactive, rapid guessing), each with its evidence and reason",
  request: { params: ClassParam },
  responses: {
    200: { description: "Alerts", content: { "application/json": { schema: Alerts } } },
    ...denied,
  },
});

type SessionRow = Awaited<ReturnType<typeof listGroupSessions>>[number];
const sessionJson = (s: SessionRow) => ({
  ...s,
  scheduledFor: s.scheduledFor?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(),
});

export const insightRoutes = new OpenAPIHono<AppEnv>()
  .openapi(groupsRoute, async (c) =>
    c.json(await suggestClassGroups(signedIn(c), c.req.valid("param").classId, c.req.valid("query")), 200),
  )
  .openapi(createSessionRoute, async (c) => {
    const session = await createGroupSession(signedIn(c), c.req.valid("param").classId, c.req.valid("json"));
    return c.json(sessionJson(session), 201);
  })
  .openapi(listSessionsRoute, async (c) =>
    c.json(
      { items: (await listGroupSessions(signedIn(c), c.req.valid("param").classId)).map(sessionJson) },
      200,
    ),
  )
  .openapi(alertsRoute, async (c) =>
    c.json(await classAlerts(signedIn(c), c.req.valid("param").classId), 200),
  )
  .openapi(growthRoute, async (c) =>
    c.json(await classGrowth(signedIn(c), c.req.valid("param").classId, c.req.valid("query")), 200),
  )
  .openapi(growthCsvRoute, async (c) => {
    const report = await classGrowth(signedIn(c), c.req.valid("param").classId, c.req.valid("query"));
    c.header("content-disposition", `attachment; filename="growth-${report.from}-${report.to}.csv"`);
    return c.body(growthCsv(report), 200, { "content-type": "text/csv; charset=utf-8" });
  })
  .openapi(timelineRoute, async (c) => {
    const page = await learnerTimeline(signedIn(c), c.req.valid("param").learnerId, c.req.valid("query"));
    return c.json(
      { items: page.items.map((e) => ({ ...e, at: e.at.toISOString() })), nextCursor: page.nextCursor },
      200,
    );
  });

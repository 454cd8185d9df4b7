/** Insights over HTTP: growth over a period (JSON and CSV) and a learner's timeline. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { classGrowth, growthCsv, learnerTimeline } from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { errorResponses, ErrorSchema } from "../http/schemas.js";

const ClassParam = z.object({ classId: z.uuid().openapi({ param: { name: "classId", in: "path" } }) });
const LearnerParam = z.object({ learnerId: z.uuid().openapi({ param: { name: "learnerId", in: "path" } }) });
const Period = z.object({
  from: z.string().openapi({ format: "date", example: "2026-09-01" }),
  to: z.string().openapi({ format: "date", example: "2026-12-18" }),
});
const denied = {
  401: errorResponses[401],
  403: errorResponses[403],
  404: {
    description: "Not found (or not yours to see)",
    content: { "application/json": { schema: ErrorSchema } },
  },
};
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

export const insightRoutes = new OpenAPIHono<AppEnv>()
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

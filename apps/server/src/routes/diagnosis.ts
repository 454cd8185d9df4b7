/**
 * Placement (diagnosis) over HTTP: start one for a learner (or resume the one under way), read it,
 * answer the question being asked, or stop. Questions never carry their answer key; when the stop
 * rule says enough, the result comes back with a confidence per competency.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  answerDiagnosis,
  finishDiagnosis,
  getDiagnosis,
  startDiagnosis,
  type DiagnosisSessionView,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { badInput, body, conflict, denied, iso, json, pathParam } from "../http/route-kit.js";

const LearnerParam = pathParam("learnerId");
const SessionParam = pathParam("sessionId");

const SessionSchema = z
  .object({
    id: z.uuid(),
    learnerId: z.uuid(),
    frameworkId: z.uuid(),
    status: z.enum(["in_progress", "finished", "abandoned"]),
    questionsAsked: z.number().int(),
    question: z
      .object({
        itemId: z.uuid(),
        competencyId: z.uuid(),
        kind: z.string(),
        stem: z.string(),
        choices: z.array(z.object({ id: z.string(), text: z.string() })).nullable(),
        unit: z.string().nullable(),
        number: z.number().int(),
      })
      .nullable()
      .openapi({ description: "The question being asked, without its answer key" }),
    result: z
      .object({
        stoppedBecause: z.string(),
        expectedAccuracy: z.number(),
        competencies: z.array(
          z.object({
            competencyId: z.uuid(),
            probability: z.number(),
            confidence: z.number(),
            mastered: z.boolean(),
            status: z.string(),
            asked: z.boolean(),
          }),
        ),
      })
      .nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("DiagnosisSession");

const out = (s: DiagnosisSessionView) => ({
  ...s,
  startedAt: s.startedAt.toISOString(),
  finishedAt: iso(s.finishedAt),
});

const startRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/diagnosis-sessions",
  tags: ["diagnosis"],
  summary: "Start a placement over the learner's class framework, or resume the one under way",
  request: {
    params: LearnerParam,
    body: { content: { "application/json": { schema: z.object({ frameworkId: z.string().optional() }) } } },
  },
  responses: {
    200: json(SessionSchema, "Resumed: the placement already under way"),
    201: json(SessionSchema, "Started, with its first question"),
    ...badInput,
    ...denied,
    ...conflict,
  },
});
const getRoute = createRoute({
  method: "get",
  path: "/diagnosis-sessions/{sessionId}",
  tags: ["diagnosis"],
  summary: "A placement: the question being asked, or the result",
  request: { params: SessionParam },
  responses: { 200: json(SessionSchema, "The placement"), ...denied },
});
const answerRoute = createRoute({
  method: "post",
  path: "/diagnosis-sessions/{sessionId}/answers",
  tags: ["diagnosis"],
  summary: "Answer the question being asked (a choice id, a list of ids, or a number)",
  request: {
    params: SessionParam,
    ...body(
      z.object({
        itemId: z.string(),
        response: z.union([z.string(), z.number(), z.array(z.string())]),
      }),
    ),
  },
  responses: {
    200: json(SessionSchema, "The next question, or the result"),
    ...badInput,
    ...denied,
    ...conflict,
  },
});
const finishRoute = createRoute({
  method: "post",
  path: "/diagnosis-sessions/{sessionId}/finish",
  tags: ["diagnosis"],
  summary: "Stop now and place the learner on the answers so far",
  request: { params: SessionParam },
  responses: { 200: json(SessionSchema, "The result"), ...denied, ...conflict },
});

export const diagnosisRoutes = new OpenAPIHono<AppEnv>()
  .openapi(startRoute, async (c) => {
    const raw: unknown = await c.req.json().catch(() => ({}));
    const { session, resumed } = await startDiagnosis(signedIn(c), c.req.valid("param").learnerId, raw);
    return resumed ? c.json(out(session), 200) : c.json(out(session), 201);
  })
  .openapi(getRoute, async (c) =>
    c.json(out(await getDiagnosis(signedIn(c), c.req.valid("param").sessionId)), 200),
  )
  .openapi(answerRoute, async (c) =>
    c.json(out(await answerDiagnosis(signedIn(c), c.req.valid("param").sessionId, c.req.valid("json"))), 200),
  )
  .openapi(finishRoute, async (c) =>
    c.json(out(await finishDiagnosis(signedIn(c), c.req.valid("param").sessionId)), 200),
  );

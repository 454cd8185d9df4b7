/**
 * Learning plans over HTTP: the engine builds a plan toward goals; the learner and their teachers
 * shape it — a teacher edits directly (If-Match), either side proposes and the other answers,
 * anyone in the conversation comments — and the history is there to read.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  commentOnPlan,
  createPlan,
  decidePlanProposal,
  editPlan,
  getPlan,
  listPlans,
  planHistory,
  proposePlanChange,
  replan,
  withdrawPlanProposal,
  type LearningPlan,
  type PlanComment,
  type PlanProposal,
  type PlanView,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { etagOf, idempotent, ifMatchVersion } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import {
  badInput,
  body,
  conflict,
  denied,
  IdempotencyHeader,
  IfMatchHeader,
  iso,
  json,
  pathParam,
  stale,
} from "../http/route-kit.js";

const LearnerParam = pathParam("learnerId");
const PlanParam = pathParam("planId");
const ProposalParam = pathParam("proposalId");

const Reasoned = z.object({ competencyId: z.string(), reason: z.string() });
const ChangesSchema = z
  .object({
    pin: z.array(Reasoned).optional(),
    skip: z.array(Reasoned).optional(),
    unpin: z.array(z.string()).optional(),
    unskip: z.array(z.string()).optional(),
    commitThisWeek: z
      .array(z.string())
      .optional()
      .openapi({ description: "This week's commitments, in order" }),
    targetDate: z.string().optional().openapi({ format: "date" }),
    weeklyMinutes: z.number().int().optional(),
  })
  .openapi("PlanChanges");
const EntrySchema = z
  .object({
    competencyId: z.uuid(),
    position: z.number().int().nullable(),
    minutes: z.number().int().nullable(),
    source: z.string().nullable().openapi({ description: "committed, pinned, goal or prerequisite" }),
    expectedStart: z.string().nullable(),
    expectedDone: z.string().nullable(),
    pinned: z.object({ by: z.uuid(), reason: z.string() }).nullable(),
    skipped: z.object({ by: z.uuid(), reason: z.string() }).nullable(),
    committedWeek: z.string().nullable(),
    decisionId: z.uuid().nullable().openapi({ description: "The ledger entry with this step's why" }),
  })
  .openapi("PlanEntry");
const PlanSummarySchema = z.object({
  id: z.uuid(),
  learnerId: z.uuid(),
  title: z.string(),
  status: z.string(),
  targetDate: z.string().nullable(),
  weeklyMinutes: z.number().int(),
  goalCompetencyIds: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
const PlanSchema = PlanSummarySchema.extend({
  entries: z.array(EntrySchema),
  pacing: z
    .object({
      status: z.string(),
      days: z.number(),
      expectedCompletion: z.string(),
      minutesRemaining: z.number(),
      warnings: z.array(z.unknown()),
      decisionId: z.uuid(),
    })
    .nullable(),
}).openapi("LearningPlan");
const ProposalSchema = z
  .object({
    id: z.uuid(),
    planId: z.uuid(),
    proposedBy: z.uuid(),
    summary: z.string(),
    changes: z.record(z.string(), z.unknown()),
    status: z.enum(["pending", "approved", "declined", "withdrawn"]),
    decidedBy: z.uuid().nullable(),
    decidedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("PlanProposal");
const CommentSchema = z
  .object({
    id: z.uuid(),
    planId: z.uuid(),
    proposalId: z.uuid().nullable(),
    authorId: z.uuid(),
    body: z.string(),
    createdAt: z.string(),
  })
  .openapi("PlanComment");

const summaryOut = (p: LearningPlan) => ({
  id: p.id,
  learnerId: p.learnerId,
  title: p.title,
  status: p.status,
  targetDate: p.targetDate,
  weeklyMinutes: p.weeklyMinutes,
  goalCompetencyIds: p.goalCompetencyIds,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
  version: p.version,
});
const planOut = (v: PlanView) => ({
  ...summaryOut(v.plan),
  entries: v.entries.map((e) => ({
    competencyId: e.competencyId,
    position: e.position ?? null,
    minutes: e.minutes ?? null,
    source: e.source ?? null,
    expectedStart: e.expectedStart ?? null,
    expectedDone: e.expectedDone ?? null,
    pinned: e.pinned ?? null,
    skipped: e.skipped ?? null,
    committedWeek: e.committedWeek ?? null,
    decisionId: e.decisionId ?? null,
  })),
  pacing: v.pacing,
});
const proposalOut = (p: PlanProposal) => ({
  id: p.id,
  planId: p.planId,
  proposedBy: p.proposedBy,
  summary: p.summary,
  changes: p.changes,
  status: p.status,
  decidedBy: p.decidedBy,
  decidedAt: iso(p.decidedAt),
  createdAt: p.createdAt.toISOString(),
});
const commentOut = (x: PlanComment) => ({
  id: x.id,
  planId: x.planId,
  proposalId: x.proposalId,
  authorId: x.authorId,
  body: x.body,
  createdAt: x.createdAt.toISOString(),
});

const listRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/plans",
  tags: ["plans"],
  summary: "A learner's plans, newest first",
  request: { params: LearnerParam },
  responses: { 200: json(z.object({ items: z.array(PlanSummarySchema) }), "The plans"), ...denied },
});
const createPlanRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/plans",
  tags: ["plans"],
  summary: "Ask the engine for a plan toward goals (the learner or a teacher of theirs)",
  middleware: [idempotent] as const,
  request: {
    params: LearnerParam,
    headers: IdempotencyHeader,
    ...body(
      z.object({
        title: z.string(),
        goalCompetencyIds: z.array(z.string()),
        targetDate: z.string().openapi({ format: "date" }),
        weeklyMinutes: z.number().int(),
      }),
    ),
  },
  responses: {
    201: json(PlanSchema, "Planned; every step's why is in the ledger", true),
    ...badInput,
    ...denied,
  },
});
const getRoute = createRoute({
  method: "get",
  path: "/plans/{planId}",
  tags: ["plans"],
  summary: "A plan: its steps in order with expected dates, skips, and pacing",
  request: { params: PlanParam },
  responses: { 200: json(PlanSchema, "The plan", true), ...denied },
});
const editRoute = createRoute({
  method: "patch",
  path: "/plans/{planId}",
  tags: ["plans"],
  summary: "Change the plan directly (a teacher of the learner; If-Match required) — it is re-planned",
  request: { params: PlanParam, headers: IfMatchHeader, ...body(ChangesSchema) },
  responses: { 200: json(PlanSchema, "Changed and re-planned", true), ...badInput, ...denied, ...stale },
});
const replanRoute = createRoute({
  method: "post",
  path: "/plans/{planId}/replan",
  tags: ["plans"],
  summary: "Re-plan on the newest evidence, keeping this week's commitments, pins and skips (If-Match)",
  request: { params: PlanParam, headers: IfMatchHeader },
  responses: { 200: json(PlanSchema, "Re-planned", true), ...badInput, ...denied, ...stale },
});
const proposeRoute = createRoute({
  method: "post",
  path: "/plans/{planId}/proposals",
  tags: ["plans"],
  summary: "Propose a change (the learner or a teacher of theirs); the other side answers",
  middleware: [idempotent] as const,
  request: {
    params: PlanParam,
    headers: IdempotencyHeader,
    ...body(z.object({ summary: z.string(), changes: ChangesSchema })),
  },
  responses: { 201: json(ProposalSchema, "Proposed"), ...badInput, ...denied },
});
const decideRoute = createRoute({
  method: "post",
  path: "/proposals/{proposalId}/decision",
  tags: ["plans"],
  summary: "Approve or decline a proposal (a teacher answers the learner's, the learner a teacher's)",
  request: {
    params: ProposalParam,
    ...body(z.object({ decision: z.enum(["approve", "decline"]), comment: z.string().optional() })),
  },
  responses: {
    200: json(z.object({ proposal: ProposalSchema, plan: PlanSchema }), "Answered; an approval re-plans"),
    ...badInput,
    ...denied,
    ...conflict,
  },
});
const withdrawRoute = createRoute({
  method: "post",
  path: "/proposals/{proposalId}/withdrawal",
  tags: ["plans"],
  summary: "Withdraw my proposal before anyone answers it",
  request: { params: ProposalParam },
  responses: { 200: json(ProposalSchema, "Withdrawn"), ...denied, ...conflict },
});
const commentRoute = createRoute({
  method: "post",
  path: "/plans/{planId}/comments",
  tags: ["plans"],
  summary: "Comment on the plan or one of its proposals (the learner or a teacher of theirs)",
  middleware: [idempotent] as const,
  request: {
    params: PlanParam,
    headers: IdempotencyHeader,
    ...body(z.object({ body: z.string(), proposalId: z.string().optional() })),
  },
  responses: { 201: json(CommentSchema, "Added"), ...badInput, ...denied },
});
const historyRoute = createRoute({
  method: "get",
  path: "/plans/{planId}/history",
  tags: ["plans"],
  summary: "Everything that happened to the plan: changes, proposals and their answers, comments",
  request: { params: PlanParam },
  responses: {
    200: json(
      z.object({
        events: z.array(
          z.object({
            id: z.uuid(),
            at: z.string(),
            action: z.string(),
            actorId: z.uuid().nullable(),
            details: z.record(z.string(), z.unknown()),
          }),
        ),
        proposals: z.array(ProposalSchema),
        comments: z.array(CommentSchema),
      }),
      "Oldest first",
    ),
    ...denied,
  },
});

const withEtag = (c: { header: (name: string, value: string) => void }, view: PlanView) => {
  c.header("ETag", etagOf(view.plan.version));
  return planOut(view);
};

export const planRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, async (c) =>
    c.json({ items: (await listPlans(signedIn(c), c.req.valid("param").learnerId)).map(summaryOut) }, 200),
  )
  .openapi(createPlanRoute, async (c) =>
    c.json(
      withEtag(c, await createPlan(signedIn(c), c.req.valid("param").learnerId, c.req.valid("json"))),
      201,
    ),
  )
  .openapi(getRoute, async (c) =>
    c.json(withEtag(c, await getPlan(signedIn(c), c.req.valid("param").planId)), 200),
  )
  .openapi(editRoute, async (c) =>
    c.json(
      withEtag(
        c,
        await editPlan(signedIn(c), c.req.valid("param").planId, c.req.valid("json"), ifMatchVersion(c)),
      ),
      200,
    ),
  )
  .openapi(replanRoute, async (c) =>
    c.json(withEtag(c, await replan(signedIn(c), c.req.valid("param").planId, ifMatchVersion(c))), 200),
  )
  .openapi(proposeRoute, async (c) =>
    c.json(
      proposalOut(await proposePlanChange(signedIn(c), c.req.valid("param").planId, c.req.valid("json"))),
      201,
    ),
  )
  .openapi(decideRoute, async (c) => {
    const result = await decidePlanProposal(
      signedIn(c),
      c.req.valid("param").proposalId,
      c.req.valid("json"),
    );
    return c.json({ proposal: proposalOut(result.proposal), plan: planOut(result.plan) }, 200);
  })
  .openapi(withdrawRoute, async (c) =>
    c.json(proposalOut(await withdrawPlanProposal(signedIn(c), c.req.valid("param").proposalId)), 200),
  )
  .openapi(commentRoute, async (c) =>
    c.json(
      commentOut(await commentOnPlan(signedIn(c), c.req.valid("param").planId, c.req.valid("json"))),
      201,
    ),
  )
  .openapi(historyRoute, async (c) => {
    const history = await planHistory(signedIn(c), c.req.valid("param").planId);
    return c.json(
      {
        events: history.events.map((e) => ({ ...e, at: e.at.toISOString() })),
        proposals: history.proposals.map(proposalOut),
        comments: history.comments.map(commentOut),
      },
      200,
    );
  });

/**
 * The learner's portfolio and "defend my learning" over HTTP: artifacts (and what guardians see),
 * claims of a competency, a teacher's answer to a claim, and a teacher's queue of claims to review.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  addArtifact,
  claimCompetency,
  listArtifacts,
  listClaims,
  listPendingClaimsForTeacher,
  resolveClaim,
  reviseClaim,
  shareArtifact,
  type Artifact,
  type Claim,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { idempotent } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { errorResponses } from "../http/schemas.js";
import { IdempotencyHeader, denied, conflict, json, body, pathParam } from "../http/route-kit.js";

const LearnerParam = pathParam("learnerId");
const ArtifactParam = pathParam("artifactId");
const ClaimParam = pathParam("claimId");

const ArtifactSchema = z
  .object({
    id: z.uuid(),
    learnerId: z.uuid(),
    title: z.string(),
    description: z.string(),
    url: z.string().nullable(),
    text: z.string().nullable(),
    competencyIds: z.array(z.uuid()),
    visibleToGuardians: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("PortfolioArtifact");
const ClaimSchema = z
  .object({
    id: z.uuid(),
    learnerId: z.uuid(),
    competencyId: z.uuid(),
    statement: z.string(),
    artifactIds: z.array(z.uuid()),
    status: z.enum(["pending", "verified", "needs_more"]),
    teacherResponse: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("LearningClaim");

const artifactOut = (a: Artifact) => ({
  id: a.id,
  learnerId: a.learnerId,
  title: a.title,
  description: a.description,
  url: a.url,
  text: a.text,
  competencyIds: a.competencyIds,
  visibleToGuardians: a.visibleToGuardians,
  createdAt: a.createdAt.toISOString(),
});
const claimOut = (c: Claim) => ({
  id: c.id,
  learnerId: c.learnerId,
  competencyId: c.competencyId,
  statement: c.statement,
  artifactIds: c.artifactIds,
  status: c.status,
  teacherResponse: c.teacherResponse,
  resolvedAt: c.resolvedAt?.toISOString() ?? null,
  createdAt: c.createdAt.toISOString(),
});

const listArtifactsRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/portfolio",
  tags: ["portfolio"],
  summary: "A learner's portfolio, newest first (guardians see what the learner shared)",
  request: {
    params: LearnerParam,
    query: z.object({ limit: z.string().optional(), cursor: z.string().optional() }),
  },
  responses: {
    200: json(z.object({ items: z.array(ArtifactSchema), nextCursor: z.string().nullable() }), "A page"),
    400: errorResponses[400],
    ...denied,
  },
});
const addArtifactRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/portfolio",
  tags: ["portfolio"],
  summary: "Add a piece of work to my portfolio (the learner)",
  middleware: [idempotent] as const,
  request: {
    params: LearnerParam,
    headers: IdempotencyHeader,
    ...body(
      z.object({
        title: z.string(),
        description: z.string().optional(),
        url: z.string().optional(),
        text: z.string().optional(),
        competencyIds: z.array(z.string()).optional(),
        visibleToGuardians: z.boolean().optional(),
      }),
    ),
  },
  responses: { 201: json(ArtifactSchema, "Added"), 400: errorResponses[400], ...denied },
});
const shareRoute = createRoute({
  method: "put",
  path: "/portfolio/{artifactId}/sharing",
  tags: ["portfolio"],
  summary: "Choose whether my guardians see this piece of work (the learner)",
  request: { params: ArtifactParam, ...body(z.object({ visibleToGuardians: z.boolean() })) },
  responses: { 200: json(ArtifactSchema, "Updated"), 400: errorResponses[400], ...denied },
});
const listClaimsRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/claims",
  tags: ["portfolio"],
  summary: "A learner's claims (guardians see verified ones)",
  request: { params: LearnerParam },
  responses: { 200: json(z.object({ items: z.array(ClaimSchema) }), "The claims"), ...denied },
});
const ClaimBody = z.object({
  competencyId: z.string(),
  statement: z.string(),
  artifactIds: z.array(z.string()),
});
const claimRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/claims",
  tags: ["portfolio"],
  summary: "Defend my learning: claim a competency with work from my portfolio (the learner)",
  middleware: [idempotent] as const,
  request: { params: LearnerParam, headers: IdempotencyHeader, ...body(ClaimBody) },
  responses: { 201: json(ClaimSchema, "Claimed"), 400: errorResponses[400], ...denied, ...conflict },
});
const reviseRoute = createRoute({
  method: "put",
  path: "/claims/{claimId}",
  tags: ["portfolio"],
  summary: "Revise a claim after the teacher asked for more (the learner)",
  request: { params: ClaimParam, ...body(ClaimBody.omit({ competencyId: true })) },
  responses: {
    200: json(ClaimSchema, "Revised, waiting for the teacher again"),
    400: errorResponses[400],
    ...denied,
    ...conflict,
  },
});
const resolveRoute = createRoute({
  method: "post",
  path: "/claims/{claimId}/resolution",
  tags: ["portfolio"],
  summary: "Verify a claim (recorded as evidence) or ask for more (a teacher of the learner)",
  request: {
    params: ClaimParam,
    ...body(z.object({ decision: z.enum(["verified", "needs_more"]), response: z.string() })),
  },
  responses: {
    200: json(
      z.object({ claim: ClaimSchema, evidenceId: z.uuid().nullable() }),
      "Answered; a verified claim updates the learner's mastery",
    ),
    400: errorResponses[400],
    ...denied,
    ...conflict,
  },
});
const queueRoute = createRoute({
  method: "get",
  path: "/me/claims-to-review",
  tags: ["portfolio"],
  summary: "Claims waiting for me: pending claims of learners in the classes I teach",
  responses: { 200: json(z.object({ items: z.array(ClaimSchema) }), "Oldest first"), ...denied },
});

export const portfolioRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listArtifactsRoute, async (c) => {
    const page = await listArtifacts(signedIn(c), c.req.valid("param").learnerId, c.req.valid("query"));
    return c.json({ items: page.items.map(artifactOut), nextCursor: page.nextCursor }, 200);
  })
  .openapi(addArtifactRoute, async (c) =>
    c.json(
      artifactOut(await addArtifact(signedIn(c), c.req.valid("param").learnerId, c.req.valid("json"))),
      201,
    ),
  )
  .openapi(shareRoute, async (c) =>
    c.json(
      artifactOut(await shareArtifact(signedIn(c), c.req.valid("param").artifactId, c.req.valid("json"))),
      200,
    ),
  )
  .openapi(listClaimsRoute, async (c) =>
    c.json({ items: (await listClaims(signedIn(c), c.req.valid("param").learnerId)).map(claimOut) }, 200),
  )
  .openapi(claimRoute, async (c) =>
    c.json(
      claimOut(await claimCompetency(signedIn(c), c.req.valid("param").learnerId, c.req.valid("json"))),
      201,
    ),
  )
  .openapi(reviseRoute, async (c) =>
    c.json(claimOut(await reviseClaim(signedIn(c), c.req.valid("param").claimId, c.req.valid("json"))), 200),
  )
  .openapi(resolveRoute, async (c) => {
    const result = await resolveClaim(signedIn(c), c.req.valid("param").claimId, c.req.valid("json"));
    return c.json({ claim: claimOut(result.claim), evidenceId: result.evidenceId }, 200);
  })
  .openapi(queueRoute, async (c) =>
    c.json({ items: (await listPendingClaimsForTeacher(signedIn(c))).map(claimOut) }, 200),
  );

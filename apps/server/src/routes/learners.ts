/**
 * What belongs to a learner, over HTTP: their profile (the learner edits it), accommodations
 * (staff set them), and goals with check-ins. Editable records carry an ETag; edits send If-Match.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  addGoalCheckIn,
  createGoal,
  getAccommodations,
  getLearnerProfile,
  listGoalCheckIns,
  listGoals,
  setAccommodations,
  updateGoal,
  updateLearnerProfile,
  type AccommodationsView,
  type Goal,
  type GoalCheckIn,
  type LearnerProfileView,
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
const GoalParam = pathParam("goalId");
const Strings = z.array(z.string());
const ProfileSchema = z
  .object({
    learnerId: z.uuid(),
    strengths: Strings.nullable(),
    interests: Strings.nullable(),
    needs: Strings.nullable(),
    howILearnBest: z.string().nullable(),
    languages: Strings.nullable(),
    sharedWithGuardians: Strings.nullable().openapi({ description: "Shown to the learner and staff only" }),
    version: z.number().int(),
    updatedAt: z.string().nullable(),
  })
  .openapi("LearnerProfile", { description: "Fields a guardian may not see are null." });
const AccommodationsSchema = z
  .object({
    learnerId: z.uuid(),
    extendedTimeFactor: z.number().nullable(),
    readAloud: z.boolean(),
    reducedChoices: z.boolean(),
    largeText: z.boolean(),
    highContrast: z.boolean(),
    dyslexiaFont: z.boolean(),
    breaks: z.boolean(),
    notes: z.string(),
    setBy: z.uuid().nullable(),
    updatedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi("Accommodations");
const GoalSchema = z
  .object({
    id: z.uuid(),
    learnerId: z.uuid(),
    title: z.string(),
    description: z.string(),
    competencyIds: z.array(z.uuid()),
    targetDate: z.string().nullable(),
    authoredBy: z.uuid(),
    status: z.enum(["active", "achieved", "dropped"]),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .openapi("Goal");
const CheckInSchema = z
  .object({
    id: z.uuid(),
    goalId: z.uuid(),
    authorId: z.uuid(),
    note: z.string(),
    progress: z.number().int().nullable(),
    createdAt: z.string(),
  })
  .openapi("GoalCheckIn");

const profileOut = (p: LearnerProfileView) => ({ ...p, updatedAt: iso(p.updatedAt) });
const accommodationsOut = (a: AccommodationsView) => ({ ...a, updatedAt: iso(a.updatedAt) });
const goalOut = (g: Goal) => ({
  id: g.id,
  learnerId: g.learnerId,
  title: g.title,
  description: g.description,
  competencyIds: g.competencyIds,
  targetDate: g.targetDate,
  authoredBy: g.authoredBy,
  status: g.status,
  createdAt: g.createdAt.toISOString(),
  version: g.version,
});
const checkInOut = (x: GoalCheckIn) => ({
  id: x.id,
  goalId: x.goalId,
  authorId: x.authorId,
  note: x.note,
  progress: x.progress,
  createdAt: x.createdAt.toISOString(),
});

const getProfileRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/profile",
  tags: ["learners"],
  summary: "A learner's profile (guardians see the fields the learner shares)",
  request: { params: LearnerParam },
  responses: { 200: json(ProfileSchema, "The profile; version 0 until first saved", true), ...denied },
});
const updateProfileRoute = createRoute({
  method: "patch",
  path: "/learners/{learnerId}/profile",
  tags: ["learners"],
  summary: "Change my profile (the learner; the fields sent change, If-Match required)",
  request: {
    params: LearnerParam,
    headers: IfMatchHeader,
    ...body(
      z.object({
        strengths: Strings.optional(),
        interests: Strings.optional(),
        needs: Strings.optional(),
        howILearnBest: z.string().optional(),
        languages: Strings.optional(),
        sharedWithGuardians: Strings.optional(),
      }),
    ),
  },
  responses: { 200: json(ProfileSchema, "Saved", true), ...badInput, ...denied, ...stale },
});
const getAccommodationsRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/accommodations",
  tags: ["learners"],
  summary: "A learner's accommodations",
  request: { params: LearnerParam },
  responses: {
    200: json(AccommodationsSchema, "The accommodations; version 0 until first set", true),
    ...denied,
  },
});
const setAccommodationsRoute = createRoute({
  method: "patch",
  path: "/learners/{learnerId}/accommodations",
  tags: ["learners"],
  summary: "Set accommodations (a teacher of the learner or an admin; If-Match required)",
  request: {
    params: LearnerParam,
    headers: IfMatchHeader,
    ...body(
      z.object({
        extendedTimeFactor: z.number().nullable().optional(),
        readAloud: z.boolean().optional(),
        reducedChoices: z.boolean().optional(),
        largeText: z.boolean().optional(),
        highContrast: z.boolean().optional(),
        dyslexiaFont: z.boolean().optional(),
        breaks: z.boolean().optional(),
        notes: z.string().optional(),
      }),
    ),
  },
  responses: { 200: json(AccommodationsSchema, "Saved", true), ...badInput, ...denied, ...stale },
});
const listGoalsRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/goals",
  tags: ["learners"],
  summary: "A learner's goals: active first, soonest target first",
  request: { params: LearnerParam, query: z.object({ status: z.string().optional() }) },
  responses: { 200: json(z.object({ items: z.array(GoalSchema) }), "The goals"), ...badInput, ...denied },
});
const createGoalRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/goals",
  tags: ["learners"],
  summary: "Set a goal (the learner or a teacher of theirs)",
  middleware: [idempotent] as const,
  request: {
    params: LearnerParam,
    headers: IdempotencyHeader,
    ...body(
      z.object({
        title: z.string(),
        description: z.string().optional(),
        competencyIds: z.array(z.string()).optional(),
        targetDate: z.string().nullable().optional().openapi({ format: "date" }),
      }),
    ),
  },
  responses: { 201: json(GoalSchema, "Created", true), ...badInput, ...denied },
});
const updateGoalRoute = createRoute({
  method: "patch",
  path: "/goals/{goalId}",
  tags: ["learners"],
  summary: "Change a goal: title, competencies, target date, or mark it achieved or dropped (If-Match)",
  request: {
    params: GoalParam,
    headers: IfMatchHeader,
    ...body(
      z.object({
        title: z.string().optional(),
        description: z.string().optional(),
        competencyIds: z.array(z.string()).optional(),
        targetDate: z.string().nullable().optional(),
        status: z.string().optional(),
      }),
    ),
  },
  responses: { 200: json(GoalSchema, "Saved", true), ...badInput, ...denied, ...stale },
});
const listCheckInsRoute = createRoute({
  method: "get",
  path: "/goals/{goalId}/check-ins",
  tags: ["learners"],
  summary: "A goal's check-ins, oldest first",
  request: { params: GoalParam },
  responses: { 200: json(z.object({ items: z.array(CheckInSchema) }), "The check-ins"), ...denied },
});
const addCheckInRoute = createRoute({
  method: "post",
  path: "/goals/{goalId}/check-ins",
  tags: ["learners"],
  summary: "Check in on an active goal (the learner or a teacher of theirs)",
  middleware: [idempotent] as const,
  request: {
    params: GoalParam,
    headers: IdempotencyHeader,
    ...body(z.object({ note: z.string(), progress: z.number().int().nullable().optional() })),
  },
  responses: { 201: json(CheckInSchema, "Added"), ...badInput, ...denied, ...conflict },
});

export const learnerRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getProfileRoute, async (c) => {
    const profile = await getLearnerProfile(signedIn(c), c.req.valid("param").learnerId);
    c.header("ETag", etagOf(profile.version));
    return c.json(profileOut(profile), 200);
  })
  .openapi(updateProfileRoute, async (c) => {
    const profile = await updateLearnerProfile(
      signedIn(c),
      c.req.valid("param").learnerId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(profile.version));
    return c.json(profileOut(profile), 200);
  })
  .openapi(getAccommodationsRoute, async (c) => {
    const view = await getAccommodations(signedIn(c), c.req.valid("param").learnerId);
    c.header("ETag", etagOf(view.version));
    return c.json(accommodationsOut(view), 200);
  })
  .openapi(setAccommodationsRoute, async (c) => {
    const view = await setAccommodations(
      signedIn(c),
      c.req.valid("param").learnerId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(view.version));
    return c.json(accommodationsOut(view), 200);
  })
  .openapi(listGoalsRoute, async (c) =>
    c.json(
      {
        items: (await listGoals(signedIn(c), c.req.valid("param").learnerId, c.req.valid("query"))).map(
          goalOut,
        ),
      },
      200,
    ),
  )
  .openapi(createGoalRoute, async (c) => {
    const goal = await createGoal(signedIn(c), c.req.valid("param").learnerId, c.req.valid("json"));
    c.header("ETag", etagOf(goal.version));
    return c.json(goalOut(goal), 201);
  })
  .openapi(updateGoalRoute, async (c) => {
    const goal = await updateGoal(
      signedIn(c),
      c.req.valid("param").goalId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(goal.version));
    return c.json(goalOut(goal), 200);
  })
  .openapi(listCheckInsRoute, async (c) =>
    c.json(
      { items: (await listGoalCheckIns(signedIn(c), c.req.valid("param").goalId)).map(checkInOut) },
      200,
    ),
  )
  .openapi(addCheckInRoute, async (c) =>
    c.json(
      checkInOut(await addGoalCheckIn(signedIn(c), c.req.valid("param").goalId, c.req.valid("json"))),
      201,
    ),
  );

/**
 * The central loop over HTTP: record evidence about a learner, read their mastery, ask for their
 * choice board, read the decision ledger, contest a decision, override it, resolve a contest, and
 * the class mastery matrix.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  buildLearnerChoiceBoard,
  classMasteryMatrix,
  contestDecision,
  getLearnerMastery,
  listDecisions,
  overrideDecision,
  pickBoardOption,
  recordAnswerAndNextBoard,
  recordEvidence,
  resolveContest,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { idempotencyKey, idempotent } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { errorResponses } from "../http/schemas.js";
import { IdempotencyHeader, denied, conflict, json, pathParam } from "../http/route-kit.js";

const LearnerParam = pathParam("learnerId");
const DecisionParam = pathParam("decisionId");
const ContestParam = pathParam("contestId");
const ClassParam = pathParam("classId");

const MasteryReport = z.object({
  probability: z.number(),
  confidence: z.object({ lower: z.number(), upper: z.number(), evidenceCount: z.number() }),
  status: z.string(),
  competencyId: z.string(),
});
const EvidenceBody = z
  .object({
    kind: z.enum(["attempt", "rubric_score", "observation", "self_assessment", "activity"]),
    competencyIds: z.array(z.uuid()).min(1),
    itemId: z.uuid().optional(),
    variantId: z.uuid().optional(),
    taskId: z.uuid().optional(),
    response: z.unknown().optional(),
    correct: z.boolean().optional(),
    score: z.number().min(0).max(1).optional(),
    durationSeconds: z.number().min(0).optional(),
    occurredAt: z.string().optional().openapi({ format: "date-time" }),
    source: z.enum(["web", "api", "paper", "offline", "xapi", "import"]).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("EvidenceInput");
const EvidenceFields = z.object({
  id: z.uuid(),
  learnerId: z.uuid(),
  kind: z.string(),
  competencyIds: z.array(z.uuid()),
  correct: z.boolean().nullable(),
  score: z.number().nullable(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  replayed: z.boolean(),
  update: z
    .object({
      modelName: z.string(),
      changes: z.array(z.object({ competencyId: z.string(), before: MasteryReport, after: MasteryReport })),
    })
    .nullable(),
});
const Board = z
  .object({
    learnerId: z.uuid(),
    options: z.array(
      z.object({
        decisionId: z.uuid(),
        kind: z.enum(["learn-new", "practice", "review"]),
        competencyId: z.string(),
        activityId: z.string(),
        level: z.string(),
        modality: z.string(),
        language: z.string(),
        minutes: z.number(),
        why: z.string(),
      }),
    ),
    shortBecause: z.string().nullable(),
  })
  .openapi("ChoiceBoard");
const Evidence = EvidenceFields.extend({
  board: Board.optional().openapi({
    description:
      "With `?next=board`: the learner's next choice board, built on the state this answer produced.",
  }),
}).openapi("Evidence");
const LedgerEntry = z
  .object({
    id: z.uuid(),
    createdAt: z.string(),
    competencyId: z.string().nullable(),
    what: z.string(),
    how: z.array(z.string()),
    who: z.object({
      kind: z.string(),
      userId: z.string().nullable(),
      model: z.string().nullable(),
      modelVersion: z.string().nullable(),
    }),
    basedOn: z.array(z.unknown()),
    why: z.string(),
    payload: z.record(z.string(), z.unknown()),
    supersedes: z.string().nullable(),
    supersededBy: z.string().nullable(),
    contests: z.array(
      z.object({ id: z.string(), status: z.string(), reason: z.string(), resolution: z.string().nullable() }),
    ),
  })
  .openapi("Decision");

const recordRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/evidence",
  tags: ["evidence"],
  summary: "Record evidence about a learner; their mastery is updated in the same transaction",
  description:
    "With `?next=board` this is the whole central loop in one request: the answer is recorded, the state " +
    "updated, and the learner's next choice board built, written to the decision ledger and returned in " +
    "`board` — all in one transaction. The learner or their teacher may ask for the board.",
  middleware: [idempotent] as const,
  request: {
    params: LearnerParam,
    query: z.object({
      next: z
        .enum(["board"])
        .optional()
        .openapi({ description: "`board`: also return the learner's next choice board." }),
    }),
    headers: IdempotencyHeader,
    body: { content: { "application/json": { schema: EvidenceBody } }, required: true },
  },
  responses: {
    201: json(Evidence, "Recorded (or, with a key already used, the evidence recorded then)"),
    400: errorResponses[400],
    ...denied,
    ...conflict,
  },
});
const masteryRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/mastery",
  tags: ["personalization"],
  summary: "A learner's mastery per competency, with confidence",
  request: { params: LearnerParam },
  responses: {
    200: json(
      z.object({
        competencies: z.array(
          z.object({
            competencyId: z.string(),
            code: z.string().nullable(),
            statement: z.string(),
            probability: z.number(),
            lower: z.number(),
            upper: z.number(),
            evidenceCount: z.number(),
            status: z.string(),
            masteredAt: z.string().nullable(),
            updatedAt: z.string(),
          }),
        ),
      }),
      "Mastery",
    ),
    ...denied,
  },
});
const boardRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/choice-board",
  tags: ["personalization"],
  summary: "Build the learner's choice board now; every option is written to the decision ledger",
  request: { params: LearnerParam },
  responses: { 200: json(Board, "The board"), ...denied },
});
const ledgerRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/decisions",
  tags: ["personalization"],
  summary: "The learner's decision ledger, newest first",
  request: {
    params: LearnerParam,
    query: z.object({
      limit: z.string().optional(),
      cursor: z.string().optional(),
      competencyId: z.uuid().optional(),
    }),
  },
  responses: {
    200: json(
      z.object({ items: z.array(LedgerEntry), nextCursor: z.string().nullable() }),
      "A page of decisions",
    ),
    400: errorResponses[400],
    ...denied,
  },
});
const Contest = z
  .object({
    id: z.uuid(),
    decisionId: z.uuid(),
    learnerId: z.uuid(),
    reason: z.string(),
    status: z.string(),
    resolution: z.string().nullable(),
  })
  .openapi("Contest");
const contestRoute = createRoute({
  method: "post",
  path: "/decisions/{decisionId}/contests",
  tags: ["personalization"],
  summary: 'Contest a decision: "not this — because …" (the learner)',
  request: {
    params: DecisionParam,
    body: { content: { "application/json": { schema: z.object({ reason: z.string() }) } }, required: true },
  },
  responses: { 201: json(Contest, "Contested"), 400: errorResponses[400], ...denied },
});
const BoardPick = z
  .object({
    id: z.uuid(),
    decisionId: z.uuid(),
    options: z.array(z.uuid()),
    activityId: z.string().nullable(),
    createdAt: z.string(),
    replayed: z.boolean(),
  })
  .openapi("BoardPick");
const pickRoute = createRoute({
  method: "post",
  path: "/learners/{learnerId}/decisions/{decisionId}/picks",
  tags: ["personalization"],
  summary: "The learner picks an option of a choice board they were given; the pick goes to the ledger",
  description:
    "Recorded as a decision by the learner: the option chosen (`decisionId`) among the board's options " +
    "(`options`, the board's decision ids). Picking the same option again records nothing new (`replayed`).",
  middleware: [idempotent] as const,
  request: { params: LearnerParam.extend(DecisionParam.shape), headers: IdempotencyHeader },
  responses: { 201: json(BoardPick, "The pick"), ...denied },
});
const overrideRoute = createRoute({
  method: "post",
  path: "/decisions/{decisionId}/overrides",
  tags: ["personalization"],
  summary: "Override a decision with a reason (a teacher of the learner)",
  request: {
    params: DecisionParam,
    body: {
      content: {
        "application/json": {
          schema: z.object({ reason: z.string(), replacement: z.record(z.string(), z.unknown()).optional() }),
        },
      },
      required: true,
    },
  },
  responses: {
    201: json(z.object({ id: z.uuid(), supersedes: z.uuid() }), "The overriding decision"),
    400: errorResponses[400],
    ...denied,
    ...conflict,
  },
});
const resolveRoute = createRoute({
  method: "post",
  path: "/contests/{contestId}/resolution",
  tags: ["personalization"],
  summary: "Resolve a contest: uphold the decision, or change it (a teacher of the learner)",
  request: {
    params: ContestParam,
    body: {
      content: {
        "application/json": {
          schema: z.object({
            outcome: z.enum(["upheld", "changed"]),
            resolution: z.string(),
            replacement: z.record(z.string(), z.unknown()).optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(z.object({ contest: Contest, overrideId: z.uuid().nullable() }), "Resolved"),
    400: errorResponses[400],
    ...denied,
    ...conflict,
  },
});
const MatrixCell = z.tuple([z.number(), z.number(), z.number(), z.string()]).nullable().openapi({
  description:
    "[probability, lower, upper, status] (probabilities to three decimals), or null when the learner has no evidence of this competency yet",
});
const matrixRoute = createRoute({
  method: "get",
  path: "/classes/{classId}/mastery-matrix",
  tags: ["insights"],
  summary: "Learners × competencies of the class, each cell the current estimate",
  request: { params: ClassParam },
  responses: {
    200: json(
      z.object({
        learners: z.array(
          z.object({
            id: z.uuid(),
            givenName: z.string(),
            familyName: z.string(),
            grade: z.string().nullable(),
          }),
        ),
        competencies: z.array(
          z.object({
            id: z.uuid(),
            code: z.string().nullable(),
            statement: z.string(),
            depth: z.number().int(),
          }),
        ),
        cellFields: z.tuple([
          z.literal("probability"),
          z.literal("lower"),
          z.literal("upper"),
          z.literal("status"),
        ]),
        cells: z.record(z.uuid(), z.array(MatrixCell)).openapi({
          description:
            "Per learner with any evidence in these competencies: one cell per competency, in the order of `competencies`",
        }),
      }),
      "The matrix",
    ),
    ...denied,
  },
});

const toThousandths = (value: number) => Math.round(value * 1000) / 1000;

export const personalizationRoutes = new OpenAPIHono<AppEnv>()
  .openapi(recordRoute, async (c) => {
    const { learnerId } = c.req.valid("param");
    const input = { ...c.req.valid("json"), learnerId, idempotencyKey: idempotencyKey(c) };
    const result =
      c.req.valid("query").next === "board"
        ? await recordAnswerAndNextBoard(signedIn(c), input)
        : await recordEvidence(signedIn(c), input);
    const body = {
      ...result,
      occurredAt: result.occurredAt.toISOString(),
      recordedAt: result.recordedAt.toISOString(),
    };
    // A replay answers like the first time (201) with `replayed: true`, so a retrying client needs no special case.
    return c.json(body, 201);
  })
  .openapi(masteryRoute, async (c) => {
    const rows = await getLearnerMastery(signedIn(c), c.req.valid("param").learnerId);
    return c.json(
      {
        competencies: rows.map((r) => ({
          ...r,
          masteredAt: r.masteredAt?.toISOString() ?? null,
          updatedAt: r.updatedAt.toISOString(),
        })),
      },
      200,
    );
  })
  .openapi(boardRoute, async (c) =>
    c.json(await buildLearnerChoiceBoard(signedIn(c), c.req.valid("param").learnerId), 200),
  )
  .openapi(ledgerRoute, async (c) => {
    const page = await listDecisions(signedIn(c), c.req.valid("param").learnerId, c.req.valid("query"));
    return c.json(
      {
        nextCursor: page.nextCursor,
        items: page.items.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
      },
      200,
    );
  })
  .openapi(contestRoute, async (c) => {
    const contest = await contestDecision(signedIn(c), c.req.valid("param").decisionId, c.req.valid("json"));
    return c.json(
      {
        id: contest.id,
        decisionId: contest.decisionId,
        learnerId: contest.learnerId,
        reason: contest.reason,
        status: contest.status,
        resolution: contest.resolution,
      },
      201,
    );
  })
  .openapi(pickRoute, async (c) => {
    const { learnerId, decisionId } = c.req.valid("param");
    const pick = await pickBoardOption(signedIn(c), learnerId, decisionId);
    return c.json({ ...pick, createdAt: pick.createdAt.toISOString() }, 201);
  })
  .openapi(overrideRoute, async (c) => {
    const row = await overrideDecision(signedIn(c), c.req.valid("param").decisionId, c.req.valid("json"));
    return c.json({ id: row.id, supersedes: row.supersedesId! }, 201);
  })
  .openapi(resolveRoute, async (c) => {
    const { contest, override } = await resolveContest(
      signedIn(c),
      c.req.valid("param").contestId,
      c.req.valid("json"),
    );
    return c.json(
      {
        contest: {
          id: contest.id,
          decisionId: contest.decisionId,
          learnerId: contest.learnerId,
          reason: contest.reason,
          status: contest.status,
          resolution: contest.resolution,
        },
        overrideId: override?.id ?? null,
      },
      200,
    );
  })
  .openapi(matrixRoute, async (c) => {
    const matrix = await classMasteryMatrix(signedIn(c), c.req.valid("param").classId);
    const cells: Record<string, ([number, number, number, string] | null)[]> = {};
    for (const [learnerId, row] of Object.entries(matrix.cells)) {
      cells[learnerId] = row.map((cell) =>
        cell
          ? [
              toThousandths(cell.probability),
              toThousandths(cell.lower),
              toThousandths(cell.upper),
              cell.status,
            ]
          : null,
      );
    }
    return c.json(
      {
        learners: matrix.learners,
        competencies: matrix.competencies,
        cellFields: ["probability", "lower", "upper", "status"] as [
          "probability",
          "lower",
          "upper",
          "status",
        ],
        cells,
      },
      200,
    );
  });

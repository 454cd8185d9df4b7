/**
 * Content over HTTP: resources (with ETag / If-Match edits, archiving and uploaded files), items
 * and their interest-context variants, serving an item to a learner without its key, answering it,
 * rubrics and tasks, the teachers' scoring queue, and teacher-authored choice boards.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  addItemVariant,
  answerItem,
  archiveItem,
  archiveResource,
  createChoiceBoard,
  createItem,
  createResource,
  createRubric,
  createTask,
  deliverItem,
  getItem,
  getResource,
  getResourceFile,
  getRubric,
  getTask,
  listClassChoiceBoards,
  listItems,
  listLearnerSubmissions,
  listResources,
  listScoringQueue,
  pickChoiceBoardOption,
  scoreSubmission,
  submitTask,
  getChoiceBoard,
  updateChoiceBoard,
  updateItem,
  updateResource,
  updateRubric,
  updateTask,
  type ChoiceBoardView,
  type Item,
  type QueuedSubmission,
  type Resource,
  type Rubric,
  type Submission,
  type TaskWithRubric,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { etagOf, idempotencyKey, idempotent, ifMatchVersion } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { errorResponses, ErrorSchema } from "../http/schemas.js";
import { IdempotencyHeader, denied, conflict, json, body, pathParam } from "../http/route-kit.js";

const ResourceParam = pathParam("resourceId");
const ItemParam = pathParam("itemId");
const RubricParam = pathParam("rubricId");
const TaskParam = pathParam("taskId");
const SubmissionParam = pathParam("submissionId");
const ClassParam = pathParam("classId");
const BoardParam = pathParam("boardId");
const IfMatchHeader = z.object({
  "if-match": z.string().optional().openapi({ description: 'The ETag you read, e.g. "v3". Required.' }),
});
const Tags = z.array(z.string());
const Level = z.enum(["below", "at", "above"]);
const Modality = z.enum([
  "video",
  "reading",
  "interactive",
  "practice",
  "project",
  "discussion",
  "audio",
  "game",
  "hands-on",
]);
const FileUpload = z.object({ name: z.string(), contentType: z.string(), base64: z.string() });

const ResourceSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    kind: z.enum(["link", "file", "text"]),
    url: z.string().nullable(),
    body: z.string().nullable(),
    file: z.object({ name: z.string(), contentType: z.string(), sizeBytes: z.number() }).nullable(),
    competencyIds: z.array(z.uuid()),
    level: Level,
    modality: Modality,
    interests: Tags,
    language: z.string(),
    expectedMinutes: z.number(),
    accessibilityFeatures: Tags,
    license: z.string().nullable(),
    archived: z.boolean(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Resource");
const resourceOut = (r: Resource) => ({
  id: r.id,
  title: r.title,
  kind: r.kind,
  url: r.url,
  body: r.body,
  file: r.file,
  competencyIds: r.competencyIds,
  level: r.level,
  modality: r.modality,
  interests: r.interests,
  language: r.language,
  expectedMinutes: r.expectedMinutes,
  accessibilityFeatures: r.accessibilityFeatures,
  license: r.license,
  archived: r.archivedAt !== null,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
const ResourceFieldsBody = z.object({
  title: z.string(),
  url: z.string(),
  body: z.string(),
  file: FileUpload.openapi({ description: "The file's bytes base64-encoded; at most 5 MiB." }),
  competencyIds: z.array(z.string()),
  level: Level,
  modality: Modality,
  interests: Tags,
  language: z.string(),
  expectedMinutes: z.number(),
  accessibilityFeatures: Tags,
  license: z.string().nullable(),
});
const CreateResourceBody = ResourceFieldsBody.partial()
  .extend({
    title: z.string(),
    kind: z.enum(["link", "file", "text"]),
    competencyIds: z.array(z.string()),
    modality: Modality,
    expectedMinutes: z.number(),
  })
  .openapi("ResourceInput");

const ChoiceSchema = z.object({ id: z.string(), text: z.string() });
const ItemBodySchema = z
  .union([
    z.object({ kind: z.literal("single_choice"), choices: z.array(ChoiceSchema), correct: z.string() }),
    z.object({
      kind: z.literal("multiple_choice"),
      choices: z.array(ChoiceSchema),
      correct: z.array(z.string()),
    }),
    z.object({
      kind: z.literal("numeric"),
      answer: z.number(),
      tolerance: z.number().optional(),
      unit: z.string().optional(),
    }),
    z.object({ kind: z.literal("short_text"), modelAnswer: z.string() }),
    z.object({
      kind: z.literal("ordering"),
      entries: z.array(ChoiceSchema),
      correctOrder: z.array(z.string()),
    }),
  ])
  .openapi("ItemBody");
const VariantBody = z
  .object({
    interest: z.string(),
    stem: z.string(),
    texts: z.record(z.string(), z.string()).optional(),
    language: z.string().optional(),
  })
  .openapi("ItemVariantInput");
const VariantSchema = z
  .object({
    id: z.uuid(),
    interest: z.string(),
    stem: z.string(),
    texts: z.record(z.string(), z.string()),
    language: z.string(),
  })
  .openapi("ItemVariant");
const ItemSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    stem: z.string(),
    body: ItemBodySchema,
    competencyIds: z.array(z.uuid()),
    level: Level,
    language: z.string(),
    guessRate: z.number(),
    variants: z.array(VariantSchema),
    archived: z.boolean(),
    version: z.number(),
    revision: z.number().openapi({ description: "The content revision answers are recorded against" }),
    newRevision: z.boolean().optional().openapi({
      description: "After an edit: true when learners had answered the previous revision, which is kept",
    }),
    createdAt: z.string(),
  })
  .openapi("Item");
const itemOut = (i: Item & { newRevision?: boolean }) => ({
  id: i.id,
  kind: i.kind,
  stem: i.stem,
  body: i.body,
  competencyIds: i.competencyIds,
  level: i.level,
  language: i.language,
  guessRate: i.guessRate,
  variants: i.variants.map((v) => ({
    id: v.id,
    interest: v.interest,
    stem: v.stem,
    texts: v.texts,
    language: v.language,
  })),
  archived: i.archivedAt !== null,
  version: i.version,
  revision: i.revision,
  ...(i.newRevision === undefined ? {} : { newRevision: i.newRevision }),
  createdAt: i.createdAt.toISOString(),
});
const DeliveredItemSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    stem: z.string(),
    language: z.string(),
    body: z.object({
      kind: z.string(),
      choices: z.array(ChoiceSchema).optional(),
      entries: z.array(ChoiceSchema).optional(),
      unit: z.string().nullable().optional(),
    }),
    variantId: z.uuid().nullable(),
    interest: z.string().nullable(),
    competencyIds: z.array(z.uuid()),
    accommodations: z
      .object({
        extendedTimeFactor: z.number().nullable(),
        readAloud: z.boolean(),
        reducedChoices: z.boolean(),
        largeText: z.boolean(),
        highContrast: z.boolean(),
        dyslexiaFont: z.boolean(),
        breaks: z.boolean(),
      })
      .nullable()
      .openapi({ description: "To apply when showing the item; reduced choices is already applied." }),
  })
  .openapi("DeliveredItem");
const AnswerSchema = z
  .object({
    itemId: z.uuid(),
    status: z.enum(["scored", "pending"]),
    correct: z.boolean().nullable(),
    feedbackKey: z.string(),
    evidenceId: z.uuid().nullable(),
    submissionId: z.uuid().nullable(),
    replayed: z.boolean(),
    update: z
      .object({ modelName: z.string(), changes: z.array(z.record(z.string(), z.unknown())) })
      .nullable(),
  })
  .openapi("ItemAnswer");

const RubricSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    criteria: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        competencyId: z.uuid(),
        levels: z.array(z.object({ score: z.number(), label: z.string(), description: z.string() })),
      }),
    ),
    version: z.number(),
    revision: z.number().openapi({ description: "The content revision work is scored with" }),
    newRevision: z.boolean().optional(),
    createdAt: z.string(),
  })
  .openapi("Rubric");
const rubricOut = (r: Rubric & { newRevision?: boolean }) => ({
  id: r.id,
  title: r.title,
  criteria: r.criteria,
  version: r.version,
  revision: r.revision,
  ...(r.newRevision === undefined ? {} : { newRevision: r.newRevision }),
  createdAt: r.createdAt.toISOString(),
});
const RubricInputBody = z
  .object({
    title: z.string(),
    criteria: z.array(
      z.object({
        id: z.string().optional(),
        title: z.string(),
        competencyId: z.string(),
        levels: z.array(
          z.object({ score: z.number(), label: z.string(), description: z.string().optional() }),
        ),
      }),
    ),
  })
  .openapi("RubricInput");
const TaskSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    expectedMinutes: z.number(),
    modality: Modality,
    rubric: RubricSchema,
    version: z.number(),
    createdAt: z.string(),
  })
  .openapi("Task");
const taskOut = (t: TaskWithRubric) => ({
  id: t.id,
  title: t.title,
  description: t.description,
  expectedMinutes: t.expectedMinutes,
  modality: t.modality,
  rubric: rubricOut(t.rubric),
  version: t.version,
  createdAt: t.createdAt.toISOString(),
});
const SubmissionSchema = z
  .object({
    id: z.uuid(),
    learnerId: z.uuid(),
    kind: z.enum(["item", "task"]),
    itemId: z.uuid().nullable(),
    taskId: z.uuid().nullable(),
    title: z.string().optional(),
    response: z.record(z.string(), z.unknown()),
    status: z.enum(["pending", "scored"]),
    submittedAt: z.string(),
    scoredAt: z.string().nullable(),
    feedback: z.string().nullable(),
    evidenceIds: z.array(z.uuid()),
  })
  .openapi("Submission");
const submissionOut = (s: Submission | QueuedSubmission) => ({
  id: s.id,
  learnerId: s.learnerId,
  kind: s.kind,
  itemId: s.itemId,
  taskId: s.taskId,
  ...("title" in s ? { title: s.title } : {}),
  response: s.response,
  status: s.status,
  submittedAt: s.submittedAt.toISOString(),
  scoredAt: s.scoredAt?.toISOString() ?? null,
  feedback: s.feedback,
  evidenceIds: s.evidenceIds,
});
const BoardSchema = z
  .object({
    id: z.uuid(),
    classId: z.uuid(),
    title: z.string(),
    instructions: z.string(),
    picksRequired: z.number(),
    version: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    options: z.array(
      z.object({
        id: z.uuid(),
        position: z.number(),
        kind: z.enum(["resource", "item", "task"]),
        refId: z.uuid(),
        title: z.string(),
        note: z.string(),
        pickedBy: z.array(z.uuid()),
      }),
    ),
  })
  .openapi("TeacherChoiceBoard");
const boardOut = ({ updatedAt, ...b }: ChoiceBoardView) => ({
  ...b,
  createdAt: b.createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});

// Resources
const createResourceRoute = createRoute({
  method: "post",
  path: "/resources",
  tags: ["content"],
  summary: "Add a resource: a link, a text, or an uploaded file (teachers and admins)",
  middleware: [idempotent] as const,
  request: { headers: IdempotencyHeader, ...body(CreateResourceBody) },
  responses: { 201: json(ResourceSchema, "Created"), 400: errorResponses[400], ...denied },
});
const listResourcesRoute = createRoute({
  method: "get",
  path: "/resources",
  tags: ["content"],
  summary: "Resources, newest first (learners: those for their classes' competencies)",
  request: {
    query: z.object({
      limit: z.string().optional(),
      cursor: z.string().optional(),
      competencyId: z.string().optional(),
      includeArchived: z.enum(["true", "false"]).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(ResourceSchema), nextCursor: z.string().nullable() }), "A page"),
    400: errorResponses[400],
    ...denied,
  },
});
const getResourceRoute = createRoute({
  method: "get",
  path: "/resources/{resourceId}",
  tags: ["content"],
  summary: "One resource, with its ETag",
  request: { params: ResourceParam },
  responses: { 200: json(ResourceSchema, "The resource"), ...denied },
});
const updateResourceRoute = createRoute({
  method: "patch",
  path: "/resources/{resourceId}",
  tags: ["content"],
  summary: "Edit a resource (If-Match required; a stale edit gets 412)",
  request: {
    params: ResourceParam,
    headers: IfMatchHeader,
    ...body(ResourceFieldsBody.partial().openapi("ResourcePatch")),
  },
  responses: {
    200: json(ResourceSchema, "Updated"),
    400: errorResponses[400],
    ...denied,
    412: { description: "Changed by someone else", content: { "application/json": { schema: ErrorSchema } } },
  },
});
const archiveResourceRoute = createRoute({
  method: "put",
  path: "/resources/{resourceId}/archived",
  tags: ["content"],
  summary: "Archive a resource (hidden from learners and boards) or bring it back",
  request: { params: ResourceParam, ...body(z.object({ archived: z.boolean() })) },
  responses: { 200: json(ResourceSchema, "Updated"), 400: errorResponses[400], ...denied },
});
const resourceFileRoute = createRoute({
  method: "get",
  path: "/resources/{resourceId}/file",
  tags: ["content"],
  summary: "The uploaded file of a resource",
  request: { params: ResourceParam },
  responses: {
    200: { description: "The file", content: { "application/octet-stream": { schema: z.string() } } },
    ...denied,
  },
});

// Items
const createItemRoute = createRoute({
  method: "post",
  path: "/items",
  tags: ["content"],
  summary: "Add an item with its key, and any interest-context variants (teachers and admins)",
  middleware: [idempotent] as const,
  request: {
    headers: IdempotencyHeader,
    ...body(
      z
        .object({
          stem: z.string(),
          body: ItemBodySchema,
          competencyIds: z.array(z.string()),
          level: Level.optional(),
          language: z.string().optional(),
          guessRate: z.number().optional(),
          variants: z.array(VariantBody).optional(),
        })
        .openapi("ItemInput"),
    ),
  },
  responses: { 201: json(ItemSchema, "Created"), 400: errorResponses[400], ...denied },
});
const listItemsRoute = createRoute({
  method: "get",
  path: "/items",
  tags: ["content"],
  summary: "The organization's items with their keys, newest first (teachers and admins)",
  request: {
    query: z.object({
      limit: z.string().optional(),
      cursor: z.string().optional(),
      competencyId: z.string().optional(),
      includeArchived: z.enum(["true", "false"]).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(ItemSchema), nextCursor: z.string().nullable() }), "A page"),
    400: errorResponses[400],
    ...denied,
  },
});
const archiveItemRoute = createRoute({
  method: "put",
  path: "/items/{itemId}/archived",
  tags: ["content"],
  summary: "Archive an item (no longer served, answered or offered) or bring it back",
  request: { params: ItemParam, ...body(z.object({ archived: z.boolean() })) },
  responses: { 200: json(ItemSchema, "Updated"), 400: errorResponses[400], ...denied },
});
const getItemRoute = createRoute({
  method: "get",
  path: "/items/{itemId}",
  tags: ["content"],
  summary: "An item with its answer key and variants (teachers and admins)",
  request: { params: ItemParam },
  responses: { 200: json(ItemSchema, "The item"), ...denied },
});
const addVariantRoute = createRoute({
  method: "post",
  path: "/items/{itemId}/variants",
  tags: ["content"],
  summary: "Add an interest-context variant: the same key, worded for another interest",
  middleware: [idempotent] as const,
  request: { params: ItemParam, headers: IdempotencyHeader, ...body(VariantBody) },
  responses: { 201: json(VariantSchema, "Added"), 400: errorResponses[400], ...denied },
});
const deliverItemRoute = createRoute({
  method: "get",
  path: "/items/{itemId}/delivery",
  tags: ["content"],
  summary: "The item to answer: never its key; a learner gets the variant for their interests and language",
  request: { params: ItemParam },
  responses: { 200: json(DeliveredItemSchema, "The item to answer"), ...denied },
});
const answerItemRoute = createRoute({
  method: "post",
  path: "/items/{itemId}/attempts",
  tags: ["content"],
  summary: "Answer an item (the learner): scored on the server and recorded as evidence",
  middleware: [idempotent] as const,
  request: {
    params: ItemParam,
    headers: IdempotencyHeader,
    ...body(
      z
        .object({
          response: z.unknown().openapi({
            description:
              "{choiceId} | {choiceIds} | {value} | {text} | {order}, by the item's kind (short text waits for a teacher)",
          }),
          variantId: z.uuid().optional(),
          durationSeconds: z.number().optional(),
          occurredAt: z.string().optional(),
          source: z.enum(["web", "api", "offline"]).optional(),
        })
        .openapi("ItemAnswerInput"),
    ),
  },
  responses: {
    201: json(AnswerSchema, "Scored (or waiting for a teacher)"),
    400: errorResponses[400],
    ...denied,
    ...conflict,
  },
});

// Rubrics, tasks, submissions
const createRubricRoute = createRoute({
  method: "post",
  path: "/rubrics",
  tags: ["content"],
  summary: "Add a rubric: criteria × levels, each criterion mapped to a competency",
  middleware: [idempotent] as const,
  request: {
    headers: IdempotencyHeader,
    ...body(RubricInputBody),
  },
  responses: { 201: json(RubricSchema, "Created"), 400: errorResponses[400], ...denied },
});
const getRubricRoute = createRoute({
  method: "get",
  path: "/rubrics/{rubricId}",
  tags: ["content"],
  summary: "A rubric (learners see those of their classes' competencies)",
  request: { params: RubricParam },
  responses: { 200: json(RubricSchema, "The rubric"), ...denied },
});
const createTaskRoute = createRoute({
  method: "post",
  path: "/tasks",
  tags: ["content"],
  summary: "Add a task or project scored by a rubric",
  middleware: [idempotent] as const,
  request: {
    headers: IdempotencyHeader,
    ...body(
      z
        .object({
          title: z.string(),
          description: z.string(),
          rubricId: z.string(),
          expectedMinutes: z.number(),
          modality: Modality.optional(),
        })
        .openapi("TaskInput"),
    ),
  },
  responses: { 201: json(TaskSchema, "Created"), 400: errorResponses[400], ...denied },
});
const getTaskRoute = createRoute({
  method: "get",
  path: "/tasks/{taskId}",
  tags: ["content"],
  summary: "A task with its rubric",
  request: { params: TaskParam },
  responses: { 200: json(TaskSchema, "The task"), ...denied },
});
const submitTaskRoute = createRoute({
  method: "post",
  path: "/tasks/{taskId}/submissions",
  tags: ["content"],
  summary: "Hand in my work on a task (the learner); it waits for my teacher's scoring",
  middleware: [idempotent] as const,
  request: {
    params: TaskParam,
    headers: IdempotencyHeader,
    ...body(z.object({ text: z.string().optional(), url: z.string().optional() })),
  },
  responses: { 201: json(SubmissionSchema, "Handed in"), 400: errorResponses[400], ...denied, ...conflict },
});
const queueRoute = createRoute({
  method: "get",
  path: "/me/scoring-queue",
  tags: ["content"],
  summary: "Work waiting for me to score: short answers and task submissions, oldest first",
  responses: { 200: json(z.object({ items: z.array(SubmissionSchema) }), "The queue"), ...denied },
});
const LearnerParam = pathParam("learnerId");
const learnerSubmissionsRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/submissions",
  tags: ["content"],
  summary: "A learner's handed-in work and its scoring, newest first (the learner, their teachers, admins)",
  request: {
    params: LearnerParam,
    query: z.object({ limit: z.string().optional(), cursor: z.string().optional() }),
  },
  responses: {
    200: json(z.object({ items: z.array(SubmissionSchema), nextCursor: z.string().nullable() }), "A page"),
    400: errorResponses[400],
    ...denied,
  },
});
const scoreRoute = createRoute({
  method: "post",
  path: "/submissions/{submissionId}/score",
  tags: ["content"],
  summary: "Score a short answer (correct) or a task (a level per rubric criterion); evidence is recorded",
  request: {
    params: SubmissionParam,
    ...body(
      z
        .object({
          correct: z.boolean().optional(),
          levels: z.record(z.string(), z.number()).optional(),
          feedback: z.string().optional(),
        })
        .openapi("ScoreInput"),
    ),
  },
  responses: {
    200: json(
      z.object({
        submission: SubmissionSchema,
        evidence: z.array(
          z.object({
            id: z.uuid(),
            kind: z.string(),
            competencyIds: z.array(z.uuid()),
            score: z.number().nullable(),
          }),
        ),
      }),
      "Scored",
    ),
    400: errorResponses[400],
    ...denied,
    ...conflict,
  },
});

// Teacher-authored choice boards
const createBoardRoute = createRoute({
  method: "post",
  path: "/classes/{classId}/choice-boards",
  tags: ["content"],
  summary: "Make a choice board for a unit: a menu of resources, items and tasks (the class's teachers)",
  middleware: [idempotent] as const,
  request: {
    params: ClassParam,
    headers: IdempotencyHeader,
    ...body(
      z
        .object({
          title: z.string(),
          instructions: z.string().optional(),
          picksRequired: z.number().optional(),
          options: z.array(
            z.object({
              kind: z.enum(["resource", "item", "task"]),
              refId: z.string(),
              note: z.string().optional(),
            }),
          ),
        })
        .openapi("TeacherChoiceBoardInput"),
    ),
  },
  responses: { 201: json(BoardSchema, "Created"), 400: errorResponses[400], ...denied },
});
const listBoardsRoute = createRoute({
  method: "get",
  path: "/classes/{classId}/choice-boards",
  tags: ["content"],
  summary: "The class's choice boards (teachers see every pick; a learner their own)",
  request: { params: ClassParam },
  responses: { 200: json(z.object({ items: z.array(BoardSchema) }), "The boards"), ...denied },
});
const pickRoute = createRoute({
  method: "post",
  path: "/choice-boards/{boardId}/picks",
  tags: ["content"],
  summary: "Pick an option of a board (a learner of the class)",
  request: { params: BoardParam, ...body(z.object({ optionId: z.string() })) },
  responses: {
    201: json(
      z.object({
        id: z.uuid(),
        boardId: z.uuid(),
        optionId: z.uuid(),
        learnerId: z.uuid(),
        pickedAt: z.string(),
        replayed: z.boolean(),
      }),
      "Picked (or already picked)",
    ),
    400: errorResponses[400],
    ...denied,
    ...conflict,
  },
});

// Editing (If-Match required: missing → 428, stale → 412)
const staleOrMissing = {
  412: {
    description: "Changed by someone else since your version",
    content: { "application/json": { schema: ErrorSchema } },
  },
  428: { description: "No If-Match sent", content: { "application/json": { schema: ErrorSchema } } },
};
const updateItemRoute = createRoute({
  method: "patch",
  path: "/items/{itemId}",
  tags: ["content"],
  summary: "Edit an item and its variants (once answered, a new revision is started and the old one kept)",
  request: {
    params: ItemParam,
    headers: IfMatchHeader,
    ...body(
      z
        .object({
          stem: z.string(),
          body: ItemBodySchema,
          competencyIds: z.array(z.string()),
          level: Level,
          language: z.string(),
          guessRate: z.number(),
          variants: z.array(VariantBody.extend({ id: z.string().optional() })).openapi({
            description:
              "The complete list: with an id keeps that variant, without is new, left out is removed",
          }),
        })
        .partial()
        .openapi("ItemPatch"),
    ),
  },
  responses: {
    200: json(ItemSchema, "Updated", true),
    400: errorResponses[400],
    ...denied,
    ...staleOrMissing,
  },
});
const updateRubricRoute = createRoute({
  method: "patch",
  path: "/rubrics/{rubricId}",
  tags: ["content"],
  summary:
    "Edit a rubric (once work was handed in against it, a new revision is started and the old one kept)",
  request: {
    params: RubricParam,
    headers: IfMatchHeader,
    ...body(RubricInputBody.partial().openapi("RubricPatch")),
  },
  responses: {
    200: json(RubricSchema, "Updated", true),
    400: errorResponses[400],
    ...denied,
    ...staleOrMissing,
  },
});
const updateTaskRoute = createRoute({
  method: "patch",
  path: "/tasks/{taskId}",
  tags: ["content"],
  summary: "Edit a task or project",
  request: {
    params: TaskParam,
    headers: IfMatchHeader,
    ...body(
      z
        .object({
          title: z.string(),
          description: z.string(),
          rubricId: z.string(),
          expectedMinutes: z.number(),
          modality: Modality,
        })
        .partial()
        .openapi("TaskPatch"),
    ),
  },
  responses: {
    200: json(TaskSchema, "Updated", true),
    400: errorResponses[400],
    ...denied,
    ...staleOrMissing,
  },
});
const getBoardRoute = createRoute({
  method: "get",
  path: "/choice-boards/{boardId}",
  tags: ["content"],
  summary: "One choice board (the class's teachers see every pick; a learner their own)",
  request: { params: BoardParam },
  responses: { 200: json(BoardSchema, "The board", true), ...denied },
});
const updateBoardRoute = createRoute({
  method: "patch",
  path: "/choice-boards/{boardId}",
  tags: ["content"],
  summary: "Edit a choice board: title, instructions, picks, options (picked options cannot be removed)",
  request: {
    params: BoardParam,
    headers: IfMatchHeader,
    ...body(
      z
        .object({
          title: z.string(),
          instructions: z.string(),
          picksRequired: z.number(),
          options: z.array(
            z.object({
              id: z.string().optional(),
              kind: z.enum(["resource", "item", "task"]),
              refId: z.string(),
              note: z.string().optional(),
            }),
          ),
        })
        .partial()
        .openapi("TeacherChoiceBoardPatch"),
    ),
  },
  responses: {
    200: json(BoardSchema, "Updated", true),
    400: errorResponses[400],
    ...denied,
    ...staleOrMissing,
  },
});

export const contentRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createResourceRoute, async (c) => {
    const resource = await createResource(signedIn(c), c.req.valid("json"));
    c.header("ETag", etagOf(resource.version));
    return c.json(resourceOut(resource), 201);
  })
  .openapi(listResourcesRoute, async (c) => {
    const page = await listResources(signedIn(c), c.req.valid("query"));
    return c.json({ items: page.items.map(resourceOut), nextCursor: page.nextCursor }, 200);
  })
  .openapi(getResourceRoute, async (c) => {
    const resource = await getResource(signedIn(c), c.req.valid("param").resourceId);
    c.header("ETag", etagOf(resource.version));
    return c.json(resourceOut(resource), 200);
  })
  .openapi(updateResourceRoute, async (c) => {
    const resource = await updateResource(
      signedIn(c),
      c.req.valid("param").resourceId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(resource.version));
    return c.json(resourceOut(resource), 200);
  })
  .openapi(archiveResourceRoute, async (c) => {
    const resource = await archiveResource(
      signedIn(c),
      c.req.valid("param").resourceId,
      c.req.valid("json").archived,
    );
    c.header("ETag", etagOf(resource.version));
    return c.json(resourceOut(resource), 200);
  })
  .openapi(resourceFileRoute, async (c) => {
    const file = await getResourceFile(signedIn(c), c.req.valid("param").resourceId);
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.name.replace(/["\\\r\n]/g, "_")}"`,
      "x-content-type-options": "nosniff",
    });
  })
  .openapi(createItemRoute, async (c) => {
    const item = await createItem(signedIn(c), c.req.valid("json"));
    c.header("ETag", etagOf(item.version));
    return c.json(itemOut(item), 201);
  })
  .openapi(listItemsRoute, async (c) => {
    const page = await listItems(signedIn(c), c.req.valid("query"));
    return c.json({ items: page.items.map(itemOut), nextCursor: page.nextCursor }, 200);
  })
  .openapi(archiveItemRoute, async (c) =>
    c.json(
      itemOut(await archiveItem(signedIn(c), c.req.valid("param").itemId, c.req.valid("json").archived)),
      200,
    ),
  )
  .openapi(getItemRoute, async (c) => {
    const item = await getItem(signedIn(c), c.req.valid("param").itemId);
    c.header("ETag", etagOf(item.version));
    return c.json(itemOut(item), 200);
  })
  .openapi(updateItemRoute, async (c) => {
    const item = await updateItem(
      signedIn(c),
      c.req.valid("param").itemId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(item.version));
    return c.json(itemOut(item), 200);
  })
  .openapi(addVariantRoute, async (c) => {
    const v = await addItemVariant(signedIn(c), c.req.valid("param").itemId, c.req.valid("json"));
    return c.json(
      { id: v.id, interest: v.interest, stem: v.stem, texts: v.texts, language: v.language },
      201,
    );
  })
  .openapi(deliverItemRoute, async (c) =>
    c.json(await deliverItem(signedIn(c), c.req.valid("param").itemId), 200),
  )
  .openapi(answerItemRoute, async (c) => {
    const result = await answerItem(
      signedIn(c),
      c.req.valid("param").itemId,
      c.req.valid("json"),
      idempotencyKey(c),
    );
    return c.json(result, 201);
  })
  .openapi(createRubricRoute, async (c) =>
    c.json(rubricOut(await createRubric(signedIn(c), c.req.valid("json"))), 201),
  )
  .openapi(getRubricRoute, async (c) => {
    const rubric = await getRubric(signedIn(c), c.req.valid("param").rubricId);
    c.header("ETag", etagOf(rubric.version));
    return c.json(rubricOut(rubric), 200);
  })
  .openapi(updateRubricRoute, async (c) => {
    const rubric = await updateRubric(
      signedIn(c),
      c.req.valid("param").rubricId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(rubric.version));
    return c.json(rubricOut(rubric), 200);
  })
  .openapi(createTaskRoute, async (c) =>
    c.json(taskOut(await createTask(signedIn(c), c.req.valid("json"))), 201),
  )
  .openapi(getTaskRoute, async (c) => {
    const task = await getTask(signedIn(c), c.req.valid("param").taskId);
    c.header("ETag", etagOf(task.version));
    return c.json(taskOut(task), 200);
  })
  .openapi(updateTaskRoute, async (c) => {
    const task = await updateTask(
      signedIn(c),
      c.req.valid("param").taskId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(task.version));
    return c.json(taskOut(task), 200);
  })
  .openapi(submitTaskRoute, async (c) => {
    const submission = await submitTask(
      signedIn(c),
      c.req.valid("param").taskId,
      c.req.valid("json"),
      idempotencyKey(c),
    );
    return c.json(submissionOut(submission), 201);
  })
  .openapi(queueRoute, async (c) =>
    c.json({ items: (await listScoringQueue(signedIn(c))).map(submissionOut) }, 200),
  )
  .openapi(learnerSubmissionsRoute, async (c) => {
    const page = await listLearnerSubmissions(
      signedIn(c),
      c.req.valid("param").learnerId,
      c.req.valid("query"),
    );
    return c.json({ items: page.items.map(submissionOut), nextCursor: page.nextCursor }, 200);
  })
  .openapi(scoreRoute, async (c) => {
    const result = await scoreSubmission(signedIn(c), c.req.valid("param").submissionId, c.req.valid("json"));
    return c.json(
      {
        submission: submissionOut(result.submission),
        evidence: result.evidence.map((e) => ({
          id: e.id,
          kind: e.kind,
          competencyIds: e.competencyIds,
          score: e.score,
        })),
      },
      200,
    );
  })
  .openapi(createBoardRoute, async (c) =>
    c.json(
      boardOut(await createChoiceBoard(signedIn(c), c.req.valid("param").classId, c.req.valid("json"))),
      201,
    ),
  )
  .openapi(listBoardsRoute, async (c) =>
    c.json(
      { items: (await listClassChoiceBoards(signedIn(c), c.req.valid("param").classId)).map(boardOut) },
      200,
    ),
  )
  .openapi(getBoardRoute, async (c) => {
    const board = await getChoiceBoard(signedIn(c), c.req.valid("param").boardId);
    c.header("ETag", etagOf(board.version));
    return c.json(boardOut(board), 200);
  })
  .openapi(updateBoardRoute, async (c) => {
    const board = await updateChoiceBoard(
      signedIn(c),
      c.req.valid("param").boardId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(board.version));
    return c.json(boardOut(board), 200);
  })
  .openapi(pickRoute, async (c) => {
    const pick = await pickChoiceBoardOption(signedIn(c), c.req.valid("param").boardId, c.req.valid("json"));
    return c.json({ ...pick, pickedAt: pick.pickedAt.toISOString() }, 201);
  });

/**
 * Roster administration over HTTP (admins of the organization): schools and terms, classes, people
 * and roles, enrollments, guardianships, and OneRoster 1.2 imports (a zip, or its CSV files as JSON).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import {
  createClass,
  createPerson,
  createSchool,
  createTerm,
  enrollInClass,
  importOneRoster,
  importOneRosterZip,
  listAuditEvents,
  linkGuardian,
  listPeople,
  listSchools,
  MAX_ROSTER_BYTES,
  removeFromClass,
  unlinkGuardian,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { idempotent } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { errorResponses } from "../http/schemas.js";
import { IdempotencyHeader, denied, json, body, pathParam } from "../http/route-kit.js";

const Any = z.record(z.string(), z.unknown());
const ClassParam = pathParam("classId");

const create = (path: string, summary: string, schema: z.ZodType) =>
  createRoute({
    method: "post",
    path,
    tags: ["roster"],
    summary,
    middleware: [idempotent] as const,
    request: { headers: IdempotencyHeader, ...body(schema) },
    responses: { 201: json(Any, "Created"), 400: errorResponses[400], ...denied },
  });

const schoolsRoute = createRoute({
  method: "get",
  path: "/admin/schools",
  tags: ["roster"],
  summary: "The organization's schools, each with its terms (admins)",
  responses: { 200: json(z.object({ items: z.array(Any) }), "Schools"), ...denied },
});
const createSchoolRoute = create(
  "/admin/schools",
  "Create a school (admins)",
  z.object({ name: z.string() }),
);
const createTermRoute = create(
  "/admin/terms",
  "Create a term of a school (admins)",
  z.object({ schoolId: z.uuid(), name: z.string(), startsOn: z.string(), endsOn: z.string() }),
);
const createClassRoute = create(
  "/admin/classes",
  "Create a class (admins)",
  z.object({
    schoolId: z.uuid(),
    termId: z.uuid(),
    name: z.string(),
    grade: z.string().optional(),
    frameworkId: z.uuid().optional(),
  }),
);
const peopleRoute = createRoute({
  method: "get",
  path: "/admin/people",
  tags: ["roster"],
  summary: "People of the organization with their roles, filtered by role or name/email (admins)",
  request: {
    query: z.object({
      role: z.string().optional(),
      q: z.string().optional(),
      limit: z.string().optional(),
      offset: z.string().optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(Any), nextOffset: z.number().nullable() }), "People"),
    400: errorResponses[400],
    ...denied,
  },
});
const createPersonRoute = create(
  "/admin/people",
  "Create a person with roles; with a password they can sign in (admins)",
  z.object({
    email: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    roles: z.array(z.enum(["learner", "teacher", "guardian", "admin"])),
    grade: z.string().optional(),
    locale: z.enum(["en", "es"]).optional(),
    password: z.string().optional(),
  }),
);
const enrollRoute = createRoute({
  method: "post",
  path: "/classes/{classId}/enrollments",
  tags: ["roster"],
  summary: "Enroll a person in a class, or change their role in it (admins)",
  request: {
    params: ClassParam,
    ...body(z.object({ userId: z.uuid(), role: z.enum(["learner", "teacher", "co-teacher"]) })),
  },
  responses: { 200: json(Any, "Enrolled"), 400: errorResponses[400], ...denied },
});
const unenrollRoute = createRoute({
  method: "delete",
  path: "/classes/{classId}/enrollments/{userId}",
  tags: ["roster"],
  summary: "Remove a person from a class (admins); their evidence stays",
  request: {
    params: ClassParam.extend({ userId: z.uuid().openapi({ param: { name: "userId", in: "path" } }) }),
  },
  responses: { 204: { description: "Removed (or was not enrolled)" }, ...denied },
});
const guardianRoute = createRoute({
  method: "post",
  path: "/admin/guardianships",
  tags: ["roster"],
  summary: "Link a guardian to a learner (admins)",
  request: {
    ...body(z.object({ guardianId: z.uuid(), learnerId: z.uuid(), relationship: z.string().optional() })),
  },
  responses: { 200: json(Any, "Linked"), 400: errorResponses[400], ...denied },
});
const unlinkRoute = createRoute({
  method: "delete",
  path: "/admin/guardianships/{guardianId}/{learnerId}",
  tags: ["roster"],
  summary: "Unlink a guardian from a learner (admins)",
  request: {
    params: z.object({
      guardianId: z.uuid().openapi({ param: { name: "guardianId", in: "path" } }),
      learnerId: z.uuid().openapi({ param: { name: "learnerId", in: "path" } }),
    }),
  },
  responses: { 204: { description: "Unlinked (or was not linked)" }, ...denied },
});
const importRoute = createRoute({
  method: "post",
  path: "/admin/roster-imports",
  tags: ["roster"],
  summary:
    "Import a OneRoster 1.2 CSV set (bulk or delta): a zip as the SIS exports it, or {files: {name: csv}} (admins). All or nothing.",
  middleware: [bodyLimit({ maxSize: MAX_ROSTER_BYTES }), idempotent] as const,
  request: {
    headers: IdempotencyHeader,
    body: {
      required: true,
      content: {
        "application/zip": { schema: z.string().openapi({ format: "binary" }) },
        "application/json": {
          schema: z.object({
            files: z.record(z.string(), z.string()),
            importPasswords: z.boolean().optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: json(Any, "What was created, updated, removed and skipped"),
    400: errorResponses[400],
    413: { description: "Larger than 100 MB" },
    ...denied,
  },
});

const auditRoute = createRoute({
  method: "get",
  path: "/admin/audit",
  tags: ["roster"],
  summary: "The audit trail: who changed what, when — newest first, filterable (admins)",
  request: {
    query: z.object({
      actorId: z.string().optional(),
      action: z.string().optional().openapi({ example: "framework.import" }),
      subjectType: z.string().optional(),
      subjectId: z.string().optional(),
      from: z.string().optional(),
      to: z.string().optional(),
      limit: z.string().optional(),
      cursor: z.string().optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(Any), nextCursor: z.string().nullable() }), "A page"),
    400: errorResponses[400],
    ...denied,
  },
});

const dated = (row: object) => JSON.parse(JSON.stringify(row)) as Record<string, unknown>;

export const rosterAdminRoutes = new OpenAPIHono<AppEnv>()
  .openapi(auditRoute, async (c) => {
    const page = await listAuditEvents(signedIn(c), c.req.valid("query"));
    return c.json({ items: page.items.map(dated), nextCursor: page.nextCursor }, 200);
  })
  .openapi(schoolsRoute, async (c) => c.json({ items: (await listSchools(signedIn(c))).map(dated) }, 200))
  .openapi(createSchoolRoute, async (c) =>
    c.json(dated(await createSchool(signedIn(c), c.req.valid("json"))), 201),
  )
  .openapi(createTermRoute, async (c) =>
    c.json(dated(await createTerm(signedIn(c), c.req.valid("json"))), 201),
  )
  .openapi(createClassRoute, async (c) =>
    c.json(dated(await createClass(signedIn(c), c.req.valid("json"))), 201),
  )
  .openapi(peopleRoute, async (c) => c.json(await listPeople(signedIn(c), c.req.valid("query")), 200))
  .openapi(createPersonRoute, async (c) =>
    c.json(dated(await createPerson(signedIn(c), c.req.valid("json"))), 201),
  )
  .openapi(enrollRoute, async (c) =>
    c.json(await enrollInClass(signedIn(c), c.req.valid("param").classId, c.req.valid("json")), 200),
  )
  .openapi(unenrollRoute, async (c) => {
    const { classId, userId } = c.req.valid("param");
    await removeFromClass(signedIn(c), classId, userId);
    return c.body(null, 204);
  })
  .openapi(guardianRoute, async (c) => c.json(await linkGuardian(signedIn(c), c.req.valid("json")), 200))
  .openapi(unlinkRoute, async (c) => {
    const { guardianId, learnerId } = c.req.valid("param");
    await unlinkGuardian(signedIn(c), guardianId, learnerId);
    return c.body(null, 204);
  })
  .openapi(importRoute, async (c) => {
    const ctx = signedIn(c);
    const type = c.req.header("content-type") ?? "";
    const summary = type.startsWith("application/zip")
      ? await importOneRosterZip(ctx, new Uint8Array(await c.req.arrayBuffer()), {
          importPasswords: c.req.query("importPasswords") === "true",
        })
      : await importOneRoster(ctx, c.req.valid("json"));
    return c.json(dated(summary), 201);
  });

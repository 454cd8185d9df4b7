/**
 * cmi5 courses through API v1: admins import packages (a ZIP, or a bare cmi5.xml), see what was
 * imported, offer courses to classes, waive AUs and abandon sessions; learners list their courses
 * with their progress and launch AUs. The AU's side of a launch — the fetch URL and the package's
 * files — is in cmi5-launch.ts, outside API v1.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import {
  abandonCmi5Session,
  getCmi5Course,
  importCmi5Package,
  launchCmi5Au,
  listCmi5Courses,
  listMyCmi5Courses,
  MAX_CMI5_PACKAGE_BYTES,
  offerCmi5Course,
  waiveCmi5Au,
  CMI5_WAIVE_REASONS,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { idempotent } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { publicOrigin } from "../http/origin.js";
import { badInput, body, conflict, denied, IdempotencyHeader, json, pathParam } from "../http/route-kit.js";

const Any = z.record(z.string(), z.unknown());
/** Dates as ISO strings, as everywhere in the API. */
const dated = (value: object) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

const CourseParam = pathParam("courseId");

const importRoute = createRoute({
  method: "post",
  path: "/cmi5/courses",
  tags: ["cmi5"],
  summary:
    "Import a cmi5 course package: a ZIP with cmi5.xml at its root, or a bare cmi5.xml whose AUs are remote (admins). A course already imported gets a new version; registrations and results stay.",
  middleware: [bodyLimit({ maxSize: MAX_CMI5_PACKAGE_BYTES }), idempotent] as const,
  request: {
    headers: IdempotencyHeader,
    query: z.object({
      filename: z
        .string()
        .optional()
        .openapi({ description: "The package's file name, kept with its version" }),
    }),
    body: {
      required: true,
      content: {
        "application/zip": { schema: z.string().openapi({ format: "binary" }) },
        "text/xml": { schema: z.string() },
        "application/xml": { schema: z.string() },
      },
    },
  },
  responses: {
    201: json(Any, "What was imported: the course, its version, blocks and AUs added, updated and retired"),
    ...badInput,
    413: { description: "Larger than the package limit (200 MB)" },
    ...denied,
  },
});
const listRoute = createRoute({
  method: "get",
  path: "/cmi5/courses",
  tags: ["cmi5"],
  summary:
    "The organization's cmi5 courses: blocks, AUs, activity ids, mappings, versions, offerings (admins)",
  responses: { 200: json(z.object({ items: z.array(Any) }), "Most recently imported first"), ...denied },
});
const getRoute = createRoute({
  method: "get",
  path: "/cmi5/courses/{courseId}",
  tags: ["cmi5"],
  summary: "One cmi5 course as imported (admins)",
  request: { params: CourseParam },
  responses: { 200: json(Any, "The course"), ...denied },
});
const offerRoute = createRoute({
  method: "put",
  path: "/cmi5/courses/{courseId}/offerings",
  tags: ["cmi5"],
  summary: "Offer a course to these classes (an empty list withdraws it; results stay) (admins)",
  request: { params: CourseParam, ...body(z.object({ classIds: z.array(z.string()) })) },
  responses: { 200: json(z.object({ classIds: z.array(z.uuid()) }), "Offered"), ...badInput, ...denied },
});
const myCoursesRoute = createRoute({
  method: "get",
  path: "/me/cmi5-courses",
  tags: ["cmi5"],
  summary: "The cmi5 courses offered to my classes, with my progress in each AU (learners)",
  responses: { 200: json(z.object({ items: z.array(Any) }), "My courses"), ...denied },
});
const launchRoute = createRoute({
  method: "post",
  path: "/cmi5/courses/{courseId}/aus/{auId}/launches",
  tags: ["cmi5"],
  summary:
    "Launch an AU as myself (learners): answers the URL to open — in a new window, or in this one when launchMethod is OwnWindow (then give returnPath)",
  request: {
    params: CourseParam.extend({ auId: z.uuid().openapi({ param: { name: "auId", in: "path" } }) }),
    ...body(
      z.object({
        launchMode: z.enum(["Normal", "Browse", "Review"]).optional(),
        registration: z.string().optional(),
        returnPath: z.string().optional().openapi({ example: "/learner/courses" }),
      }),
    ),
  },
  responses: {
    201: json(
      z.object({
        url: z.string(),
        launchMethod: z.enum(["AnyWindow", "OwnWindow"]),
        registration: z.uuid(),
        sessionId: z.uuid(),
      }),
      "Launched: open the url",
    ),
    ...badInput,
    ...denied,
    ...conflict,
  },
});
const waiveRoute = createRoute({
  method: "post",
  path: "/cmi5/registrations/{registrationId}/aus/{auId}/waiver",
  tags: ["cmi5"],
  summary: "Waive an AU for the learner of a registration: it counts as satisfied (admins)",
  request: {
    params: pathParam("registrationId").extend({
      auId: z.uuid().openapi({ param: { name: "auId", in: "path" } }),
    }),
    ...body(z.object({ reason: z.enum(CMI5_WAIVE_REASONS) })),
  },
  responses: {
    201: json(z.object({ sessionId: z.uuid(), waivedAt: z.string() }), "Waived"),
    ...badInput,
    ...denied,
    ...conflict,
  },
});
const abandonRoute = createRoute({
  method: "post",
  path: "/cmi5/sessions/{sessionId}/abandonment",
  tags: ["cmi5"],
  summary: "Abandon an AU session the AU will not end: its credentials stop working (admins)",
  request: { params: pathParam("sessionId") },
  responses: { 201: json(z.object({ abandonedAt: z.string() }), "Abandoned"), ...denied, ...conflict },
});

export const cmi5Routes = new OpenAPIHono<AppEnv>()
  .openapi(importRoute, async (c) => {
    const contentType = c.req.header("content-type") ?? "";
    const filename = c.req.valid("query").filename ?? (/xml/i.test(contentType) ? "cmi5.xml" : "package.zip");
    const summary = await importCmi5Package(signedIn(c), {
      filename,
      contentType,
      bytes: new Uint8Array(await c.req.arrayBuffer()),
    });
    return c.json(dated(summary), 201);
  })
  .openapi(listRoute, async (c) => c.json({ items: (await listCmi5Courses(signedIn(c))).map(dated) }, 200))
  .openapi(getRoute, async (c) =>
    c.json(dated(await getCmi5Course(signedIn(c), c.req.valid("param").courseId)), 200),
  )
  .openapi(offerRoute, async (c) =>
    c.json(await offerCmi5Course(signedIn(c), c.req.valid("param").courseId, c.req.valid("json")), 200),
  )
  .openapi(myCoursesRoute, async (c) =>
    c.json({ items: (await listMyCmi5Courses(signedIn(c))).map(dated) }, 200),
  )
  .openapi(launchRoute, async (c) => {
    const { courseId, auId } = c.req.valid("param");
    const launch = await launchCmi5Au(signedIn(c), {
      ...c.req.valid("json"),
      courseId,
      auId,
      origin: publicOrigin(c),
    });
    return c.json(launch, 201);
  })
  .openapi(waiveRoute, async (c) => {
    const { registrationId, auId } = c.req.valid("param");
    const waived = await waiveCmi5Au(signedIn(c), { ...c.req.valid("json"), registrationId, auId });
    return c.json({ sessionId: waived.sessionId, waivedAt: waived.waivedAt.toISOString() }, 201);
  })
  .openapi(abandonRoute, async (c) => {
    const abandoned = await abandonCmi5Session(signedIn(c), { sessionId: c.req.valid("param").sessionId });
    return c.json({ abandonedAt: abandoned.abandonedAt.toISOString() }, 201);
  });

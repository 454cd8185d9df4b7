/** The signed-in person: who am I, my language, my classes, my children, my competencies. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { listMyChildren, listMyCompetencies, setLocale, SUPPORTED_LOCALES } from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { ClassSchema, errorResponses, PersonSchema } from "../http/schemas.js";

const Me = z
  .object({
    userId: z.uuid(),
    organizationId: z.uuid(),
    givenName: z.string(),
    familyName: z.string(),
    roles: z.array(z.enum(["learner", "teacher", "guardian", "admin"])),
    locale: z.string(),
  })
  .openapi("Me");

const getMe = createRoute({
  method: "get",
  path: "/me",
  tags: ["identity"],
  summary: "The signed-in person",
  responses: {
    200: { description: "You", content: { "application/json": { schema: Me } } },
    401: errorResponses[401],
  },
});

const LocaleBody = z.object({ locale: z.enum(SUPPORTED_LOCALES) }).openapi("LocaleChoice");
const putLocale = createRoute({
  method: "put",
  path: "/me/locale",
  tags: ["identity"],
  summary: "Remember my interface language",
  request: { body: { content: { "application/json": { schema: LocaleBody } }, required: true } },
  responses: {
    200: { description: "Saved", content: { "application/json": { schema: LocaleBody } } },
    400: errorResponses[400],
    401: errorResponses[401],
  },
});

const Child = PersonSchema.extend({ relationship: z.string(), classes: z.array(ClassSchema) }).openapi(
  "Child",
);
const getChildren = createRoute({
  method: "get",
  path: "/me/children",
  tags: ["roster"],
  summary: "The learners I am a guardian of",
  responses: {
    200: {
      description: "My children",
      content: { "application/json": { schema: z.object({ children: z.array(Child) }) } },
    },
    401: errorResponses[401],
  },
});

const Competency = z
  .object({
    id: z.uuid(),
    humanCodingScheme: z.string().nullable(),
    statement: z.string(),
    itemType: z.string().nullable(),
    parentId: z.uuid().nullable(),
    depth: z.number().int(),
  })
  .openapi("Competency");
const ClassCompetencies = z
  .object({
    class: ClassSchema,
    framework: z
      .object({ id: z.uuid(), title: z.string(), publisher: z.string().nullable(), version: z.string() })
      .nullable(),
    competencies: z.array(Competency),
  })
  .openapi("ClassCompetencies");
const getCompetencies = createRoute({
  method: "get",
  path: "/me/competencies",
  tags: ["frameworks"],
  summary: "The competencies of my classes' frameworks, at my class's grade",
  responses: {
    200: {
      description: "Per class",
      content: { "application/json": { schema: z.object({ classes: z.array(ClassCompetencies) }) } },
    },
    401: errorResponses[401],
  },
});

export const meRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getMe, (c) => {
    const { actor } = signedIn(c);
    return c.json(actor, 200);
  })
  .openapi(putLocale, async (c) => c.json(await setLocale(signedIn(c), c.req.valid("json")), 200))
  .openapi(getChildren, async (c) => c.json({ children: await listMyChildren(signedIn(c)) }, 200))
  .openapi(getCompetencies, async (c) => c.json({ classes: await listMyCompetencies(signedIn(c)) }, 200));

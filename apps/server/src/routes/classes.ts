/** GET /api/v1/classes — the classes I teach (all classes, for an admin), with their learners. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { listMyClasses } from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { ClassSchema, errorResponses, PersonSchema } from "../http/schemas.js";

const ClassWithLearners = ClassSchema.extend({ learners: z.array(PersonSchema) }).openapi(
  "ClassWithLearners",
);

const list = createRoute({
  method: "get",
  path: "/classes",
  tags: ["roster"],
  summary: "My classes and their learners",
  responses: {
    200: {
      description: "Classes",
      content: { "application/json": { schema: z.object({ classes: z.array(ClassWithLearners) }) } },
    },
    401: errorResponses[401],
  },
});

export const classRoutes = new OpenAPIHono<AppEnv>().openapi(list, async (c) =>
  c.json({ classes: await listMyClasses(signedIn(c)) }, 200),
);

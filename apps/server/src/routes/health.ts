/** GET /api/v1/health — is this process up and can it reach its database. */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { pingDatabase } from "@pathwise/core";
import type { AppEnv } from "../http/env.js";

const Health = z
  .object({
    status: z.enum(["ok", "degraded"]),
    database: z.object({ backend: z.enum(["pglite", "postgres"]), reachable: z.boolean() }),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["system"],
  summary: "Liveness and database reachability",
  responses: {
    200: { description: "Up", content: { "application/json": { schema: Health } } },
    503: {
      description: "Up, but the database is unreachable",
      content: { "application/json": { schema: Health } },
    },
  },
});

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const { database } = c.get("runtime");
  const reachable = await pingDatabase(database.db);
  const body = {
    status: reachable ? ("ok" as const) : ("degraded" as const),
    database: { backend: database.backend, reachable },
  };
  return reachable ? c.json(body, 200) : c.json(body, 503);
});

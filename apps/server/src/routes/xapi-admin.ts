/**
 * Administering the LRS through API v1 (admins of an organization): issue, list and revoke LRS
 * client credentials, map xAPI activities to competencies so their statements become evidence, and
 * forward Pathwise's own statements to an external LRS (settings, pause/resume, retry of failures).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  getXapiForwarding,
  pauseXapiForwarding,
  retryFailedXapiForwards,
  setXapiForwarding,
  type XapiForwardingView,
  issueXapiClient,
  listActivityMappings,
  listXapiClients,
  mapActivityToCompetencies,
  revokeXapiClient,
  type ActivityMapping,
  type XapiClientSummary,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { etagOf, ifMatchVersion } from "../http/conventions.js";
import { errorResponses, ErrorSchema } from "../http/schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const denied = {
  401: errorResponses[401],
  403: errorResponses[403],
};

const ClientSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    key: z.string().openapi({ description: "The Basic-auth user name" }),
    scopes: z.array(z.enum(["read", "write"])),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("LrsClient");
const IssuedClientSchema = ClientSchema.extend({
  secret: z
    .string()
    .openapi({ description: "The Basic-auth password. Shown once; only its digest is kept." }),
}).openapi("IssuedLrsClient");
const MappingSchema = z
  .object({ activityId: z.string(), competencyIds: z.array(z.uuid()), updatedAt: z.string() })
  .openapi("XapiActivityMapping");

const clientOut = (client: XapiClientSummary) => ({
  id: client.id,
  name: client.name,
  key: client.key,
  scopes: client.scopes as ("read" | "write")[],
  createdAt: client.createdAt.toISOString(),
  revokedAt: client.revokedAt?.toISOString() ?? null,
});
const mappingOut = (mapping: ActivityMapping) => ({ ...mapping, updatedAt: mapping.updatedAt.toISOString() });

// Issuing is not made idempotent on purpose: replaying it would mean keeping the secret to answer again.
const issueRoute = createRoute({
  method: "post",
  path: "/xapi/clients",
  tags: ["xapi"],
  summary: "Issue LRS credentials for a client of /xapi (an admin); the secret is shown once",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({ name: z.string(), scopes: z.array(z.enum(["read", "write"])) }),
        },
      },
      required: true,
    },
  },
  responses: { 201: json(IssuedClientSchema, "Issued"), 400: errorResponses[400], ...denied },
});
const listRoute = createRoute({
  method: "get",
  path: "/xapi/clients",
  tags: ["xapi"],
  summary: "The LRS clients of my organization, revoked ones included (an admin)",
  responses: { 200: json(z.object({ items: z.array(ClientSchema) }), "Oldest first"), ...denied },
});
const revokeRoute = createRoute({
  method: "delete",
  path: "/xapi/clients/{clientId}",
  tags: ["xapi"],
  summary: "Revoke LRS credentials: the client can no longer call /xapi (an admin)",
  request: {
    params: z.object({ clientId: z.string().openapi({ param: { name: "clientId", in: "path" } }) }),
  },
  responses: {
    200: json(ClientSchema, "Revoked"),
    ...denied,
    404: {
      description: "No active client with this id",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});
const mapRoute = createRoute({
  method: "put",
  path: "/xapi/activity-mappings",
  tags: ["xapi"],
  summary: "Map an xAPI activity to competencies: its statements with a result become evidence (an admin)",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({
            activityId: z.string(),
            competencyIds: z.array(z.string()),
            competencyCodes: z.array(z.string()).optional().openapi({
              description: 'Competencies by their code (e.g. "5.NF.A.1"), added to competencyIds',
            }),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(MappingSchema, "Mapped (an empty list removes the mapping)"),
    400: errorResponses[400],
    ...denied,
  },
});
const listMappingsRoute = createRoute({
  method: "get",
  path: "/xapi/activity-mappings",
  tags: ["xapi"],
  summary: "The activities of my organization mapped to competencies (an admin)",
  responses: { 200: json(z.object({ items: z.array(MappingSchema) }), "By activity id"), ...denied },
});

const ForwardingSchema = z
  .object({
    target: z
      .object({
        endpoint: z.string(),
        username: z.string(),
        xapiVersion: z.string(),
        paused: z.boolean(),
        version: z.number(),
        sentCount: z.number(),
        lastSentAt: z.string().nullable(),
        lastError: z.string().nullable(),
        lastErrorAt: z.string().nullable(),
        updatedAt: z.string(),
      })
      .nullable()
      .openapi({ description: "The external LRS (its password is never shown), or null when none is set" }),
    pending: z.number(),
    failedCount: z.number(),
    failed: z.array(
      z.object({
        statementId: z.string(),
        attempts: z.number(),
        lastError: z.string().nullable(),
        lastAttemptAt: z.string().nullable(),
      }),
    ),
  })
  .openapi("XapiForwarding");
const iso = (d: Date | null) => d?.toISOString() ?? null;
const forwardingOut = (view: XapiForwardingView) => ({
  target: view.target
    ? {
        ...view.target,
        lastSentAt: iso(view.target.lastSentAt),
        lastErrorAt: iso(view.target.lastErrorAt),
        updatedAt: view.target.updatedAt.toISOString(),
      }
    : null,
  pending: view.pending,
  failedCount: view.failedCount,
  failed: view.failed.map((f) => ({ ...f, lastAttemptAt: iso(f.lastAttemptAt) })),
});
const conflictResponse = {
  409: { description: "Not set up yet", content: { "application/json": { schema: ErrorSchema } } },
};
const getForwardingRoute = createRoute({
  method: "get",
  path: "/xapi/forwarding",
  tags: ["xapi"],
  summary: "Forwarding of Pathwise's own statements to an external LRS: settings and queue (an admin)",
  responses: { 200: json(ForwardingSchema, "Settings (ETag), queue counts, parked failures"), ...denied },
});
const setForwardingRoute = createRoute({
  method: "put",
  path: "/xapi/forwarding",
  tags: ["xapi"],
  summary: "Set the external LRS statements are forwarded to (an admin); If-Match when editing",
  request: {
    body: {
      content: {
        "application/json": {
          schema: z.object({
            endpoint: z
              .string()
              .openapi({ description: "The LRS's base address; statements go to <endpoint>/statements" }),
            username: z.string(),
            password: z
              .string()
              .optional()
              .openapi({ description: "Required the first time; left out, the kept one is used" }),
            xapiVersion: z.enum(["2.0.0", "1.0.3"]),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: json(ForwardingSchema, "Saved"),
    400: errorResponses[400],
    ...denied,
    412: {
      description: "If-Match missing or stale",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});
const pauseRoute = (paused: boolean) =>
  createRoute({
    method: "post",
    path: paused ? "/xapi/forwarding/pause" : "/xapi/forwarding/resume",
    tags: ["xapi"],
    summary: paused
      ? "Pause forwarding: statements keep being queued, none is sent (an admin)"
      : "Resume forwarding (an admin)",
    responses: { 200: json(ForwardingSchema, paused ? "Paused" : "Resumed"), ...denied, ...conflictResponse },
  });
const retryRoute = createRoute({
  method: "post",
  path: "/xapi/forwarding/retry",
  tags: ["xapi"],
  summary: "Send failed statements again: all of them, or those named (an admin)",
  request: {
    body: {
      content: { "application/json": { schema: z.object({ statementIds: z.array(z.string()).optional() }) } },
      required: false,
    },
  },
  responses: {
    200: json(z.object({ requeued: z.number(), forwarding: ForwardingSchema }), "Back in the queue"),
    400: errorResponses[400],
    ...denied,
  },
});

export const xapiAdminRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getForwardingRoute, async (c) => {
    const view = await getXapiForwarding(signedIn(c));
    if (view.target) c.header("ETag", etagOf(view.target.version));
    return c.json(forwardingOut(view), 200);
  })
  .openapi(setForwardingRoute, async (c) => {
    const view = await setXapiForwarding(signedIn(c), c.req.valid("json"), ifMatchVersion(c));
    if (view.target) c.header("ETag", etagOf(view.target.version));
    return c.json(forwardingOut(view), 200);
  })
  .openapi(pauseRoute(true), async (c) =>
    c.json(forwardingOut(await pauseXapiForwarding(signedIn(c), true)), 200),
  )
  .openapi(pauseRoute(false), async (c) =>
    c.json(forwardingOut(await pauseXapiForwarding(signedIn(c), false)), 200),
  )
  .openapi(retryRoute, async (c) => {
    const body: unknown = c.req.header("content-type")?.includes("json")
      ? await c.req.json().catch(() => ({}))
      : {};
    const { requeued, forwarding } = await retryFailedXapiForwards(signedIn(c), body);
    return c.json({ requeued, forwarding: forwardingOut(forwarding) }, 200);
  })
  .openapi(issueRoute, async (c) => {
    const issued = await issueXapiClient(signedIn(c), c.req.valid("json"));
    return c.json({ ...clientOut(issued), secret: issued.secret }, 201);
  })
  .openapi(listRoute, async (c) =>
    c.json({ items: (await listXapiClients(signedIn(c))).map(clientOut) }, 200),
  )
  .openapi(revokeRoute, async (c) =>
    c.json(clientOut(await revokeXapiClient(signedIn(c), c.req.valid("param").clientId)), 200),
  )
  .openapi(mapRoute, async (c) =>
    c.json(mappingOut(await mapActivityToCompetencies(signedIn(c), c.req.valid("json"))), 200),
  )
  .openapi(listMappingsRoute, async (c) =>
    c.json({ items: (await listActivityMappings(signedIn(c))).map(mappingOut) }, 200),
  );

/**
 * Frameworks over HTTP: reading them, CASE import (a package in the body, or a CASE provider's
 * address) in one request or as a job with progress, import history, and teachers' local
 * competencies and prerequisites.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import {
  addLocalCompetency,
  addLocalPrerequisite,
  getFramework,
  getFrameworkImport,
  importCaseFramework,
  listFrameworks,
  listFrameworkVersions,
  MAX_CASE_PACKAGE_BYTES,
  removeLocalPrerequisite,
  startFrameworkImport,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { idempotent } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { errorResponses } from "../http/schemas.js";
import { IdempotencyHeader, denied, conflict, json, body, pathParam } from "../http/route-kit.js";

const FrameworkParam = pathParam("frameworkId");
const EdgeParams = FrameworkParam.extend({
  fromId: z.uuid().openapi({ param: { name: "fromId", in: "path" } }),
  toId: z.uuid().openapi({ param: { name: "toId", in: "path" } }),
});

const FrameworkSummary = z
  .object({
    id: z.uuid(),
    title: z.string(),
    publisher: z.string().nullable(),
    version: z.string(),
    caseIdentifier: z.string().nullable(),
    importedAt: z.string(),
    competencies: z.number(),
  })
  .openapi("FrameworkSummary");
const FrameworkDetail = z
  .object({
    id: z.uuid(),
    title: z.string(),
    publisher: z.string().nullable(),
    version: z.string(),
    caseIdentifier: z.string().nullable(),
    importedAt: z.string(),
    competencies: z.array(
      z.object({
        id: z.uuid(),
        caseIdentifier: z.string().nullable(),
        humanCodingScheme: z.string().nullable(),
        statement: z.string(),
        educationLevels: z.array(z.string()),
        parentId: z.uuid().nullable(),
        depth: z.number(),
        local: z.boolean(),
      }),
    ),
    edges: z.array(
      z.object({
        fromId: z.uuid(),
        toId: z.uuid(),
        kind: z.enum(["prerequisite", "related"]),
        local: z.boolean(),
      }),
    ),
  })
  .openapi("Framework");
const Change = z.object({ code: z.string().nullable(), statement: z.string() });
const ImportSummary = z
  .object({
    frameworkId: z.uuid(),
    title: z.string(),
    version: z.string(),
    previousVersion: z.string().nullable(),
    created: z.boolean(),
    competencies: z.object({
      added: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      retired: z.number(),
      restored: z.number(),
    }),
    prerequisites: z.number(),
    related: z.number(),
    exactMatches: z.number(),
    associations: z.array(
      z.object({
        type: z.string(),
        found: z.number(),
        mapped: z.number(),
        skipped: z.array(z.object({ reason: z.string(), count: z.number() })),
      }),
    ),
    changes: z.object({
      added: z.array(Change),
      updated: z.array(Change.extend({ previousStatement: z.string() })),
      retired: z.array(Change),
    }),
    evidenceKept: z.number(),
    warnings: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .openapi("FrameworkImportSummary");
const ImportJob = z
  .object({
    id: z.uuid(),
    sourceName: z.string(),
    fromProvider: z.boolean(),
    stage: z.enum(["queued", "reading", "checking", "writing", "succeeded", "failed"]),
    finished: z.boolean(),
    done: z.number(),
    total: z.number(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    summary: ImportSummary.nullable(),
    failure: z
      .object({
        reason: z.enum(["package", "provider", "forbidden", "unexpected"]),
        message: z.string(),
        problems: z.array(z.object({ path: z.string(), message: z.string() })),
      })
      .nullable(),
  })
  .openapi("FrameworkImportJob");
const ImportJobParam = z.object({
  jobId: z.uuid().openapi({ param: { name: "jobId", in: "path" } }),
});

const listRoute = createRoute({
  method: "get",
  path: "/frameworks",
  tags: ["frameworks"],
  summary: "The organization's frameworks",
  responses: {
    200: json(z.object({ items: z.array(FrameworkSummary) }), "Frameworks"),
    401: errorResponses[401],
  },
});
const getRoute = createRoute({
  method: "get",
  path: "/frameworks/{frameworkId}",
  tags: ["frameworks"],
  summary: "A framework's live competencies in order, and its prerequisite and related edges",
  request: { params: FrameworkParam },
  responses: { 200: json(FrameworkDetail, "The framework"), ...denied },
});
const versionsRoute = createRoute({
  method: "get",
  path: "/frameworks/{frameworkId}/versions",
  tags: ["frameworks"],
  summary: "Every import of the framework, newest first, with what changed",
  request: { params: FrameworkParam },
  responses: {
    200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), "Versions"),
    ...denied,
  },
});
const importRoute = createRoute({
  method: "post",
  path: "/frameworks/imports",
  tags: ["frameworks"],
  summary:
    "Import a CASE 1.0 package — in the body, or from a CASE provider's CFPackages address — and wait for the summary (admins and teachers; a newer version of a framework classes use: their teachers and admins). A newer version of a framework we have updates it in place.",
  middleware: [bodyLimit({ maxSize: MAX_CASE_PACKAGE_BYTES }), idempotent] as const,
  request: {
    headers: IdempotencyHeader,
    ...body(
      z.union([
        z.object({ package: z.record(z.string(), z.unknown()) }),
        z.object({ providerUrl: z.string(), bearerToken: z.string().optional() }),
      ]),
    ),
  },
  responses: {
    201: json(ImportSummary, "Imported: what was added, updated, retired"),
    400: errorResponses[400],
    413: { description: "The package is larger than 50 MB" },
    ...denied,
  },
});
const startImportJobRoute = createRoute({
  method: "post",
  path: "/frameworks/import-jobs",
  tags: ["frameworks"],
  summary:
    "Queue a CASE import (a package in the body, or a CASE provider's CFPackages address): answers at once with the job to follow",
  middleware: [bodyLimit({ maxSize: MAX_CASE_PACKAGE_BYTES }), idempotent] as const,
  request: {
    headers: IdempotencyHeader,
    ...body(
      z.union([
        z.object({ package: z.record(z.string(), z.unknown()), fileName: z.string() }),
        z.object({ providerUrl: z.string() }),
      ]),
    ),
  },
  responses: {
    202: json(ImportJob, "Queued: follow it at /frameworks/import-jobs/{jobId}"),
    400: errorResponses[400],
    413: { description: "The package is larger than 50 MB" },
    ...denied,
  },
});
const importJobRoute = createRoute({
  method: "get",
  path: "/frameworks/import-jobs/{jobId}",
  tags: ["frameworks"],
  summary:
    "A CASE import job (the person who started it, and admins): its stage, competencies written of the total, then the summary or the problems with their JSON paths",
  request: { params: ImportJobParam },
  responses: { 200: json(ImportJob, "The job"), ...denied },
});
const localCompetencyRoute = createRoute({
  method: "post",
  path: "/frameworks/{frameworkId}/competencies",
  tags: ["frameworks"],
  summary: "Add a local competency (teachers of a class using the framework, admins)",
  middleware: [idempotent] as const,
  request: {
    params: FrameworkParam,
    headers: IdempotencyHeader,
    ...body(
      z.object({
        statement: z.string(),
        humanCodingScheme: z.string().optional(),
        parentId: z.uuid().optional(),
        educationLevels: z.array(z.string()).optional(),
      }),
    ),
  },
  responses: {
    201: json(z.record(z.string(), z.unknown()), "The new competency"),
    400: errorResponses[400],
    ...denied,
  },
});
const localPrerequisiteRoute = createRoute({
  method: "post",
  path: "/frameworks/{frameworkId}/prerequisites",
  tags: ["frameworks"],
  summary: "Add a local prerequisite: fromId is learned before toId (refused if it makes a loop)",
  request: { params: FrameworkParam, ...body(z.object({ fromId: z.uuid(), toId: z.uuid() })) },
  responses: {
    201: json(z.object({ fromId: z.uuid(), toId: z.uuid() }), "Added"),
    400: errorResponses[400],
    ...conflict,
    ...denied,
  },
});
const removePrerequisiteRoute = createRoute({
  method: "delete",
  path: "/frameworks/{frameworkId}/prerequisites/{fromId}/{toId}",
  tags: ["frameworks"],
  summary: "Remove a locally added prerequisite (the publisher's cannot be removed here)",
  request: { params: EdgeParams },
  responses: { 204: { description: "Removed (or was not there)" }, ...conflict, ...denied },
});

export const frameworkRoutes = new OpenAPIHono<AppEnv>()
  .openapi(listRoute, async (c) => {
    const items = await listFrameworks(signedIn(c));
    return c.json({ items: items.map((f) => ({ ...f, importedAt: f.importedAt.toISOString() })) }, 200);
  })
  .openapi(importRoute, async (c) => c.json(await importCaseFramework(signedIn(c), c.req.valid("json")), 201))
  .openapi(startImportJobRoute, async (c) => {
    const ctx = signedIn(c);
    const { id } = await startFrameworkImport(ctx, c.req.valid("json"));
    c.header("location", `/api/v1/frameworks/import-jobs/${id}`);
    return c.json(jobJson(await getFrameworkImport(ctx, id)), 202);
  })
  .openapi(importJobRoute, async (c) =>
    c.json(jobJson(await getFrameworkImport(signedIn(c), c.req.valid("param").jobId)), 200),
  )
  .openapi(getRoute, async (c) => {
    const framework = await getFramework(signedIn(c), c.req.valid("param").frameworkId);
    return c.json({ ...framework, importedAt: framework.importedAt.toISOString() }, 200);
  })
  .openapi(versionsRoute, async (c) => {
    const rows = await listFrameworkVersions(signedIn(c), c.req.valid("param").frameworkId);
    return c.json({ items: rows.map((r) => ({ ...r, importedAt: r.importedAt.toISOString() })) }, 200);
  })
  .openapi(localCompetencyRoute, async (c) => {
    const row = await addLocalCompetency(signedIn(c), c.req.valid("param").frameworkId, c.req.valid("json"));
    return c.json({ ...row, retiredAt: null }, 201);
  })
  .openapi(localPrerequisiteRoute, async (c) => {
    const edge = await addLocalPrerequisite(
      signedIn(c),
      c.req.valid("param").frameworkId,
      c.req.valid("json"),
    );
    return c.json({ fromId: edge.fromId, toId: edge.toId }, 201);
  })
  .openapi(removePrerequisiteRoute, async (c) => {
    const { frameworkId, fromId, toId } = c.req.valid("param");
    await removeLocalPrerequisite(signedIn(c), frameworkId, { fromId, toId });
    return c.body(null, 204);
  });

function jobJson(job: Awaited<ReturnType<typeof getFrameworkImport>>) {
  return {
    ...job,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

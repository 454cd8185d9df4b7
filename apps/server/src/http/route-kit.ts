/** Pieces the learners, plans, diagnosis and messaging routes share: path parameters, headers, responses. */
import { z } from "@hono/zod-openapi";
import { errorResponses, ErrorSchema } from "./schemas.js";

export const pathParam = <K extends string>(name: K) =>
  z.object({ [name]: z.uuid().openapi({ param: { name, in: "path" } }) } as { [P in K]: z.ZodUUID });

export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(200)
    .openapi({ description: "A retry with the same key creates nothing new and gets the first answer." }),
});
export const IfMatchHeader = z.object({
  "if-match": z.string().optional().openapi({
    description: 'The ETag of the version you edited, e.g. "v3". Required: a stale edit gets 412.',
  }),
});

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ErrorSchema } },
});
export const denied = {
  401: errorResponses[401],
  403: errorResponses[403],
  404: error("Not found (or not yours to see)"),
};
export const badInput = { 400: errorResponses[400] };
export const conflict = {
  409: error("Conflicts with the current state (already done, or not the question asked)"),
};
export const stale = {
  412: error("Changed by someone else since your version (If-Match)"),
  428: error("No If-Match sent"),
};

export const json = <T extends z.ZodType>(schema: T, description: string, etag = false) => ({
  description,
  content: { "application/json": { schema } },
  ...(etag ? { headers: z.object({ ETag: z.string().openapi({ example: '"v3"' }) }) } : {}),
});
export const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
export const PageQuery = z.object({ limit: z.string().optional(), cursor: z.string().optional() });
export const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Shared OpenAPI schemas: the error envelope and people/classes as the API shows them. */
import { z } from "@hono/zod-openapi";

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string().openapi({ example: "Some fields are not valid." }),
      details: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  })
  .openapi("Error");

export const errorResponses = {
  400: {
    description: "Bad input: what was wrong, and where",
    content: { "application/json": { schema: ErrorSchema } },
  },
  401: { description: "Not signed in", content: { "application/json": { schema: ErrorSchema } } },
  403: {
    description: "Signed in, but not allowed",
    content: { "application/json": { schema: ErrorSchema } },
  },
} as const;

export const PersonSchema = z
  .object({ id: z.uuid(), givenName: z.string(), familyName: z.string(), grade: z.string().nullable() })
  .openapi("Person");

export const ClassSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    grade: z.string().nullable(),
    schoolName: z.string(),
    termName: z.string(),
    frameworkId: z.uuid().nullable(),
  })
  .openapi("Class");

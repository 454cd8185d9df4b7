/**
 * Helping at home, over HTTP: a school's at-home note on a competency (its staff read and write it,
 * with ETag / If-Match; a note never saved is at version 0), and a learner's "how to help at home"
 * as their family reads it.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { getHelpAtHome, getHomeNote, setHomeNote, type HelpAtHome, type HomeNote } from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import { etagOf, ifMatchVersion } from "../http/conventions.js";
import type { AppEnv } from "../http/env.js";
import { badInput, body, denied, IfMatchHeader, iso, json, pathParam, stale } from "../http/route-kit.js";

const NoteParams = pathParam("schoolId").extend(pathParam("competencyId").shape);
const LearnerParam = pathParam("learnerId");

const HomeNoteSchema = z
  .object({
    schoolId: z.uuid(),
    competencyId: z.uuid(),
    body: z.string().openapi({ description: "Empty when the school has no note on this competency" }),
    language: z.string().openapi({ example: "en" }),
    updatedBy: z.object({ id: z.uuid(), givenName: z.string(), familyName: z.string() }).nullable(),
    updatedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .openapi("HomeNote");

const HelpAtHomeSchema = z
  .object({
    learnerId: z.uuid(),
    competencies: z.array(
      z.object({
        id: z.uuid(),
        code: z.string().nullable(),
        statement: z.string(),
        title: z.string().openapi({ description: "The statement's short form, without examples" }),
        example: z.string().nullable().openapi({ description: "The example the framework itself gives" }),
        why: z.enum(["this-week", "next-in-plan", "practising", "reviewing"]),
        notes: z.array(
          z.object({
            schoolName: z.string(),
            body: z.string(),
            language: z.string(),
            updatedAt: z.string(),
            writtenBy: z.string().nullable(),
          }),
        ),
        links: z.array(
          z.object({
            id: z.uuid(),
            title: z.string(),
            url: z.string(),
            modality: z.string(),
            language: z.string(),
            expectedMinutes: z.number().int(),
          }),
        ),
      }),
    ),
    accommodations: z.array(
      z.object({
        kind: z.enum([
          "read-aloud",
          "breaks",
          "extended-time",
          "no-timer",
          "reduced-choices",
          "large-text",
          "high-contrast",
          "dyslexia-font",
        ]),
        factor: z.number().optional(),
      }),
    ),
  })
  .openapi("HelpAtHome");

const noteOut = (n: HomeNote) => ({ ...n, updatedAt: iso(n.updatedAt) });
const helpOut = (h: HelpAtHome) => ({
  ...h,
  competencies: h.competencies.map((c) => ({
    ...c,
    notes: c.notes.map((n) => ({ ...n, updatedAt: n.updatedAt.toISOString() })),
  })),
});

const getNoteRoute = createRoute({
  method: "get",
  path: "/schools/{schoolId}/competencies/{competencyId}/home-note",
  tags: ["content"],
  summary: "A school's at-home note on a competency (staff of the school)",
  request: { params: NoteParams },
  responses: {
    200: json(HomeNoteSchema, "The note; version 0 and an empty body until first saved", true),
    ...denied,
  },
});
const setNoteRoute = createRoute({
  method: "put",
  path: "/schools/{schoolId}/competencies/{competencyId}/home-note",
  tags: ["content"],
  summary: "Write a school's at-home note (staff of the school; If-Match required; an empty body removes it)",
  request: {
    params: NoteParams,
    headers: IfMatchHeader,
    ...body(z.object({ body: z.string(), language: z.string().optional() })),
  },
  responses: { 200: json(HomeNoteSchema, "Saved", true), ...badInput, ...denied, ...stale },
});
const helpAtHomeRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/help-at-home",
  tags: ["learners"],
  summary: "How a learner's family can help at home (whoever may see the learner)",
  request: { params: LearnerParam },
  responses: {
    200: json(HelpAtHomeSchema, "What the learner works on now, with notes, links and supports"),
    ...denied,
  },
});

export const homeNoteRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getNoteRoute, async (c) => {
    const { schoolId, competencyId } = c.req.valid("param");
    const note = await getHomeNote(signedIn(c), schoolId, competencyId);
    c.header("ETag", etagOf(note.version));
    return c.json(noteOut(note), 200);
  })
  .openapi(setNoteRoute, async (c) => {
    const { schoolId, competencyId } = c.req.valid("param");
    const note = await setHomeNote(
      signedIn(c),
      schoolId,
      competencyId,
      c.req.valid("json"),
      ifMatchVersion(c),
    );
    c.header("ETag", etagOf(note.version));
    return c.json(noteOut(note), 200);
  })
  .openapi(helpAtHomeRoute, async (c) =>
    c.json(helpOut(await getHelpAtHome(signedIn(c), c.req.valid("param").learnerId)), 200),
  );

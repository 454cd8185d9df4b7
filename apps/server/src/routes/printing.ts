/**
 * Printable Pathwise over HTTP: a learner's plan, a practice packet for one learner, a class set of
 * packets (tagged PDFs in English or Spanish), and a teacher's entry of a class's paper results.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  PRINT_LANGUAGES,
  printClassSet,
  printLearningPlan,
  printPracticePacket,
  recordPaperResults,
  RecordPaperResultsInput,
  type PrintedPdf,
} from "@pathwise/core";
import { signedIn } from "../http/auth.js";
import type { AppEnv } from "../http/env.js";
import { badInput, body, conflict, denied, json, pathParam } from "../http/route-kit.js";

const LanguageQuery = z.object({
  language: z
    .enum(PRINT_LANGUAGES)
    .optional()
    .openapi({ description: "Print in this language; by default the reader's (a packet: its learner's)." }),
});
const pdf = {
  description: "A tagged PDF",
  content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
};

const PaperResultSchema = z
  .object({
    learnerId: z.uuid(),
    code: z.string(),
    itemId: z.uuid(),
    status: z.enum(["scored", "pending"]),
    correct: z.boolean().nullable(),
    evidenceId: z.uuid().nullable(),
    submissionId: z.uuid().nullable(),
    replayed: z.boolean(),
  })
  .openapi("PaperResult");

const planPdfRoute = createRoute({
  method: "get",
  path: "/learners/{learnerId}/plan.pdf",
  tags: ["printing"],
  summary: "My learning plan as a PDF: steps, pacing, what is due for review",
  request: { params: pathParam("learnerId"), query: LanguageQuery },
  responses: { 200: pdf, ...badInput, ...denied },
});
const packetRoute = createRoute({
  method: "get",
  path: "/choice-boards/{boardId}/packets/{learnerId}",
  tags: ["printing"],
  summary: "A practice packet of a board for one learner, with their accommodations, and its answer sheet",
  request: {
    params: pathParam("boardId").extend(pathParam("learnerId").shape),
    query: LanguageQuery,
  },
  responses: { 200: pdf, ...badInput, ...denied },
});
const classSetRoute = createRoute({
  method: "get",
  path: "/choice-boards/{boardId}/class-set",
  tags: ["printing"],
  summary: "One packet per learner of the board's class, in one PDF (the class's teachers and admins)",
  request: { params: pathParam("boardId"), query: LanguageQuery },
  responses: { 200: pdf, ...badInput, ...denied },
});
const paperResultsRoute = createRoute({
  method: "post",
  path: "/choice-boards/{boardId}/paper-results",
  tags: ["printing"],
  summary: "Enter a class's paper answers (learner × answer-sheet code); entering one again counts once",
  request: { params: pathParam("boardId"), ...body(RecordPaperResultsInput) },
  responses: {
    200: json(z.object({ results: z.array(PaperResultSchema) }), "Scored, or queued for scoring"),
    ...badInput,
    ...denied,
    ...conflict,
  },
});

function pdfResponse(printed: PrintedPdf) {
  return new Response(printed.bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${printed.fileName}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}

export const printingRoutes = new OpenAPIHono<AppEnv>()
  .openapi(planPdfRoute, async (c) =>
    pdfResponse(await printLearningPlan(signedIn(c), c.req.valid("param").learnerId, c.req.valid("query"))),
  )
  .openapi(packetRoute, async (c) => {
    const { boardId, learnerId } = c.req.valid("param");
    return pdfResponse(await printPracticePacket(signedIn(c), boardId, learnerId, c.req.valid("query")));
  })
  .openapi(classSetRoute, async (c) =>
    pdfResponse(await printClassSet(signedIn(c), c.req.valid("param").boardId, c.req.valid("query"))),
  )
  .openapi(paperResultsRoute, async (c) => {
    const results = await recordPaperResults(signedIn(c), c.req.valid("param").boardId, c.req.valid("json"));
    return c.json({ results }, 200);
  });

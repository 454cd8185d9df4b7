import { printLearningPlan } from "@pathwise/core";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { RequestHandler } from "./$types";

/** My learning plan as a tagged PDF in my language, to print. */
export const GET: RequestHandler = async ({ locals }) => {
  const ctx = await requireRole(locals, "learner");
  const pdf = await printLearningPlan(ctx, ctx.actor.userId, {}).catch(pageErrorFrom);
  return new Response(pdf.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${pdf.fileName.replace(/[^\x20-\x7e]/g, "_")}"`,
    },
  });
};

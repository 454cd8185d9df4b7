import { printClassSet } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { RequestHandler } from "./$types";

/** A class set of a board's packets (one per learner, each in its learner's language), to print. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "teacher");
  const pdf = await printClassSet(ctx, idOrNotFound(params.boardId), {}).catch(pageErrorFrom);
  return new Response(pdf.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${pdf.fileName.replace(/[^\x20-\x7e]/g, "_")}"`,
      "cache-control": "private, no-store",
    },
  });
};

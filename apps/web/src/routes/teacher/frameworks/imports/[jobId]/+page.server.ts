/**
 * A CASE import the teacher started: its progress while the worker runs it, then the summary (or
 * what was wrong, with where in the package). The page reloads itself with JavaScript; without, a
 * "check again" link does (an automatic refresh would take the pace out of the reader's hands).
 */
import { getFrameworkImport } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params, depends }) => {
  depends("app:framework-import");
  const ctx = await requireRole(locals, "teacher");
  const job = await getFrameworkImport(ctx, idOrNotFound(params.jobId)).catch(pageErrorFrom);
  return {
    job: {
      ...job,
      createdAt: job.createdAt.toISOString(),
      finishedAt: job.finishedAt?.toISOString() ?? null,
    },
  };
};

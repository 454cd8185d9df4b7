/** The frameworks of the teacher's organization, to browse. */
import { listFrameworks } from "@pathwise/core";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await requireRole(locals, "teacher");
  const frameworks = await listFrameworks(ctx).catch(pageErrorFrom);
  return {
    frameworks: frameworks.map((f) => ({
      id: f.id,
      title: f.title,
      publisher: f.publisher,
      version: f.version,
      competencies: f.competencies,
    })),
  };
};

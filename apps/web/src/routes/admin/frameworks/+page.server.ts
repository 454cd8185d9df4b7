import { listFrameworks, listFrameworkVersions } from "@pathwise/core";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await requireRole(locals, "admin");
  const frameworks = await listFrameworks(ctx).catch(pageErrorFrom);
  const versions = await Promise.all(frameworks.map((f) => listFrameworkVersions(ctx, f.id))).catch(
    pageErrorFrom,
  );
  return {
    frameworks: frameworks.map((f, i) => ({
      id: f.id,
      title: f.title,
      publisher: f.publisher,
      version: f.version,
      competencies: f.competencies,
      importedAt: f.importedAt.toISOString(),
      versions: (versions[i] ?? []).map((v) => ({
        id: v.id,
        version: v.version,
        importedAt: v.importedAt.toISOString(),
      })),
    })),
  };
};

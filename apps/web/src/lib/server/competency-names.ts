/**
 * Names for the competencies a learner meets: their classes' competencies with their codes, and
 * any other competency of the same frameworks (a board may reach below or above the class's grade)
 * by its statement.
 */
import { competencyGraphOf, type ClassCompetencies, type SignedInCtx } from "@pathwise/core";

export interface CompetencyName {
  code: string | null;
  statement: string;
}

export async function competencyNames(
  ctx: SignedInCtx,
  classes: ClassCompetencies[],
  ids: readonly (string | null)[],
): Promise<Record<string, CompetencyName>> {
  const names: Record<string, CompetencyName> = {};
  for (const entry of classes)
    for (const c of entry.competencies) names[c.id] = { code: c.humanCodingScheme, statement: c.statement };
  const missing = ids.filter((id): id is string => id !== null && !(id in names));
  if (missing.length === 0) return names;
  const frameworkIds = [...new Set(classes.flatMap((c) => (c.framework ? [c.framework.id] : [])))];
  const graph = await competencyGraphOf(ctx.db, ctx.actor.organizationId, frameworkIds);
  for (const id of missing) {
    const title = graph.titles[graph.findIndex(id) ?? -1];
    if (title) names[id] = { code: null, statement: title };
  }
  return names;
}

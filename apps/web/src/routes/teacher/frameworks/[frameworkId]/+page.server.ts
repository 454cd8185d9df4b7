/**
 * One framework for a teacher: its competencies as a tree with their codes, each competency's
 * prerequisites and what it leads to, and a search over codes and statements (a GET form, so it
 * works without JavaScript and the results have their own address). Staff who write at-home notes
 * for a school get a link from each competency to its note.
 */
import { getFramework, homeNotesOverview } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const frameworkId = idOrNotFound(params.frameworkId);
  const [framework, homeNotes] = await Promise.all([
    getFramework(ctx, frameworkId),
    homeNotesOverview(ctx, frameworkId),
  ]).catch(pageErrorFrom);
  const withNote = new Set(homeNotes.competencyIds);
  const q = (url.searchParams.get("q") ?? "").trim();
  const byId = new Map(framework.competencies.map((c) => [c.id, c]));
  const label = (id: string) => {
    const c = byId.get(id);
    return c ? { id, code: c.humanCodingScheme, statement: c.statement } : null;
  };
  const prerequisites = framework.edges.filter((e) => e.kind === "prerequisite");
  const needle = q.toLowerCase();
  const matches = needle
    ? framework.competencies.filter(
        (c) =>
          c.statement.toLowerCase().includes(needle) ||
          (c.humanCodingScheme ?? "").toLowerCase().includes(needle),
      )
    : null;
  // In a search, a match keeps its ancestors so it is shown in its place in the tree.
  const shown = new Set<string>();
  for (const c of matches ?? framework.competencies) {
    let at: typeof c | undefined = c;
    while (at && !shown.has(at.id)) {
      shown.add(at.id);
      at = at.parentId ? byId.get(at.parentId) : undefined;
    }
  }
  return {
    framework: {
      id: framework.id,
      title: framework.title,
      publisher: framework.publisher,
      version: framework.version,
    },
    q,
    writesHomeNotes: homeNotes.writesForSchools,
    matchCount: matches?.length ?? null,
    competencies: framework.competencies
      .filter((c) => shown.has(c.id))
      .map((c) => ({
        id: c.id,
        code: c.humanCodingScheme,
        statement: c.statement,
        depth: c.depth,
        local: c.local,
        hasHomeNote: withNote.has(c.id),
        match: matches ? matches.some((m) => m.id === c.id) : false,
        needs: prerequisites.filter((e) => e.toId === c.id).flatMap((e) => label(e.fromId) ?? []),
        leadsTo: prerequisites.filter((e) => e.fromId === c.id).flatMap((e) => label(e.toId) ?? []),
      })),
  };
};

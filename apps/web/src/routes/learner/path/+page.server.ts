import {
  competencyGraphOf,
  getLearnerMastery,
  getPlan,
  listDecisions,
  listMyCompetencies,
  listPlans,
} from "@pathwise/core";
import { pathStatuses } from "$lib/path/status.js";
import { requireRole } from "$lib/server/guards.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await requireRole(locals, "learner");
  const [classes, mastery] = await Promise.all([
    listMyCompetencies(ctx),
    getLearnerMastery(ctx, ctx.actor.userId),
  ]);
  const frameworkIds = [...new Set(classes.flatMap((c) => (c.framework ? [c.framework.id] : [])))];
  const graph = await competencyGraphOf(ctx.db, ctx.actor.organizationId, frameworkIds);
  const prerequisitesOf = (id: string) => {
    const index = graph.findIndex(id);
    return index === undefined ? [] : (graph.prerequisiteIndexes[index] ?? []).map((p) => graph.ids[p]!);
  };
  const statements = new Map(classes.flatMap((c) => c.competencies.map((k) => [k.id, k])));
  // My plan: the newest active one, its next steps and the plain sentence about my pace.
  const active = (await listPlans(ctx, ctx.actor.userId)).find((p) => p.status === "active");
  const view = active ? await getPlan(ctx, active.id) : null;
  const pace = view?.pacing
    ? (await listDecisions(ctx, ctx.actor.userId, { limit: 100 })).items.find(
        (d) => d.id === view.pacing!.decisionId,
      )
    : undefined;
  const plan = view && {
    id: view.plan.id,
    title: view.plan.title,
    why: pace?.why ?? null,
    next: view.entries
      .filter((e) => e.position !== undefined)
      .slice(0, 5)
      .map((e) => {
        const c = statements.get(e.competencyId);
        return {
          id: e.competencyId,
          name: c ? (c.humanCodingScheme ?? c.statement) : "",
          minutes: e.minutes ?? null,
        };
      }),
  };
  return {
    learnerId: ctx.actor.userId,
    plan,
    classes: classes.map((entry) => {
      // Headings of the framework (clusters, domains) group the path; the measured skills are the steps.
      const steps = entry.competencies.filter(
        (c) => !entry.competencies.some((other) => other.parentId === c.id),
      );
      return {
        id: entry.class.id,
        name: entry.class.name,
        framework: entry.framework?.title ?? null,
        steps: pathStatuses(
          steps.map((s) => s.id),
          mastery,
          prerequisitesOf,
        ).map((e) => {
          const c = statements.get(e.competencyId)!;
          return {
            ...e,
            code: c.humanCodingScheme,
            statement: c.statement,
            blockedBy: e.blockedBy.map((id) => {
              const p = statements.get(id);
              return p
                ? (p.humanCodingScheme ?? p.statement)
                : (graph.titles[graph.findIndex(id) ?? -1] ?? "");
            }),
          };
        }),
      };
    }),
  };
};

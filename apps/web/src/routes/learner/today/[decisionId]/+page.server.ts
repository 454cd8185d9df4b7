import { error } from "@sveltejs/kit";
import { listMyCompetencies } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { competencyNames } from "$lib/server/competency-names.js";
import { requireRole } from "$lib/server/guards.js";
import { boardGivenToday } from "$lib/server/today-board.js";
import type { PageServerLoad } from "./$types";

/** The option a learner picked from today's board, with why it was offered. */
export const load: PageServerLoad = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "learner");
  const decisionId = idOrNotFound(params.decisionId);
  const [board, classes] = await Promise.all([
    boardGivenToday(ctx, ctx.actor.userId),
    listMyCompetencies(ctx),
  ]);
  const option = board?.options.find((o) => o.decisionId === decisionId);
  if (!option) error(404, { message: "not_found", code: "not_found" });
  const names = await competencyNames(ctx, classes, [option.competencyId]);
  return { option, competency: option.competencyId ? (names[option.competencyId] ?? null) : null };
};

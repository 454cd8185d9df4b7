import { error } from "@sveltejs/kit";
import { getResource, isAppError, listMyCompetencies, type SignedInCtx } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { competencyNames } from "$lib/server/competency-names.js";
import { requireRole } from "$lib/server/guards.js";
import { boardGivenToday } from "$lib/server/today-board.js";
import type { PageServerLoad } from "./$types";

/** The resource an option offers, as the learner opens it; null once it is no longer theirs to see. */
async function resourceOf(ctx: SignedInCtx, activityId: string) {
  if (!activityId.startsWith("resource:")) return null;
  try {
    const r = await getResource(ctx, activityId.slice("resource:".length));
    return {
      title: r.title,
      kind: r.kind,
      language: r.language,
      url: r.url,
      body: r.body,
      file: r.file ? { ...r.file, href: `/resources/${r.id}/file` } : null,
    };
  } catch (cause) {
    if (isAppError(cause) && cause.code === "not_found") return null;
    throw cause;
  }
}

/** The option a learner picked from today's board, with why it was offered and what it offers. */
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
  return {
    option,
    competency: option.competencyId ? (names[option.competencyId] ?? null) : null,
    resource: await resourceOf(ctx, option.activityId),
  };
};

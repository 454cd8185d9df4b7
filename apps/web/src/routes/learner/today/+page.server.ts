import { redirect } from "@sveltejs/kit";
import { contestDecision, listMyCompetencies, pickBoardOption } from "@pathwise/core";
import { failFrom, field, idOrNotFound } from "$lib/server/forms.js";
import { competencyNames } from "$lib/server/competency-names.js";
import { requireRole } from "$lib/server/guards.js";
import { freshBoard, todaysBoard } from "$lib/server/today-board.js";
import type { Actions, PageServerLoad } from "./$types";

const KIND_ORDER = ["learn-new", "practice", "review"];

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await requireRole(locals, "learner");
  const [classes, board] = await Promise.all([listMyCompetencies(ctx), todaysBoard(ctx, ctx.actor.userId)]);
  return {
    options: [...board.options].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind)),
    short: board.short,
    competencies: await competencyNames(
      ctx,
      classes,
      board.options.map((o) => o.competencyId),
    ),
    hasClass: classes.length > 0,
    hasFramework: classes.some((c) => c.framework !== null),
  };
};

export const actions: Actions = {
  contest: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const decisionId = idOrNotFound(field(form, "decisionId"));
    const reason = field(form, "reason");
    try {
      await contestDecision(ctx, decisionId, { reason });
    } catch (cause) {
      return failFrom(
        cause,
        "contest",
        decisionId,
        { reason },
        { reason: "today.contestReasonShort" },
        "today.contestFailed",
      );
    }
    return { contested: decisionId };
  },
  /** Choosing an option is the learner's decision: it goes to the ledger, then its page opens. */
  pick: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const decisionId = idOrNotFound(field(await request.formData(), "decisionId"));
    try {
      await pickBoardOption(ctx, ctx.actor.userId, decisionId);
    } catch (cause) {
      return failFrom(cause, "pick", decisionId, {}, {}, "today.pickFailed");
    }
    redirect(303, `/learner/today/${decisionId}`);
  },
  refresh: async ({ locals }) => {
    const ctx = await requireRole(locals, "learner");
    await freshBoard(ctx, ctx.actor.userId);
    return { refreshed: true };
  },
};

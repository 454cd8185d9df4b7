import { redirect } from "@sveltejs/kit";
import { startDiagnosis } from "@pathwise/core";
import { failFrom } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  await requireRole(locals, "learner");
  return {};
};

export const actions: Actions = {
  start: async ({ locals }) => {
    const ctx = await requireRole(locals, "learner");
    let target: string;
    try {
      const { session, resumed } = await startDiagnosis(ctx, ctx.actor.userId, {});
      target = `/learner/placement/${session.id}${resumed ? "?resumed=1" : ""}`;
    } catch (cause) {
      return failFrom(
        cause,
        "start",
        null,
        {},
        { frameworkId: "placement.noFramework", conflict: "placement.noQuestions" },
        "placement.startFailed",
      );
    }
    redirect(303, target);
  },
};

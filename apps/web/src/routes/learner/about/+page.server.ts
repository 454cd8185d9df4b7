import { fail, redirect } from "@sveltejs/kit";
import { getLearnerProfile, isAppError, PROFILE_FIELDS, updateLearnerProfile } from "@pathwise/core";
import { failFrom, field, type FormProblem } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "learner");
  const profile = await getLearnerProfile(ctx, ctx.actor.userId);
  return {
    profile: {
      strengths: profile.strengths ?? [],
      interests: profile.interests ?? [],
      needs: profile.needs ?? [],
      howILearnBest: profile.howILearnBest ?? "",
      languages: profile.languages ?? [],
      sharedWithGuardians: profile.sharedWithGuardians ?? [],
      version: profile.version,
    },
    done: url.searchParams.get("done"),
  };
};

/** One entry per line (or comma), empty entries dropped. */
const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");

export const actions: Actions = {
  save: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const values = {
      strengths: field(form, "strengths"),
      interests: field(form, "interests"),
      needs: field(form, "needs"),
      howILearnBest: field(form, "howILearnBest"),
      languages: field(form, "languages"),
    };
    const shared = form
      .getAll("sharedWithGuardians")
      .filter((v): v is string => typeof v === "string" && (PROFILE_FIELDS as readonly string[]).includes(v));
    try {
      await updateLearnerProfile(
        ctx,
        ctx.actor.userId,
        {
          strengths: lines(values.strengths),
          interests: lines(values.interests),
          needs: lines(values.needs),
          howILearnBest: values.howILearnBest,
          languages: lines(values.languages),
          sharedWithGuardians: shared,
        },
        Number(field(form, "version")),
      );
    } catch (cause) {
      if (isAppError(cause) && cause.code === "precondition_failed") {
        const problem: FormProblem = {
          form: "save",
          target: null,
          field: null,
          message: "about.stale",
          values,
        };
        return fail(412, { problem });
      }
      return failFrom(
        cause,
        "save",
        null,
        values,
        {
          strengths: "about.entryProblem",
          interests: "about.entryProblem",
          needs: "about.entryProblem",
          languages: "about.languageProblem",
          howILearnBest: "about.tooLong",
        },
        "about.saveFailed",
      );
    }
    redirect(303, "/learner/about?done=saved");
  },
};

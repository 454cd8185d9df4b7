import { redirect } from "@sveltejs/kit";
import { launchCmi5Au, listMyCmi5Courses } from "@pathwise/core";
import { pickLangString } from "$lib/courses/lang-strings.js";
import { failFrom, field } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

/** Where an AU sends the learner when it ends (its returnURL): back here, to see their progress. */
const RETURN_PATH = "/learner/courses";

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await requireRole(locals, "learner");
  const courses = await listMyCmi5Courses(ctx).catch(pageErrorFrom);
  const locale = ctx.actor.locale;
  return {
    courses: courses.map((course) => ({
      id: course.id,
      title: pickLangString(course.title, locale),
      description: pickLangString(course.description, locale),
      status: course.status,
      aus: course.aus.map((au) => ({
        id: au.id,
        title: pickLangString(au.title, locale),
        ownWindow: au.launchMethod === "OwnWindow",
        status: au.progress.status,
        failed: au.progress.failed,
        waived: au.progress.waived,
        score: au.progress.score,
      })),
    })),
  };
};

export const actions: Actions = {
  launch: async ({ locals, request, url }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    let launchUrl: string;
    try {
      const launch = await launchCmi5Au(ctx, {
        courseId: field(form, "courseId"),
        auId: field(form, "auId"),
        origin: url.origin,
        returnPath: RETURN_PATH,
      });
      launchUrl = launch.url;
    } catch (cause) {
      return failFrom(cause, "launch", field(form, "auId"), {}, {}, "courses.launchFailed");
    }
    redirect(303, launchUrl);
  },
};

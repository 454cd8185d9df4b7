import { fail, redirect } from "@sveltejs/kit";
import { importCmi5Package, isAppError, listCmi5Courses } from "@pathwise/core";
import { pickLangString } from "$lib/courses/lang-strings.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals }) => {
  const ctx = await requireRole(locals, "admin");
  const courses = await listCmi5Courses(ctx).catch(pageErrorFrom);
  const countAus = (nodes: (typeof courses)[number]["children"]): number =>
    nodes.reduce((n, node) => n + (node.kind === "au" ? 1 : countAus(node.children)), 0);
  return {
    courses: courses.map((course) => ({
      id: course.id,
      title: pickLangString(course.title, ctx.actor.locale),
      version: course.version,
      aus: countAus(course.children),
      offeredTo: course.offeredTo.map((o) => o.name),
      registrations: course.registrations,
    })),
  };
};

export const actions: Actions = {
  import: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "admin");
    const form = await request.formData();
    const file = form.get("package");
    if (!file || typeof file === "string" || file.size === 0)
      return fail(400, { importError: { message: "courses.chooseFile" as const, problems: [] } });
    let courseId: string;
    try {
      const summary = await importCmi5Package(ctx, {
        filename: file.name,
        contentType: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      courseId = summary.courseId;
    } catch (cause) {
      if (!isAppError(cause) || cause.code !== "validation_failed") throw cause;
      return fail(400, {
        importError: {
          message: "courses.importFailed" as const,
          problems: cause.details.map((d) => ({ path: d.path, message: d.message })),
        },
      });
    }
    redirect(303, `/admin/courses/${courseId}?imported=1`);
  },
};

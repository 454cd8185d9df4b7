import { classGrowth, isAppError } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { periodFrom } from "$lib/server/growth-period.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const classId = idOrNotFound(params.classId);
  const period = periodFrom(url, ctx.now());
  try {
    const report = await classGrowth(ctx, classId, period);
    return { classId, period, report, problem: null };
  } catch (cause) {
    if (isAppError(cause) && cause.code === "validation_failed") {
      const field = cause.details[0]?.path.split(".")[1] === "from" ? "from" : "to";
      const future = cause.details.some((d) => d.path === "query.from" && d.message.includes("future"));
      return { classId, period, report: null, problem: { field, future } };
    }
    return pageErrorFrom(cause);
  }
};

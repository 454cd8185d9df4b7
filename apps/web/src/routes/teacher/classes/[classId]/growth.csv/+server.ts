import { classGrowth, growthCsv } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { periodFrom } from "$lib/server/growth-period.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { RequestHandler } from "./$types";

/** The growth report as a CSV download, for spreadsheets. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const classId = idOrNotFound(params.classId);
  const period = periodFrom(url, ctx.now());
  const report = await classGrowth(ctx, classId, period).catch(pageErrorFrom);
  const name = `growth-${report.className.replace(/[^\p{L}\p{N}]+/gu, "-")}-${period.from}-${period.to}.csv`;
  return new Response(growthCsv(report), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  });
};

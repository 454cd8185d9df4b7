import { error, redirect } from "@sveltejs/kit";
import {
  getCmi5Course,
  listMyClasses,
  mapActivityToCompetencies,
  offerCmi5Course,
  type Cmi5AuView,
  type Cmi5BlockView,
} from "@pathwise/core";
import { pickLangString, type Localized } from "$lib/courses/lang-strings.js";
import { failFrom, field, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export interface NodeRow {
  kind: "block" | "au";
  id: string;
  publisherId: string;
  activityId: string;
  title: Localized;
  competencies: { id: string; code: string | null; statement: string }[];
  moveOn: string | null;
  masteryScore: number | null;
  launchMethod: string | null;
  children: NodeRow[];
}

const DONE = ["imported", "offered", "mapped"] as const;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "admin");
  const courseId = idOrNotFound(params.courseId);
  const [course, classes] = await Promise.all([getCmi5Course(ctx, courseId), listMyClasses(ctx)]).catch(
    pageErrorFrom,
  );
  const locale = ctx.actor.locale;
  const row = (node: Cmi5BlockView | Cmi5AuView): NodeRow => ({
    kind: node.kind,
    id: node.id,
    publisherId: node.publisherId,
    activityId: node.activityId,
    title: pickLangString(node.title, locale),
    competencies: node.competencies,
    moveOn: node.kind === "au" ? node.moveOn : null,
    masteryScore: node.kind === "au" ? node.masteryScore : null,
    launchMethod: node.kind === "au" ? node.launchMethod : null,
    children: node.kind === "block" ? node.children.map(row) : [],
  });
  const done = DONE.find((what) => url.searchParams.has(what)) ?? null;
  return {
    done,
    course: {
      id: course.id,
      publisherId: course.publisherId,
      activityId: course.activityId,
      title: pickLangString(course.title, locale),
      description: pickLangString(course.description, locale),
      competencies: course.competencies,
      version: course.version,
      registrations: course.registrations,
      versions: course.versions.map((v) => ({ ...v, importedAt: v.importedAt.toISOString() })),
      offeredTo: course.offeredTo.map((o) => o.classId),
      children: course.children.map(row),
    },
    classes: classes.map((c) => ({ id: c.id, name: c.name, termName: c.termName })),
  };
};

/** The competencies an activity of this course is mapped to now (never trusted from the form). */
async function currentMapping(
  ctx: Parameters<typeof getCmi5Course>[0],
  courseId: string,
  activityId: string,
) {
  const course = await getCmi5Course(ctx, courseId);
  const find = (nodes: (Cmi5BlockView | Cmi5AuView)[]): (Cmi5BlockView | Cmi5AuView) | undefined =>
    nodes.reduce<(Cmi5BlockView | Cmi5AuView) | undefined>(
      (found, node) =>
        found ??
        (node.activityId === activityId ? node : node.kind === "block" ? find(node.children) : undefined),
      undefined,
    );
  const node = course.activityId === activityId ? course : find(course.children);
  if (!node) error(404, { message: "not_found", code: "not_found" });
  return node.competencies.map((c) => c.id);
}

export const actions: Actions = {
  offer: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "admin");
    const courseId = idOrNotFound(params.courseId);
    const form = await request.formData();
    const classIds = form.getAll("classIds").filter((v): v is string => typeof v === "string");
    try {
      await offerCmi5Course(ctx, courseId, { classIds });
    } catch (cause) {
      return failFrom(cause, "offer", null, {}, {}, "courses.offerFailed");
    }
    redirect(303, `/admin/courses/${courseId}?offered`);
  },
  map: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "admin");
    const courseId = idOrNotFound(params.courseId);
    const form = await request.formData();
    const activityId = field(form, "activityId");
    const code = field(form, "code").trim();
    const values = { code };
    try {
      const current = await currentMapping(ctx, courseId, activityId);
      await mapActivityToCompetencies(ctx, { activityId, competencyIds: current, competencyCodes: [code] });
    } catch (cause) {
      return failFrom(
        cause,
        "map",
        activityId,
        values,
        { competencyCodes: "courses.codeUnknown" },
        "courses.mapFailed",
      );
    }
    redirect(303, `/admin/courses/${courseId}?mapped`);
  },
  unmap: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "admin");
    const courseId = idOrNotFound(params.courseId);
    const form = await request.formData();
    const activityId = field(form, "activityId");
    const competencyId = field(form, "competencyId");
    try {
      const current = await currentMapping(ctx, courseId, activityId);
      await mapActivityToCompetencies(ctx, {
        activityId,
        competencyIds: current.filter((id) => id !== competencyId),
      });
    } catch (cause) {
      return failFrom(cause, "map", activityId, {}, {}, "courses.mapFailed");
    }
    redirect(303, `/admin/courses/${courseId}?mapped`);
  },
};

import { redirect } from "@sveltejs/kit";
import {
  classAlerts,
  createGroupSession,
  isAppError,
  listGroupSessions,
  suggestClassGroups,
} from "@pathwise/core";
import { failFrom, field, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const classId = idOrNotFound(params.classId);
  // The bounds are the use-case's to check; sizes it refuses are named, and the defaults shown.
  const asked = {
    minSize: url.searchParams.get("minSize") ?? undefined,
    maxSize: url.searchParams.get("maxSize") ?? undefined,
  };
  let badSizes = false;
  const suggestGroups = suggestClassGroups(ctx, classId, asked).catch((cause: unknown) => {
    if (!isAppError(cause) || cause.code !== "validation_failed") throw cause;
    badSizes = true;
    return suggestClassGroups(ctx, classId, {});
  });
  const [suggestion, alerts, sessions] = await Promise.all([
    suggestGroups,
    classAlerts(ctx, classId),
    listGroupSessions(ctx, classId),
  ]).catch(pageErrorFrom);
  const size = { minSize: suggestion.minSize, maxSize: suggestion.maxSize };
  const names = new Map(
    [...suggestion.groups.flatMap((g) => g.learners), ...suggestion.ungrouped].map((l) => [
      l.id,
      `${l.givenName} ${l.familyName}`,
    ]),
  );
  return {
    classId,
    size,
    badSizes,
    created: url.searchParams.get("created") === "1",
    groups: suggestion.groups.map((g) => ({
      competency: g.competency,
      learners: g.learners.map((l) => ({
        id: l.id,
        name: `${l.givenName} ${l.familyName}`,
        percent: l.probability === null ? null : Math.round(l.probability * 100),
      })),
      activity: g.activity,
      why: g.why,
    })),
    ungrouped: suggestion.ungrouped.map((l) => `${l.givenName} ${l.familyName}`),
    alerts: alerts.alerts.map((a) => ({
      learnerId: a.learner.id,
      name: `${a.learner.givenName} ${a.learner.familyName}`,
      kind: a.kind,
      why: a.why,
      evidenceCount: a.evidence.length,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      title: s.title,
      members: s.learnerIds.map((id) => names.get(id) ?? "—"),
      createdAt: s.createdAt.toISOString(),
    })),
  };
};

export const actions: Actions = {
  createSession: async ({ locals, request, params }) => {
    const ctx = await requireRole(locals, "teacher");
    const classId = idOrNotFound(params.classId);
    const form = await request.formData();
    const competencyId = idOrNotFound(field(form, "competencyId"));
    const learnerIds = form.getAll("learnerIds").filter((v): v is string => typeof v === "string");
    const values = { title: field(form, "title") };
    try {
      await createGroupSession(ctx, classId, {
        competencyId,
        learnerIds,
        title: values.title,
        ...(field(form, "activityId") ? { activityId: field(form, "activityId") } : {}),
      });
    } catch (cause) {
      return failFrom(
        cause,
        "createSession",
        competencyId,
        values,
        { title: "classGroups.titleMissing", learnerIds: "classGroups.pickLearners" },
        "classGroups.createFailed",
      );
    }
    redirect(303, `/teacher/classes/${classId}/groups?created=1`);
  },
};

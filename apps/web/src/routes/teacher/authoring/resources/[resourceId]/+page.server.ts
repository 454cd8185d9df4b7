/** Make or edit a resource: a link or a text, tagged with competencies, level, modality and interests. */
import { redirect } from "@sveltejs/kit";
import { createResource, getResource, updateResource } from "@pathwise/core";
import { competencyOptions, fieldsOf, isStale, MODALITIES, staleEditFrom } from "$lib/server/authoring.js";
import { failFrom, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "teacher");
  const competencies = await competencyOptions(ctx).catch(pageErrorFrom);
  const base = { competencies, modalities: MODALITIES };
  if (params.resourceId === "new")
    return {
      ...base,
      isNew: true,
      kind: "link",
      fields: {
        kind: "link",
        level: "at",
        language: "en",
        expectedMinutes: "10",
        modality: "video",
      } as Record<string, string>,
    };
  const r = await getResource(ctx, idOrNotFound(params.resourceId)).catch(pageErrorFrom);
  return {
    ...base,
    isNew: false,
    kind: r.kind,
    fields: {
      kind: r.kind,
      title: r.title,
      url: r.url ?? "",
      body: r.body ?? "",
      competencyIds: r.competencyIds.join(","),
      level: r.level,
      modality: r.modality,
      interests: r.interests.join(", "),
      language: r.language,
      expectedMinutes: String(r.expectedMinutes),
      version: String(r.version),
    } as Record<string, string>,
  };
};

const MESSAGES = {
  title: "authoring.titleProblem",
  url: "authoring.resource.urlProblem",
  body: "authoring.resource.bodyProblem",
  competencyIds: "authoring.competencyProblem",
  expectedMinutes: "authoring.minutesProblem",
  language: "authoring.languageProblem",
} as const;

export const actions: Actions = {
  default: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const fields = fieldsOf(await request.formData());
    const kind = fields.kind === "text" ? "text" : "link";
    const common = {
      title: (fields.title ?? "").trim(),
      ...(kind === "link" ? { url: (fields.url ?? "").trim() } : { body: (fields.body ?? "").trim() }),
      competencyIds: (fields.competencyIds ?? "").split(",").filter(Boolean),
      level: fields.level,
      modality: fields.modality,
      interests: (fields.interests ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      language: (fields.language ?? "").trim() || "en",
      expectedMinutes: Number(fields.expectedMinutes),
    };
    try {
      if (params.resourceId === "new") await createResource(ctx, { ...common, kind });
      else
        await updateResource(
          ctx,
          idOrNotFound(params.resourceId),
          common,
          Number(fields.version) || undefined,
        );
    } catch (cause) {
      if (isStale(cause)) {
        const theirs = await getResource(ctx, params.resourceId);
        return staleEditFrom("resource", fields, {
          version: theirs.version,
          updatedAt: theirs.updatedAt.toISOString(),
          summary: theirs.title,
        });
      }
      return failFrom(cause, "resource", null, fields, MESSAGES, "authoring.failed");
    }
    redirect(303, "/teacher/authoring?saved=resource");
  },
};

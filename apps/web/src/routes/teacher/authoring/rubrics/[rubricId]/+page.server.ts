/**
 * Make or edit a rubric: criteria × levels, each criterion mapped to a competency. Work already
 * handed in against it keeps being scored with the rubric as it was (core keeps the revision).
 */
import { redirect } from "@sveltejs/kit";
import { createRubric, getRubric, updateRubric } from "@pathwise/core";
import {
  competencyOptions,
  fieldsOf,
  isStale,
  rubricFields,
  rubricInputFrom,
  staleEditFrom,
} from "$lib/server/authoring.js";
import { failFrom, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "teacher");
  const competencies = await competencyOptions(ctx).catch(pageErrorFrom);
  if (params.rubricId === "new") return { isNew: true, competencies, fields: {} as Record<string, string> };
  const rubric = await getRubric(ctx, idOrNotFound(params.rubricId)).catch(pageErrorFrom);
  return { isNew: false, competencies, fields: rubricFields(rubric) };
};

const MESSAGES = { title: "authoring.titleProblem", criteria: "authoring.rubric.criteriaProblem" } as const;

export const actions: Actions = {
  default: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const fields = fieldsOf(await request.formData());
    const input = rubricInputFrom(fields);
    if (params.rubricId === "new") {
      try {
        await createRubric(ctx, input);
      } catch (cause) {
        return failFrom(cause, "rubric", null, fields, MESSAGES, "authoring.failed");
      }
      redirect(303, "/teacher/authoring?saved=rubric");
    }
    const rubricId = idOrNotFound(params.rubricId);
    try {
      await updateRubric(ctx, rubricId, input, Number(fields.version) || undefined);
    } catch (cause) {
      if (isStale(cause)) {
        const theirs = await getRubric(ctx, rubricId);
        return staleEditFrom("rubric", fields, {
          version: theirs.version,
          updatedAt: theirs.updatedAt.toISOString(),
          summary: `${theirs.title}: ${theirs.criteria.map((c) => c.title).join(", ")}`,
        });
      }
      return failFrom(cause, "rubric", null, fields, MESSAGES, "authoring.failed");
    }
    redirect(303, "/teacher/authoring?saved=rubric");
  },
};

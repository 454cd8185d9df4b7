/** Make or edit a task or project scored by a rubric. */
import { redirect } from "@sveltejs/kit";
import { createTask, getTask, listRubrics, updateTask } from "@pathwise/core";
import { fieldsOf, isStale, MODALITIES, staleEditFrom } from "$lib/server/authoring.js";
import { failFrom, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "teacher");
  const rubrics = (await listRubrics(ctx).catch(pageErrorFrom)).map((r) => ({ id: r.id, title: r.title }));
  if (params.taskId === "new")
    return {
      isNew: true,
      rubrics,
      modalities: MODALITIES,
      fields: { expectedMinutes: "30", modality: "project" } as Record<string, string>,
    };
  const task = await getTask(ctx, idOrNotFound(params.taskId)).catch(pageErrorFrom);
  return {
    isNew: false,
    rubrics,
    modalities: MODALITIES,
    fields: {
      title: task.title,
      description: task.description,
      rubricId: task.rubricId,
      expectedMinutes: String(task.expectedMinutes),
      modality: task.modality,
      version: String(task.version),
    } as Record<string, string>,
  };
};

const MESSAGES = {
  title: "authoring.titleProblem",
  description: "authoring.task.descriptionProblem",
  rubricId: "authoring.task.rubricProblem",
  expectedMinutes: "authoring.minutesProblem",
} as const;

export const actions: Actions = {
  default: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const fields = fieldsOf(await request.formData());
    const input = {
      title: (fields.title ?? "").trim(),
      description: (fields.description ?? "").trim(),
      rubricId: fields.rubricId ?? "",
      expectedMinutes: Number(fields.expectedMinutes),
      modality: fields.modality,
    };
    try {
      if (params.taskId === "new") await createTask(ctx, input);
      else await updateTask(ctx, idOrNotFound(params.taskId), input, Number(fields.version) || undefined);
    } catch (cause) {
      if (isStale(cause)) {
        const theirs = await getTask(ctx, params.taskId);
        return staleEditFrom("task", fields, {
          version: theirs.version,
          updatedAt: theirs.updatedAt.toISOString(),
          summary: `${theirs.title}: ${theirs.description}`,
        });
      }
      return failFrom(cause, "task", null, fields, MESSAGES, "authoring.failed");
    }
    redirect(303, "/teacher/authoring?saved=task");
  },
};

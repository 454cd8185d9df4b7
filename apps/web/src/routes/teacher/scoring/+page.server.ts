/**
 * The teacher's scoring queue: short-text answers to mark right or "not yet" with feedback, and
 * task submissions to score on each criterion of their rubric. Each form calls core's
 * `scoreSubmission`, which writes the evidence and moves the learner's mastery exactly once.
 */
import { redirect } from "@sveltejs/kit";
import {
  getItem,
  getTask,
  listMyClasses,
  listScoringQueue,
  scoreSubmission,
  submittedRubric,
} from "@pathwise/core";
import { failFrom, field, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const [queue, classes] = await Promise.all([listScoringQueue(ctx), listMyClasses(ctx)]).catch(
    pageErrorFrom,
  );
  const names = new Map(
    classes.flatMap((c) => c.learners).map((l) => [l.id, `${l.givenName} ${l.familyName}`]),
  );
  const itemIds = [...new Set(queue.flatMap((s) => (s.itemId ? [s.itemId] : [])))];
  const taskIds = [...new Set(queue.flatMap((s) => (s.taskId ? [s.taskId] : [])))];
  const [itemsById, tasksById] = await Promise.all([
    Promise.all(itemIds.map((id) => getItem(ctx, id))).then((list) => new Map(list.map((i) => [i.id, i]))),
    Promise.all(taskIds.map((id) => getTask(ctx, id))).then((list) => new Map(list.map((t) => [t.id, t]))),
  ]).catch(pageErrorFrom);
  // Each submission is scored with the rubric revision it was handed in with, even if edited since.
  const rubricsBySubmission = new Map(
    await Promise.all(
      queue
        .filter((s) => s.kind === "task" && s.taskId)
        .map(async (s) => [s.id, await submittedRubric(ctx, s, tasksById.get(s.taskId!)!.rubric)] as const),
    ).catch(pageErrorFrom),
  );
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    answers: queue
      .filter((s) => s.kind === "item" && s.itemId)
      .map((s) => {
        const item = itemsById.get(s.itemId!);
        return {
          id: s.id,
          learner: names.get(s.learnerId) ?? null,
          question: s.title,
          answer: text(s.response.text) ?? "",
          modelAnswer: item?.body.kind === "short_text" ? item.body.modelAnswer : null,
          submittedAt: s.submittedAt,
        };
      }),
    tasks: queue
      .filter((s) => s.kind === "task" && s.taskId)
      .map((s) => {
        const task = tasksById.get(s.taskId!)!;
        const rubric = rubricsBySubmission.get(s.id)!;
        return {
          id: s.id,
          learner: names.get(s.learnerId) ?? null,
          title: task.title,
          text: text(s.response.text),
          url: text(s.response.url),
          submittedAt: s.submittedAt,
          rubricRevision: rubric.revision,
          rubricEditedSince: !rubric.current,
          criteria: rubric.criteria.map((c) => ({
            id: c.id,
            title: c.title,
            levels: c.levels.map((l) => ({ score: l.score, label: l.label, description: l.description })),
          })),
        };
      }),
    done: url.searchParams.get("done"),
  };
};

export const actions: Actions = {
  answer: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const form = await request.formData();
    const submissionId = idOrNotFound(field(form, "submissionId"));
    const values = { correct: field(form, "correct"), feedback: field(form, "feedback") };
    try {
      await scoreSubmission(ctx, submissionId, {
        correct: values.correct === "true" ? true : values.correct === "false" ? false : undefined,
        feedback: values.feedback.trim() || undefined,
      });
    } catch (cause) {
      return failFrom(
        cause,
        "answer",
        submissionId,
        values,
        { correct: "scoring.pickCorrect", conflict: "scoring.alreadyScored" },
        "scoring.failed",
      );
    }
    redirect(303, "/teacher/scoring?done=answer");
  },
  task: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const form = await request.formData();
    const submissionId = idOrNotFound(field(form, "submissionId"));
    const values: Record<string, string> = { feedback: field(form, "feedback") };
    const levels: Record<string, number> = {};
    for (const [name, value] of form.entries()) {
      if (typeof value !== "string" || !name.startsWith("level-")) continue;
      values[name] = value;
      if (value !== "") levels[name.slice("level-".length)] = Number(value);
    }
    try {
      await scoreSubmission(ctx, submissionId, { levels, feedback: values.feedback!.trim() || undefined });
    } catch (cause) {
      return failFrom(
        cause,
        "task",
        submissionId,
        values,
        { levels: "scoring.pickLevels", conflict: "scoring.alreadyScored" },
        "scoring.failed",
      );
    }
    redirect(303, "/teacher/scoring?done=task");
  },
};

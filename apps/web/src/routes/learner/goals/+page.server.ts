import { error, fail, redirect } from "@sveltejs/kit";
import {
  addGoalCheckIn,
  createGoal,
  isAppError,
  listGoalCheckIns,
  listGoals,
  listMyCompetencies,
  updateGoal,
  type SignedInCtx,
} from "@pathwise/core";
import { failFrom, field, idOrNotFound, type FormProblem } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import {
  cleanTaskText,
  formatGoalBody,
  isDay,
  parseGoalBody,
  weekOf,
  type GoalBody,
} from "$lib/goals/tasks.js";
import type { Actions, PageServerLoad } from "./$types";

/** A form failure this page finds itself (a stale version, a task that is not there). */
function problemOf(form: string, target: string, message: FormProblem["message"], status: number) {
  const problem: FormProblem = { form, target, field: null, message, values: {} };
  return fail(status, { problem });
}

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "learner");
  const learnerId = ctx.actor.userId;
  const [goals, classes] = await Promise.all([listGoals(ctx, learnerId), listMyCompetencies(ctx)]);
  const checkIns = await Promise.all(goals.map((goal) => listGoalCheckIns(ctx, goal.id)));
  const seen = new Set<string>();
  const competencies = classes
    .flatMap((c) => c.competencies.filter((k) => !c.competencies.some((other) => other.parentId === k.id)))
    .filter((k) => !seen.has(k.id) && seen.add(k.id))
    .map((k) => ({ id: k.id, code: k.humanCodingScheme, statement: k.statement }));
  return {
    goals: goals.map((goal, i) => ({
      id: goal.id,
      title: goal.title,
      ...parseGoalBody(goal.description),
      competencyIds: goal.competencyIds,
      targetDate: goal.targetDate,
      status: goal.status,
      version: goal.version,
      checkIns: (checkIns[i] ?? []).map((c) => ({
        id: c.id,
        note: c.note,
        progress: c.progress,
        createdAt: c.createdAt,
      })),
    })),
    competencies,
    week: weekOf(ctx.now()),
    done: url.searchParams.get("done"),
  };
};

const checked = (form: FormData, name: string) =>
  form.getAll(name).filter((v): v is string => typeof v === "string");

/** The goal's tasks changed by `change`, saved against the version the page showed (If-Match). */
async function changeTasks(
  ctx: SignedInCtx,
  form: FormData,
  formName: string,
  change: (body: GoalBody) => GoalBody | null,
) {
  const goalId = idOrNotFound(field(form, "goalId"));
  const version = Number(field(form, "version"));
  const goals = await listGoals(ctx, ctx.actor.userId);
  const goal = goals.find((g) => g.id === goalId);
  if (!goal) error(404, { message: "not_found", code: "not_found" });
  const problem = (message: FormProblem["message"], status = 400) =>
    problemOf(formName, goalId, message, status);
  if (goal.version !== version) return problem("goals.stale", 412);
  const next = change(parseGoalBody(goal.description));
  if (!next) return problem("goals.taskMissing");
  try {
    await updateGoal(ctx, goalId, { description: formatGoalBody(next) }, version);
  } catch (cause) {
    if (isAppError(cause) && cause.code === "precondition_failed") return problem("goals.stale", 412);
    return failFrom(cause, formName, goalId, {}, { description: "goals.tooLong" }, "goals.saveFailed");
  }
  return null;
}

export const actions: Actions = {
  create: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const values = {
      title: field(form, "title"),
      note: field(form, "note"),
      targetDate: field(form, "targetDate"),
    };
    try {
      await createGoal(ctx, ctx.actor.userId, {
        title: values.title,
        description: values.note,
        competencyIds: checked(form, "competencyIds"),
        targetDate: values.targetDate || null,
      });
    } catch (cause) {
      return failFrom(
        cause,
        "create",
        null,
        values,
        {
          title: "goals.titleMissing",
          targetDate: "goals.badDate",
          competencyIds: "goals.competencyUnknown",
          description: "goals.tooLong",
        },
        "goals.saveFailed",
      );
    }
    redirect(303, "/learner/goals?done=created");
  },
  addTask: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const text = cleanTaskText(field(form, "text"));
    const day = field(form, "day");
    const failed = await changeTasks(ctx, form, "addTask", (body) =>
      text ? { ...body, tasks: [...body.tasks, { text, done: false, day: isDay(day) ? day : null }] } : null,
    );
    if (failed) return failed;
    redirect(303, "/learner/goals?done=taskAdded");
  },
  toggleTask: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const index = Number(field(form, "task"));
    const done = field(form, "done") === "true";
    const failed = await changeTasks(ctx, form, "toggleTask", (body) =>
      body.tasks[index]
        ? { ...body, tasks: body.tasks.map((task, i) => (i === index ? { ...task, done } : task)) }
        : null,
    );
    if (failed) return failed;
    redirect(303, `/learner/goals?done=${done ? "taskDone" : "taskUndone"}`);
  },
  schedule: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const index = Number(field(form, "task"));
    const day = field(form, "day");
    const failed = await changeTasks(ctx, form, "schedule", (body) =>
      body.tasks[index]
        ? {
            ...body,
            tasks: body.tasks.map((task, i) =>
              i === index ? { ...task, day: isDay(day) ? day : null } : task,
            ),
          }
        : null,
    );
    if (failed) return failed;
    redirect(303, "/learner/goals?done=scheduled");
  },
  reflect: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const goalId = idOrNotFound(field(form, "goalId"));
    const values = { note: field(form, "note"), progress: field(form, "progress") };
    try {
      await addGoalCheckIn(ctx, goalId, {
        note: values.note,
        progress: values.progress === "" ? null : Number(values.progress),
      });
    } catch (cause) {
      return failFrom(
        cause,
        "reflect",
        goalId,
        values,
        { note: "goals.reflectionMissing", progress: "goals.progressRange", conflict: "goals.notActive" },
        "goals.saveFailed",
      );
    }
    redirect(303, "/learner/goals?done=reflected");
  },
  status: async ({ locals, request }) => {
    const ctx = await requireRole(locals, "learner");
    const form = await request.formData();
    const goalId = idOrNotFound(field(form, "goalId"));
    const status = field(form, "status");
    const version = Number(field(form, "version"));
    try {
      await updateGoal(ctx, goalId, { status }, version);
    } catch (cause) {
      if (isAppError(cause) && cause.code === "precondition_failed")
        return problemOf("status", goalId, "goals.stale", 412);
      return failFrom(cause, "status", goalId, {}, {}, "goals.saveFailed");
    }
    redirect(
      303,
      `/learner/goals?done=${status === "achieved" ? "achieved" : status === "dropped" ? "dropped" : "reopened"}`,
    );
  },
};

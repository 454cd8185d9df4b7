import { fail, redirect } from "@sveltejs/kit";
import { answerDiagnosis, finishDiagnosis, getDiagnosis, listMyCompetencies } from "@pathwise/core";
import { failFrom, field, idOrNotFound, type FormProblem } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import type { Actions, PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "learner");
  const session = await getDiagnosis(ctx, idOrNotFound(params.sessionId));
  const classes = await listMyCompetencies(ctx);
  const names = new Map(
    classes.flatMap((c) =>
      c.competencies.map((k) => [k.id, { code: k.humanCodingScheme, statement: k.statement }]),
    ),
  );
  const result = session.result && {
    ...session.result,
    competencies: [...session.result.competencies]
      .sort((a, b) => Number(b.asked) - Number(a.asked) || b.probability - a.probability)
      .map((c) => ({
        ...c,
        code: names.get(c.competencyId)?.code ?? null,
        statement: names.get(c.competencyId)?.statement ?? "",
      })),
  };
  const question = session.question && {
    ...session.question,
    competency: names.get(session.question.competencyId) ?? null,
  };
  return {
    session: {
      id: session.id,
      status: session.status,
      questionsAsked: session.questionsAsked,
      question,
      result,
    },
    resumed: url.searchParams.get("resumed") === "1",
  };
};

export const actions: Actions = {
  answer: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "learner");
    const sessionId = idOrNotFound(params.sessionId);
    const form = await request.formData();
    const itemId = idOrNotFound(field(form, "itemId"));
    const kind = field(form, "kind");
    const response =
      kind === "multiple_choice"
        ? form.getAll("response").filter((v): v is string => typeof v === "string")
        : field(form, "response").trim();
    if (response.length === 0) {
      const problem: FormProblem = {
        form: "answer",
        target: itemId,
        field: "response",
        message: "placement.answerMissing",
        values: {},
      };
      return fail(400, { problem });
    }
    try {
      await answerDiagnosis(ctx, sessionId, { itemId, response });
    } catch (cause) {
      return failFrom(
        cause,
        "answer",
        itemId,
        {},
        { conflict: "placement.notCurrent" },
        "placement.answerFailed",
      );
    }
    redirect(303, `/learner/placement/${sessionId}`);
  },
  stop: async ({ locals, params }) => {
    const ctx = await requireRole(locals, "learner");
    const sessionId = idOrNotFound(params.sessionId);
    try {
      await finishDiagnosis(ctx, sessionId);
    } catch (cause) {
      return failFrom(
        cause,
        "stop",
        null,
        {},
        { conflict: "placement.stopTooSoon" },
        "placement.answerFailed",
      );
    }
    redirect(303, `/learner/placement/${sessionId}`);
  },
};

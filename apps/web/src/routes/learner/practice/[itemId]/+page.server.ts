/**
 * The practice player: one item, served by core without its key and with the learner's
 * accommodations, answered with a plain form (it works without JavaScript). The answer is scored on
 * the server and comes back with growth-framed feedback; a short-text answer waits for the teacher.
 */
import { randomUUID } from "node:crypto";
import { fail } from "@sveltejs/kit";
import { answerItem, deliverItem, listMyCompetencies, type AnswerResult } from "@pathwise/core";
import type { MessageKey } from "$lib/i18n/index.js";
import { failFrom, field, idOrNotFound, type FormProblem } from "$lib/server/forms.js";
import { competencyNames } from "$lib/server/competency-names.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import { boardGivenToday } from "$lib/server/today-board.js";
import { responseFromForm } from "$lib/player/response.js";
import type { Actions, PageServerLoad } from "./$types";

/** The time a practice item is planned for when no board option says otherwise (core's ITEM_MINUTES). */
const DEFAULT_MINUTES = 3;
/** Core's growth-framed feedback, worded in the catalogs. */
const FEEDBACK: Record<AnswerResult["feedbackKey"], MessageKey> = {
  "feedback.attempt.correct": "feedback.attempt.correct",
  "feedback.attempt.not-yet": "feedback.attempt.not-yet",
  "feedback.attempt.waiting-for-teacher": "feedback.attempt.waiting-for-teacher",
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "learner");
  const itemId = idOrNotFound(params.itemId);
  const item = await deliverItem(ctx, itemId).catch(pageErrorFrom);
  const decisionId = url.searchParams.get("decision");
  const board = decisionId && UUID.test(decisionId) ? await boardGivenToday(ctx, ctx.actor.userId) : null;
  const option =
    board?.options.find((o) => o.decisionId === decisionId && o.activityId === `item:${itemId}`) ?? null;
  const competencyId = option?.competencyId ?? item.competencyIds[0] ?? null;
  const names = competencyId ? await competencyNames(ctx, await listMyCompetencies(ctx), [competencyId]) : {};
  // Extended time multiplies the planned time; null (the "no timer" accommodation) means no timer at all.
  const factor = item.accommodations ? item.accommodations.extendedTimeFactor : 1;
  return {
    item: {
      id: item.id,
      kind: item.kind,
      stem: item.stem,
      language: item.language,
      body: item.body,
      variantId: item.variantId,
    },
    accommodations: item.accommodations,
    competency: competencyId ? (names[competencyId] ?? null) : null,
    why: option?.why ?? null,
    decisionId: option?.decisionId ?? null,
    timeLimitSeconds: factor === null ? null : Math.round((option?.minutes || DEFAULT_MINUTES) * 60 * factor),
    /** One key per showing of the form: sending the same answer twice counts once. */
    attemptKey: randomUUID(),
    startedAt: ctx.now().getTime(),
  };
};

/** What was sent, to show the form again as the learner left it. */
function valuesOf(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries())
    if (typeof value === "string" && name !== "attemptKey")
      values[name] = name in values ? `${values[name]}\n${value}` : value;
  return values;
}

export const actions: Actions = {
  answer: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "learner");
    const itemId = idOrNotFound(params.itemId);
    const form = await request.formData();
    const item = await deliverItem(ctx, itemId).catch(pageErrorFrom);
    const values = valuesOf(form);
    const parsed = responseFromForm(item.body, form);
    if ("problem" in parsed)
      return fail(400, {
        problem: {
          form: "answer",
          target: null,
          field: null,
          message: parsed.problem,
          values,
        } satisfies FormProblem,
      });
    const started = Number(field(form, "startedAt"));
    const now = ctx.now().getTime();
    const durationSeconds =
      Number.isFinite(started) && started > 0 && started <= now
        ? Math.min(86_400, Math.round((now - started) / 1000))
        : undefined;
    const key = field(form, "attemptKey");
    try {
      const result = await answerItem(
        ctx,
        itemId,
        {
          response: parsed.response,
          variantId: item.variantId ?? undefined,
          durationSeconds,
          source: "web",
        },
        UUID.test(key) ? key : randomUUID(),
      );
      return {
        answered: {
          status: result.status,
          correct: result.correct,
          feedbackKey: FEEDBACK[result.feedbackKey],
        },
        values,
      };
    } catch (cause) {
      return failFrom(
        cause,
        "answer",
        null,
        values,
        { response: "player.answerNeeded", conflict: "player.answerFailed" },
        "player.answerNeeded",
      );
    }
  },
};

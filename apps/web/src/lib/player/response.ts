/**
 * The answer a learner sent with the player's plain HTML form, as the response core scores. Pure,
 * so that the form works without JavaScript and the rules are tested on their own.
 */
import type { DeliveredBody } from "@pathwise/core";
import type { MessageKey } from "$lib/i18n/index.js";

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * Single choice: `choiceId`; multiple choice: each checked `choiceIds`; numeric: `value` (a comma
 * works as the decimal mark, as Spanish writes it); short text: `text`; ordering: `position-<entry id>`
 * for every entry, the positions 1…n each used once. Anything else is the form's own problem.
 */
export function responseFromForm(
  body: DeliveredBody,
  form: FormData,
): { response: unknown } | { problem: MessageKey } {
  switch (body.kind) {
    case "single_choice":
      return { response: { choiceId: text(form, "choiceId") } };
    case "multiple_choice":
      return {
        response: { choiceIds: form.getAll("choiceIds").filter((v): v is string => typeof v === "string") },
      };
    case "numeric": {
      const raw = text(form, "value").trim().replace(/\s/g, "").replace(",", ".");
      const value = raw === "" ? Number.NaN : Number(raw);
      return Number.isFinite(value) ? { response: { value } } : { problem: "player.numberNeeded" };
    }
    case "short_text":
      return { response: { text: text(form, "text") } };
    case "ordering": {
      const positions = body.entries.map((e) => ({ id: e.id, at: Number(text(form, `position-${e.id}`)) }));
      const taken = new Set(positions.map((p) => p.at));
      const complete =
        taken.size === positions.length &&
        positions.every((p) => Number.isInteger(p.at) && p.at >= 1 && p.at <= positions.length);
      if (!complete) return { problem: "player.orderEachOnce" };
      return { response: { order: [...positions].sort((a, b) => a.at - b.at).map((p) => p.id) } };
    }
  }
}

/**
 * Scoring an answer against an item's key, and what of an item a learner may see. Pure: no
 * database, no clock. Short-text answers are not scored here — a teacher scores them.
 */
import { z } from "zod";
import { AppError } from "../shared/errors.js";
import type { ItemBody } from "./schema.js";

/** Absolute slack added to a numeric tolerance, so that 0.1 + 0.2 counts as 0.3. */
export const NUMERIC_EPSILON = 1e-9;

export const ItemResponse = {
  single_choice: z.object({ choiceId: z.string().min(1, "Pick one choice.") }),
  multiple_choice: z.object({ choiceIds: z.array(z.string().min(1)).min(1, "Pick at least one choice.") }),
  numeric: z.object({ value: z.number({ message: "Give a number." }).finite() }),
  short_text: z.object({ text: z.string().trim().min(1, "Write an answer.").max(10_000) }),
  ordering: z.object({ order: z.array(z.string().min(1)).min(1, "Put the entries in order.") }),
} as const;

export type ScoredResponse = { scoring: "auto"; correct: boolean } | { scoring: "teacher" };

function invalid(path: string, message: string): AppError {
  return new AppError("validation_failed", "Some fields are not valid.", [{ path, message }]);
}

/**
 * Check the response has the shape the item's kind needs and name anything that does not belong to
 * the item (an unknown choice, a missing entry), then score it when a machine can.
 */
export function scoreResponse(body: ItemBody, raw: unknown, path = "body.response"): ScoredResponse {
  const schema = ItemResponse[body.kind];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid([path, ...issue.path.map(String)].join("."), issue.message);
  }
  switch (body.kind) {
    case "single_choice": {
      const { choiceId } = parsed.data as z.infer<typeof ItemResponse.single_choice>;
      if (!body.choices.some((c) => c.id === choiceId))
        throw invalid(`${path}.choiceId`, "Not one of this item's choices.");
      return { scoring: "auto", correct: choiceId === body.correct };
    }
    case "multiple_choice": {
      const { choiceIds } = parsed.data as z.infer<typeof ItemResponse.multiple_choice>;
      const unknown = choiceIds.findIndex((id) => !body.choices.some((c) => c.id === id));
      if (unknown >= 0) throw invalid(`${path}.choiceIds.${unknown}`, "Not one of this item's choices.");
      const picked = new Set(choiceIds);
      const correct = picked.size === body.correct.length && body.correct.every((id) => picked.has(id));
      return { scoring: "auto", correct };
    }
    case "numeric": {
      const { value } = parsed.data as z.infer<typeof ItemResponse.numeric>;
      return { scoring: "auto", correct: Math.abs(value - body.answer) <= body.tolerance + NUMERIC_EPSILON };
    }
    case "ordering": {
      const { order } = parsed.data as z.infer<typeof ItemResponse.ordering>;
      const ids = body.entries.map((e) => e.id);
      const unknown = order.findIndex((id) => !ids.includes(id));
      if (unknown >= 0) throw invalid(`${path}.order.${unknown}`, "Not one of this item's entries.");
      if (new Set(order).size !== order.length || order.length !== ids.length)
        throw invalid(`${path}.order`, `Put each of the ${ids.length} entries in the order exactly once.`);
      return { scoring: "auto", correct: order.every((id, index) => id === body.correctOrder[index]) };
    }
    case "short_text":
      return { scoring: "teacher" };
  }
}

/** What a learner is shown of an item: the wording and the options, never the key. */
export type DeliveredBody =
  | { kind: "single_choice"; choices: { id: string; text: string }[] }
  | { kind: "multiple_choice"; choices: { id: string; text: string }[] }
  | { kind: "numeric"; unit: string | null }
  | { kind: "short_text" }
  | { kind: "ordering"; entries: { id: string; text: string }[] };

/** A small deterministic string hash (FNV-1a), to shuffle the same way for the same learner. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Ordering entries are shown shuffled (the authored order is the key); the shuffle depends on
 * `seed` only, and is never the correct order itself when there is more than one entry.
 */
export function shuffledEntries<T extends { id: string }>(
  entries: T[],
  correctOrder: string[],
  seed: string,
): T[] {
  const shuffled = [...entries].sort((a, b) => hash(`${seed}:${a.id}`) - hash(`${seed}:${b.id}`));
  const isKey = shuffled.every((e, index) => e.id === correctOrder[index]);
  if (isKey && shuffled.length > 1) shuffled.push(shuffled.shift()!);
  return shuffled;
}

/** How many choices a learner with the "reduced choices" accommodation is shown (at most). */
export const REDUCED_CHOICES = 3;

/**
 * The choices shown with the "reduced choices" accommodation: every correct choice and enough
 * distractors to make REDUCED_CHOICES (always at least one), picked by `seed`, in authored order.
 */
export function reducedChoices<T extends { id: string }>(choices: T[], correct: string[], seed: string): T[] {
  const distractors = choices.filter((c) => !correct.includes(c.id));
  const keep = Math.max(1, REDUCED_CHOICES - correct.length);
  const kept = new Set(
    [...distractors]
      .sort((a, b) => hash(`${seed}:${a.id}`) - hash(`${seed}:${b.id}`))
      .slice(0, keep)
      .map((c) => c.id),
  );
  return choices.filter((c) => correct.includes(c.id) || kept.has(c.id));
}

export function deliveredBody(
  body: ItemBody,
  texts: Record<string, string>,
  seed: string,
  options: { reduceChoices?: boolean } = {},
): DeliveredBody {
  const worded = <T extends { id: string; text: string }>(list: T[]) =>
    list.map((c) => ({ id: c.id, text: texts[c.id] ?? c.text }));
  switch (body.kind) {
    case "single_choice":
    case "multiple_choice": {
      const correct = body.kind === "single_choice" ? [body.correct] : body.correct;
      const shown = options.reduceChoices ? reducedChoices(body.choices, correct, seed) : body.choices;
      return { kind: body.kind, choices: worded(shown) };
    }
    case "numeric":
      return { kind: "numeric", unit: texts.unit ?? body.unit ?? null };
    case "short_text":
      return { kind: "short_text" };
    case "ordering":
      return { kind: "ordering", entries: shuffledEntries(worded(body.entries), body.correctOrder, seed) };
  }
}

/**
 * Authoring forms work without JavaScript: each form is a flat set of named fields. These helpers
 * turn a stored item, rubric or board into those fields (to fill the form) and the submitted fields
 * back into the input core's use-cases validate. Rules stay in core; this is only the encoding.
 */
import { fail } from "@sveltejs/kit";
import {
  getFramework,
  isAppError,
  listFrameworks,
  listMyClasses,
  type Item,
  type Rubric,
  type SignedInCtx,
} from "@pathwise/core";

type ItemBody = Item["body"];
type RubricCriterion = Rubric["criteria"][number];
import type { MessageKey } from "$lib/i18n/index.js";
import type { FormProblem } from "./forms.js";

export type Fields = Record<string, string>;

export const ITEM_KINDS = ["single_choice", "multiple_choice", "numeric", "short_text", "ordering"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const MODALITIES = [
  "project",
  "hands-on",
  "practice",
  "discussion",
  "reading",
  "video",
  "interactive",
  "audio",
  "game",
] as const;
export const CHOICE_ROWS = 6;
export const VARIANT_BLANK_ROWS = 2;
export const CRITERION_ROWS = 4;
export const LEVEL_ROWS = 4;

/** Every string field of a form (a multi-select joined with commas), to refill it after a problem. */
export function fieldsOf(form: FormData): Fields {
  const out: Fields = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    out[name] = name in out ? `${out[name]},${value}` : value;
  }
  return out;
}

const list = (value: string | undefined) => (value ? value.split(",").filter(Boolean) : []);
const trimmed = (value: string | undefined) => (value ?? "").trim();

/**
 * The competencies a teacher may tag content with, as option groups: the frameworks they may read,
 * narrowed to the grades of the classes they teach with that framework (if any), so the list is
 * the one they work in rather than every grade of a large framework.
 */
export async function competencyOptions(ctx: SignedInCtx) {
  const [frameworks, classes] = await Promise.all([listFrameworks(ctx), listMyClasses(ctx)]);
  const groups = [];
  for (const f of frameworks) {
    const framework = await getFramework(ctx, f.id).catch((cause: unknown) => {
      if (isAppError(cause) && (cause.code === "forbidden" || cause.code === "not_found")) return null;
      throw cause;
    });
    if (!framework) continue;
    const grades = new Set(
      classes.filter((c) => c.frameworkId === framework.id && c.grade).map((c) => c.grade!),
    );
    const atMyGrades = (levels: string[] | null) =>
      grades.size === 0 || !levels?.length || levels.some((l) => grades.has(l));
    groups.push({
      id: framework.id,
      title: framework.title,
      competencies: framework.competencies
        .filter((c) => atMyGrades(c.educationLevels))
        .map((c) => ({
          id: c.id,
          label: c.humanCodingScheme ? `${c.humanCodingScheme} — ${c.statement}` : c.statement,
        })),
    });
  }
  return groups;
}

// Items

export function itemFields(item: Item): Fields {
  const fields: Fields = {
    kind: item.kind,
    stem: item.stem,
    level: item.level,
    language: item.language,
    competencyIds: item.competencyIds.join(","),
    version: String(item.version),
  };
  const body = item.body;
  if (body.kind === "single_choice" || body.kind === "multiple_choice") {
    const correct = body.kind === "single_choice" ? [body.correct] : body.correct;
    body.choices.forEach((c, i) => {
      fields[`choiceId-${i}`] = c.id;
      fields[`choice-${i}`] = c.text;
      if (correct.includes(c.id)) fields[`correct-${i}`] = "on";
    });
  } else if (body.kind === "ordering") {
    // The rows are the entries in their correct order.
    body.correctOrder.forEach((id, i) => {
      fields[`choiceId-${i}`] = id;
      fields[`choice-${i}`] = body.entries.find((e) => e.id === id)?.text ?? "";
    });
  } else if (body.kind === "numeric") {
    fields.answer = String(body.answer);
    fields.tolerance = String(body.tolerance);
    fields.unit = body.unit ?? "";
  } else fields.modelAnswer = body.modelAnswer;
  item.variants.forEach((v, i) => {
    fields[`variant-${i}-id`] = v.id;
    fields[`variant-${i}-interest`] = v.interest;
    fields[`variant-${i}-stem`] = v.stem;
    fields[`variant-${i}-language`] = v.language;
    // A variant's wording of each choice or entry sits in the row of that choice or entry.
    for (let row = 0; row < CHOICE_ROWS; row += 1) {
      const id = fields[`choiceId-${row}`];
      if (id && v.texts[id]) fields[`variant-${i}-text-${row}`] = v.texts[id];
    }
    if (v.texts.unit) fields[`variant-${i}-unit`] = v.texts.unit;
  });
  fields.variantRows = String(item.variants.length + VARIANT_BLANK_ROWS);
  return fields;
}

/** The item input from the form's fields; blank rows are left out. */
export function itemInputFrom(fields: Fields, kind: ItemKind) {
  const rowIds = Array.from(
    { length: CHOICE_ROWS },
    (_, i) => trimmed(fields[`choiceId-${i}`]) || String.fromCharCode(97 + i),
  );
  const rows = rowIds
    .map((id, i) => ({
      id,
      text: trimmed(fields[`choice-${i}`]),
      correct: fields[`correct-${i}`] === "on" || fields.correct === String(i),
    }))
    .filter((r) => r.text);
  let body: ItemBody | Record<string, unknown>;
  if (kind === "single_choice")
    body = {
      kind,
      choices: rows.map(({ id, text }) => ({ id, text })),
      correct: rows.find((r) => r.correct)?.id ?? "",
    };
  else if (kind === "multiple_choice")
    body = {
      kind,
      choices: rows.map(({ id, text }) => ({ id, text })),
      correct: rows.filter((r) => r.correct).map((r) => r.id),
    };
  else if (kind === "ordering")
    body = { kind, entries: rows.map(({ id, text }) => ({ id, text })), correctOrder: rows.map((r) => r.id) };
  else if (kind === "numeric")
    body = {
      kind,
      answer: trimmed(fields.answer) === "" ? Number.NaN : Number(fields.answer),
      tolerance: trimmed(fields.tolerance) === "" ? 0 : Number(fields.tolerance),
      ...(trimmed(fields.unit) ? { unit: trimmed(fields.unit) } : {}),
    };
  else body = { kind, modelAnswer: trimmed(fields.modelAnswer) };
  const variantRows = Math.min(Number(fields.variantRows) || VARIANT_BLANK_ROWS, 24);
  /**
   * A variant's wording of choice row j re-words the choice written in row j (by its id); wording
   * for a row the item leaves empty names no choice, and core refuses it — the variant keeps the
   * item's structure and key.
   */
  const textsOf = (i: number): Record<string, string> => {
    const texts: Record<string, string> = {};
    if (kind === "numeric") {
      if (trimmed(fields[`variant-${i}-unit`])) texts.unit = trimmed(fields[`variant-${i}-unit`]);
    } else if (kind !== "short_text")
      rowIds.forEach((id, row) => {
        const text = trimmed(fields[`variant-${i}-text-${row}`]);
        if (text) texts[id] = text;
      });
    return texts;
  };
  const variants = Array.from({ length: variantRows }, (_, i) => ({
    id: trimmed(fields[`variant-${i}-id`]) || undefined,
    interest: trimmed(fields[`variant-${i}-interest`]),
    stem: trimmed(fields[`variant-${i}-stem`]),
    texts: textsOf(i),
    language: trimmed(fields[`variant-${i}-language`]) || "en",
  })).filter((v) => v.interest || v.stem || Object.keys(v.texts).length > 0);
  return {
    stem: trimmed(fields.stem),
    body,
    competencyIds: list(fields.competencyIds),
    level: fields.level || "at",
    language: trimmed(fields.language) || "en",
    variants,
  };
}

// Rubrics

export function rubricFields(rubric: {
  title: string;
  criteria: RubricCriterion[];
  version: number;
}): Fields {
  const fields: Fields = { title: rubric.title, version: String(rubric.version) };
  rubric.criteria.forEach((c, i) => {
    fields[`criterion-${i}-id`] = c.id;
    fields[`criterion-${i}-title`] = c.title;
    fields[`criterion-${i}-competencyId`] = c.competencyId;
    c.levels.forEach((l, j) => {
      fields[`criterion-${i}-level-${j}-score`] = String(l.score);
      fields[`criterion-${i}-level-${j}-label`] = l.label;
      fields[`criterion-${i}-level-${j}-description`] = l.description;
    });
  });
  return fields;
}

export function rubricInputFrom(fields: Fields) {
  const criteria = Array.from({ length: CRITERION_ROWS }, (_, i) => {
    const levels = Array.from({ length: LEVEL_ROWS }, (_, j) => ({
      score: trimmed(fields[`criterion-${i}-level-${j}-score`]),
      label: trimmed(fields[`criterion-${i}-level-${j}-label`]),
      description: trimmed(fields[`criterion-${i}-level-${j}-description`]),
    }))
      .filter((l) => l.label || l.score)
      .map((l) => ({ ...l, score: l.score === "" ? Number.NaN : Number(l.score) }));
    return {
      id: trimmed(fields[`criterion-${i}-id`]) || undefined,
      title: trimmed(fields[`criterion-${i}-title`]),
      competencyId: trimmed(fields[`criterion-${i}-competencyId`]),
      levels,
    };
  }).filter((c) => c.title || c.levels.length);
  return { title: trimmed(fields.title), criteria };
}

// Someone else's edit

export interface StaleEdit {
  version: number;
  updatedAt: string;
  summary: string;
}

/**
 * The answer to a stale edit: what the person typed stays in the form, and the page shows the
 * version someone else saved so they can compare before saving again.
 */
export function staleEditFrom(form: string, fields: Fields, theirs: StaleEdit) {
  return fail(412, {
    problem: {
      form,
      target: null,
      field: null,
      message: "authoring.stale" as MessageKey,
      values: { ...fields, version: String(theirs.version) },
    } satisfies FormProblem,
    theirs,
  });
}

export const isStale = (cause: unknown) => isAppError(cause) && cause.code === "precondition_failed";

/** A problem found before calling core (e.g. an unknown kind), in the same shape as `failFrom`'s. */
export function formProblem(form: string, field: string | null, message: MessageKey, values: Fields) {
  return fail(400, { problem: { form, target: null, field, message, values } satisfies FormProblem });
}

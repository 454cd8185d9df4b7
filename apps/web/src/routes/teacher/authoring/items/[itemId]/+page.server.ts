/**
 * Make or edit an item — every kind — with its interest-context variants ("new" makes one; the kind
 * is chosen first, by link, so the form shows only that kind's fields, with or without JavaScript).
 * An edit names the version it was based on; if someone else saved meanwhile, the form keeps what
 * was typed and shows their version.
 */
import { redirect } from "@sveltejs/kit";
import { createItem, getItem, isAppError, updateItem } from "@pathwise/core";
import {
  competencyOptions,
  formProblem,
  fieldsOf,
  isStale,
  itemFields,
  itemInputFrom,
  ITEM_KINDS,
  staleEditFrom,
  VARIANT_BLANK_ROWS,
  type ItemKind,
} from "$lib/server/authoring.js";
import { failFrom, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

const kindOf = (value: string | null): ItemKind | null => ITEM_KINDS.find((k) => k === value) ?? null;

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const competencies = await competencyOptions(ctx).catch(pageErrorFrom);
  if (params.itemId === "new") {
    const kind = kindOf(url.searchParams.get("kind"));
    return {
      isNew: true,
      kind,
      kinds: ITEM_KINDS,
      competencies,
      fields: { kind: kind ?? "", variantRows: String(VARIANT_BLANK_ROWS), language: "en", level: "at" },
    };
  }
  const item = await getItem(ctx, idOrNotFound(params.itemId)).catch(pageErrorFrom);
  return { isNew: false, kind: item.kind, kinds: ITEM_KINDS, competencies, fields: itemFields(item) };
};

const MESSAGES = {
  stem: "authoring.item.stemProblem",
  body: "authoring.item.bodyProblem",
  competencyIds: "authoring.competencyProblem",
  variants: "authoring.item.variantProblem",
  language: "authoring.languageProblem",
} as const;

/** A variant re-wording a row the item does not have, or two rows alike: said as such. */
function wordingProblem(cause: unknown, fields: Record<string, string>) {
  if (isAppError(cause) && cause.details.some((d) => /^body\.variants\.\d+\.texts\./.test(d.path)))
    return formProblem("item", "variants", "authoring.item.variantWordingProblem", fields);
  return null;
}

export const actions: Actions = {
  default: async ({ locals, params, request }) => {
    const ctx = await requireRole(locals, "teacher");
    const fields = fieldsOf(await request.formData());
    const kind = kindOf(fields.kind ?? null);
    if (!kind) return formProblem("item", "kind", "authoring.item.bodyProblem", fields);
    const input = itemInputFrom(fields, kind);
    if (params.itemId === "new") {
      try {
        await createItem(ctx, input);
      } catch (cause) {
        return (
          wordingProblem(cause, fields) ?? failFrom(cause, "item", null, fields, MESSAGES, "authoring.failed")
        );
      }
      redirect(303, "/teacher/authoring?saved=item");
    }
    const itemId = idOrNotFound(params.itemId);
    try {
      await updateItem(ctx, itemId, input, Number(fields.version) || undefined);
    } catch (cause) {
      if (isStale(cause)) {
        const theirs = await getItem(ctx, itemId);
        return staleEditFrom("item", fields, {
          version: theirs.version,
          updatedAt: theirs.updatedAt.toISOString(),
          summary: theirs.stem,
        });
      }
      return (
        wordingProblem(cause, fields) ?? failFrom(cause, "item", null, fields, MESSAGES, "authoring.failed")
      );
    }
    redirect(303, "/teacher/authoring?saved=item");
  },
};

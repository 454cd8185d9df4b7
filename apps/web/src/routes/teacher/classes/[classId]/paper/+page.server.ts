import { error } from "@sveltejs/kit";
import { listClassChoiceBoards, listMyClasses } from "@pathwise/core";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

/** The class's choice boards whose printed answer sheets can be entered back. */
export const load: PageServerLoad = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "teacher");
  const classId = idOrNotFound(params.classId);
  const [classes, boards] = await Promise.all([
    listMyClasses(ctx),
    listClassChoiceBoards(ctx, classId),
  ]).catch(pageErrorFrom);
  const klass = classes.find((c) => c.id === classId);
  if (!klass) error(404, { message: "not_found", code: "not_found" });
  return {
    klass: { id: klass.id, name: klass.name },
    boards: boards
      .map((b) => ({ id: b.id, title: b.title, items: b.options.filter((o) => o.kind === "item").length }))
      .filter((b) => b.items > 0),
  };
};

/**
 * The teacher's authoring desk: their organization's resources, items, rubrics and tasks, and the
 * choice boards of each class they teach, each with a link to edit it or make a new one.
 */
import {
  listClassChoiceBoards,
  listItems,
  listMyClasses,
  listResources,
  listRubrics,
  listTasks,
} from "@pathwise/core";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const [resources, items, rubrics, tasks, classes] = await Promise.all([
    listResources(ctx, { limit: "100" }),
    listItems(ctx, { limit: "100" }),
    listRubrics(ctx),
    listTasks(ctx),
    listMyClasses(ctx),
  ]).catch(pageErrorFrom);
  const boards = await Promise.all(
    classes.map(async (c) => ({
      classId: c.id,
      className: c.name,
      boards: (await listClassChoiceBoards(ctx, c.id)).map((b) => ({
        id: b.id,
        title: b.title,
        options: b.options.length,
      })),
    })),
  ).catch(pageErrorFrom);
  return {
    resources: resources.items.map((r) => ({ id: r.id, title: r.title, kind: r.kind })),
    items: items.items.map((i) => ({ id: i.id, stem: i.stem, kind: i.kind, variants: i.variants.length })),
    rubrics: rubrics.map((r) => ({ id: r.id, title: r.title, criteria: r.criteria.length })),
    tasks: tasks.map((t) => ({ id: t.id, title: t.title })),
    classes: boards,
    saved: url.searchParams.get("saved"),
  };
};

/**
 * Make or edit a class's choice board: a menu of resources, items and tasks (tick what to offer,
 * number the order), how many the learner picks, and instructions. Options a learner already
 * picked cannot be taken off (core says which).
 */
import { redirect } from "@sveltejs/kit";
import {
  createChoiceBoard,
  getChoiceBoard,
  listItems,
  listResources,
  listTasks,
  updateChoiceBoard,
} from "@pathwise/core";
import { fieldsOf, isStale, staleEditFrom } from "$lib/server/authoring.js";
import { failFrom, idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

type Kind = "resource" | "item" | "task";

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const ctx = await requireRole(locals, "teacher");
  const [resources, items, tasks] = await Promise.all([
    listResources(ctx, { limit: "100" }),
    listItems(ctx, { limit: "100" }),
    listTasks(ctx),
  ]).catch(pageErrorFrom);
  const candidates = [
    ...resources.items.map((r) => ({ kind: "resource" as Kind, refId: r.id, title: r.title })),
    ...items.items.map((i) => ({ kind: "item" as Kind, refId: i.id, title: i.stem })),
    ...tasks.map((t) => ({ kind: "task" as Kind, refId: t.id, title: t.title })),
  ];
  if (params.boardId === "new") {
    const classId = idOrNotFound(url.searchParams.get("classId") ?? "");
    return {
      isNew: true,
      classId,
      candidates,
      pickedBy: {},
      fields: { picksRequired: "1" } as Record<string, string>,
    };
  }
  const board = await getChoiceBoard(ctx, idOrNotFound(params.boardId)).catch(pageErrorFrom);
  const fields: Record<string, string> = {
    title: board.title,
    instructions: board.instructions,
    picksRequired: String(board.picksRequired),
    version: String(board.version),
  };
  const pickedBy: Record<string, number> = {};
  for (const o of board.options) {
    const key = `${o.kind}:${o.refId}`;
    fields[`pick-${key}`] = "on";
    fields[`pos-${key}`] = String(o.position + 1);
    fields[`note-${key}`] = o.note;
    pickedBy[key] = o.pickedBy.length;
    if (!candidates.some((c) => c.kind === o.kind && c.refId === o.refId))
      candidates.push({ kind: o.kind, refId: o.refId, title: o.title });
  }
  return { isNew: false, classId: board.classId, candidates, pickedBy, fields };
};

const MESSAGES = {
  title: "authoring.titleProblem",
  options: "authoring.board.optionsProblem",
  picksRequired: "authoring.board.picksProblem",
  conflict: "authoring.board.optionsProblem",
} as const;

export const actions: Actions = {
  default: async ({ locals, params, request, url }) => {
    const ctx = await requireRole(locals, "teacher");
    const fields = fieldsOf(await request.formData());
    const chosen = Object.keys(fields)
      .filter((name) => name.startsWith("pick-") && fields[name] === "on")
      .map((name) => {
        const key = name.slice("pick-".length);
        const [kind, refId] = key.split(":") as [Kind, string];
        return {
          kind,
          refId,
          note: (fields[`note-${key}`] ?? "").trim(),
          position: Number(fields[`pos-${key}`]) || 99,
        };
      })
      .sort((a, b) => a.position - b.position);
    const base = {
      title: (fields.title ?? "").trim(),
      instructions: (fields.instructions ?? "").trim(),
      picksRequired: Number(fields.picksRequired) || 1,
    };
    try {
      if (params.boardId === "new") {
        const classId = idOrNotFound(url.searchParams.get("classId") ?? fields.classId ?? "");
        await createChoiceBoard(ctx, classId, {
          ...base,
          options: chosen.map(({ kind, refId, note }) => ({ kind, refId, note })),
        });
      } else {
        const boardId = idOrNotFound(params.boardId);
        const current = await getChoiceBoard(ctx, boardId);
        const options = chosen.map(({ kind, refId, note }) => ({
          id: current.options.find((o) => o.kind === kind && o.refId === refId)?.id,
          kind,
          refId,
          note,
        }));
        await updateChoiceBoard(ctx, boardId, { ...base, options }, Number(fields.version) || undefined);
      }
    } catch (cause) {
      if (isStale(cause)) {
        const theirs = await getChoiceBoard(ctx, params.boardId);
        return staleEditFrom("board", fields, {
          version: theirs.version,
          updatedAt: theirs.updatedAt.toISOString(),
          summary: `${theirs.title}: ${theirs.options.map((o) => o.title).join(" · ")}`,
        });
      }
      return failFrom(cause, "board", null, fields, MESSAGES, "authoring.failed");
    }
    redirect(303, "/teacher/authoring?saved=board");
  },
};

import { error, fail, redirect } from "@sveltejs/kit";
import { isAppError, paperResultsSheet, recordPaperResults } from "@pathwise/core";
import type { MessageKey } from "$lib/i18n/index.js";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { Actions, PageServerLoad } from "./$types";

/** One cell of the grid: `answer:<learnerId>:<question number>`. */
const CELL = /^answer:([0-9a-f-]{36}):(\d{1,3})$/i;

async function sheetOf(locals: App.Locals, params: { classId: string; boardId: string }) {
  const ctx = await requireRole(locals, "teacher");
  const classId = idOrNotFound(params.classId);
  const boardId = idOrNotFound(params.boardId);
  const sheet = await paperResultsSheet(ctx, boardId).catch(pageErrorFrom);
  if (sheet.classId !== classId) error(404, { message: "not_found", code: "not_found" });
  return { ctx, sheet };
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
  const { sheet } = await sheetOf(locals, params);
  const count = (name: string) => {
    const value = Number(url.searchParams.get(name));
    return Number.isInteger(value) && value >= 0 ? value : null;
  };
  return { sheet, recorded: count("recorded"), again: count("again") };
};

export const actions: Actions = {
  default: async ({ locals, params, request }) => {
    const { ctx, sheet } = await sheetOf(locals, params);
    const form = await request.formData();
    const values: Record<string, string> = {};
    const cells: { learnerId: string; number: number; answer: string }[] = [];
    for (const [name, value] of form.entries()) {
      const match = CELL.exec(name);
      if (!match || typeof value !== "string") continue;
      values[name] = value;
      if (value.trim() === "") continue;
      cells.push({ learnerId: match[1]!.toLowerCase(), number: Number(match[2]), answer: value });
    }
    if (cells.length === 0)
      return fail(400, { problem: { message: "paper.nothingEntered" as MessageKey, cells: [] }, values });
    const results = cells.map((c) => ({
      learnerId: c.learnerId,
      code: `${sheet.packetCode}-${c.number}`,
      answer: c.answer,
    }));
    let recorded;
    try {
      recorded = await recordPaperResults(ctx, sheet.boardId, { results });
    } catch (cause) {
      if (isAppError(cause) && (cause.code === "validation_failed" || cause.code === "conflict")) {
        // Name each cell at fault (body.results.<index>.<field>) in the reader's language.
        const atFault = cause.details.flatMap((d) => {
          const index = /^body\.results\.(\d+)/.exec(d.path)?.[1];
          const cell = index === undefined ? undefined : cells[Number(index)];
          return cell ? [`answer:${cell.learnerId}:${cell.number}`] : [];
        });
        return fail(cause.code === "conflict" ? 409 : 400, {
          problem: {
            message: (cause.code === "conflict" ? "paper.retired" : "paper.cellsInvalid") as MessageKey,
            cells: [...new Set(atFault)],
          },
          values,
        });
      }
      pageErrorFrom(cause);
    }
    const again = recorded.filter((r) => r.replayed).length;
    redirect(303, `?recorded=${recorded.length - again}&again=${again}`);
  },
};

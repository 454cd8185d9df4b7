import { classMasteryMatrix } from "@pathwise/core";
import { bandOf, leavesOf } from "$lib/matrix.js";
import { idOrNotFound } from "$lib/server/forms.js";
import { requireRole } from "$lib/server/guards.js";
import { pageErrorFrom } from "$lib/server/page-errors.js";
import type { PageServerLoad } from "./$types";

export const load: PageServerLoad = async ({ locals, params }) => {
  const ctx = await requireRole(locals, "teacher");
  const classId = idOrNotFound(params.classId);
  const matrix = await classMasteryMatrix(ctx, classId).catch(pageErrorFrom);
  // Cells are aligned with the matrix's competencies: keep each leaf's column.
  const competencies = leavesOf(matrix.competencies.map((c, column) => ({ ...c, column })));
  const learners = [...matrix.learners].sort(
    (a, b) => a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName),
  );
  const rows = learners.map((learner) => ({
    id: learner.id,
    name: `${learner.familyName}, ${learner.givenName}`,
    cells: competencies.map((c) => {
      const cell = matrix.cells[learner.id]?.[c.column];
      return cell
        ? { band: bandOf(cell), percent: Math.round(cell.probability * 100), status: cell.status }
        : { band: bandOf(undefined), percent: null, status: null };
    }),
  }));
  return {
    klass: { id: matrix.class.id, name: matrix.class.name },
    competencies: competencies.map((c) => ({ id: c.id, code: c.code, statement: c.statement })),
    rows,
    summary: {
      mastered: rows.reduce((n, r) => n + r.cells.filter((c) => c.band === "mastered").length, 0),
      withEvidence: rows.reduce((n, r) => n + r.cells.filter((c) => c.percent !== null).length, 0),
      cells: rows.length * competencies.length,
    },
  };
};

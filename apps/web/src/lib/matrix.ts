/** Shapes for the class mastery heatmap: which competencies are steps, and each cell's band. */

/**
 * The measured skills of a framework in document order: a competency is a heading (cluster,
 * domain) when the next one in order sits deeper than it.
 */
export function leavesOf<T extends { depth: number }>(ordered: readonly T[]): T[] {
  return ordered.filter((c, i) => !(ordered[i + 1] && ordered[i + 1]!.depth > c.depth));
}

export type Band = "none" | "low" | "mid" | "high" | "mastered";

/** A cell's colour band; colour is never the only cue (the cell also shows its number). */
export function bandOf(cell: { probability: number; status: string } | undefined): Band {
  if (!cell) return "none";
  if (cell.status === "mastered" || cell.status === "needs-review") return "mastered";
  if (cell.probability >= 0.7) return "high";
  if (cell.probability >= 0.4) return "mid";
  return "low";
}

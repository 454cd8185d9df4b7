/**
 * Where a learner stands on each competency of their path, in the five words a learner reads:
 * mastered, due for review, developing, ready to learn, or locked until a prerequisite is mastered.
 * Pure: the mastery rows and the prerequisite edges come in, plain data goes out.
 */

export type PathStatus = "mastered" | "review" | "developing" | "ready" | "locked";

export interface MasteryRow {
  competencyId: string;
  status: string;
  probability: number;
  lower: number;
  upper: number;
  evidenceCount: number;
}

export interface PathEntry {
  competencyId: string;
  status: PathStatus;
  /** The estimate, when there is evidence. */
  mastery: MasteryRow | null;
  /** For "locked": the prerequisites not mastered yet. */
  blockedBy: string[];
}

const MASTERED = new Set(["mastered", "needs-review"]);

/**
 * `prerequisitesOf` gives the ids that must be mastered before a competency; a competency due for
 * review still counts as mastered for what builds on it (forgetting calls for review, not re-teaching).
 */
export function pathStatuses(
  competencyIds: readonly string[],
  mastery: readonly MasteryRow[],
  prerequisitesOf: (id: string) => readonly string[],
): PathEntry[] {
  const byId = new Map(mastery.map((m) => [m.competencyId, m]));
  const mastered = (id: string) => MASTERED.has(byId.get(id)?.status ?? "");
  return competencyIds.map((competencyId) => {
    const row = byId.get(competencyId) ?? null;
    const withEvidence = row && row.evidenceCount > 0 && row.status !== "not-started" ? row : null;
    if (row?.status === "needs-review")
      return { competencyId, status: "review", mastery: row, blockedBy: [] };
    if (row?.status === "mastered") return { competencyId, status: "mastered", mastery: row, blockedBy: [] };
    if (withEvidence) return { competencyId, status: "developing", mastery: withEvidence, blockedBy: [] };
    const blockedBy = prerequisitesOf(competencyId).filter((p) => !mastered(p));
    return { competencyId, status: blockedBy.length ? "locked" : "ready", mastery: null, blockedBy };
  });
}

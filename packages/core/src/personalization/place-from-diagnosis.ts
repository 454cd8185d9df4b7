/**
 * How a placement's estimate enters a learner's model state — one rule shared by the live update
 * (when a placement finishes) and by every replay of evidence (growth, class snapshots), so that a
 * replay reads the same as the live state did. A "diagnosis" evidence row sets the competency's
 * starting P(known) when the estimate is confident and the learner has no answers of their own on
 * it yet; otherwise it changes nothing (their own answers speak more directly).
 */
import type { BktLearnerState, BktModel } from "@pathwise/engine";

/**
 * How many responses a confident placement estimate weighs in the learner's state: enough for the
 * estimate to show a status, few enough that the learner's own answers soon outweigh it.
 */
export const DIAGNOSIS_EVIDENCE_WEIGHT = 3;

/** The parts of a "diagnosis" evidence row the rule reads. */
export interface DiagnosisEstimateRow {
  competencyIds: readonly string[];
  /** The placement's P(mastered). */
  score: number | null;
  /** `status` is the placement's: "not-enough-data" when it could not say. */
  details: Record<string, unknown>;
}

export function placeFromDiagnosis(
  bkt: BktModel,
  state: BktLearnerState,
  row: DiagnosisEstimateRow,
): BktLearnerState {
  const competencyId = row.competencyIds[0];
  if (competencyId === undefined || row.score === null || row.details.status === "not-enough-data")
    return state;
  if ((state.skills[competencyId]?.attempts ?? 0) > 0) return state;
  const placed = { pKnown: row.score, attempts: DIAGNOSIS_EVIDENCE_WEIGHT, masteredBefore: false };
  const next: BktLearnerState = { skills: { ...state.skills, [competencyId]: placed } };
  if (bkt.masteryOf(next, competencyId).status !== "mastered") return next;
  return { skills: { ...state.skills, [competencyId]: { ...placed, masteredBefore: true } } };
}

/**
 * One step of the learner model over a stored evidence row, by the same rules the live update
 * applied when the row arrived — so reports that replay evidence (growth over a period, a class's
 * alerts) read what the live state read. A placement ("diagnosis") row sets a starting estimate;
 * any other row counts through its outcome; a row with no outcome is not part of the model.
 */
import type { BktLearnerState, BktModel } from "@pathwise/engine";
import { placeFromDiagnosis, type DiagnosisEstimateRow } from "./place-from-diagnosis.js";
import { outcomeOf, responseKeyOf } from "./update-learner-state.js";

export interface ReplayedRow extends DiagnosisEstimateRow {
  kind: string;
  itemId: string | null;
  correct: boolean | null;
  occurredAt: Date;
}

/** The state after the row, or null when the row is not part of the model (self-assessments, no outcome). */
export function replayEvidence(
  bkt: BktModel,
  state: BktLearnerState,
  row: ReplayedRow,
): BktLearnerState | null {
  if (row.kind === "diagnosis") return placeFromDiagnosis(bkt, state, row);
  if (row.kind === "self_assessment") return null;
  const correct = outcomeOf(row);
  if (correct === null) return null;
  return bkt.update(state, {
    itemId: responseKeyOf(row.itemId, row.competencyIds),
    skillIds: [...row.competencyIds],
    timeMs: row.occurredAt.getTime(),
    correct,
  });
}

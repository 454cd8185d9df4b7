/**
 * The learner-model contract: every knowledge-tracing model in Pathwise is fitted on a list of
 * responses, predicts the probability that a learner answers the next item correctly, updates its
 * per-learner state online from one response, serializes its parameters, and reports mastery per
 * competency with its confidence. Time is always an argument (epoch milliseconds), never read.
 */
import type { MasteryReport } from "../mastery.js";

/** What a model needs to know about the item about to be attempted. */
export interface KtQuery {
  itemId: string;
  /** The competencies (skills) the item exercises; at least one. */
  skillIds: readonly string[];
  /** When the attempt happens, epoch milliseconds (0 when unknown). */
  timeMs: number;
}

/** One observed response, as a model's online update receives it. */
export interface KtObservation extends KtQuery {
  correct: boolean;
}

/** One training response. Within one learner, responses are in the order they happened. */
export interface KtResponse extends KtObservation {
  learnerId: string;
}

/** The fittable model kinds, also the `kind` of their serialized form (BKT with forgetting is "bkt"). */
export type LearnerModelKind = "bkt" | "logistic";

/** A fitted model's parameters as plain JSON, enough to rebuild the same model. */
export interface SerializedLearnerModel {
  kind: LearnerModelKind;
  /** Format version of the serialized parameters. */
  version: number;
  [key: string]: unknown;
}

/**
 * A fitted learner model. `State` is one learner's state: plain JSON data, never mutated —
 * `update` returns a new state, so callers can keep history and persist it as is.
 */
export interface LearnerModel<State> {
  /** Short name shown in ledgers and benchmark tables, e.g. "bkt-forgetting". */
  readonly name: string;
  /** The state of a learner the model has seen nothing from. */
  initialState(): State;
  /**
   * Probability (0..1) that the learner answers `query` correctly.
   * Throws `UnknownCompetencyError` when a skill was not in the training data.
   */
  predict(state: State, query: KtQuery): number;
  /** The state after one more response. Throws `UnknownCompetencyError` like `predict`. */
  update(state: State, observation: KtObservation): State;
  /** Where the learner stands on one competency, with its confidence and status. */
  masteryOf(state: State, competencyId: string): MasteryReport;
  /** The competencies the model has parameters for. */
  competencies(): readonly string[];
  /** The fitted parameters as plain JSON. */
  toJSON(): SerializedLearnerModel;
}

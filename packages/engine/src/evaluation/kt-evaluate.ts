/**
 * Replays held-out learners through a fitted model: each response is predicted from the learner's
 * earlier responses only (the model's state), then fed to the model's online update. No peeking.
 */
import type { KtResponse, LearnerModel } from "../models/types.js";
import { UnknownCompetencyError } from "../models/errors.js";
import { aucScore, logLossScore, rmseScore } from "./kt-metrics.js";
import type { KtDataError } from "./kt-dataset.js";

export interface KtEvaluation {
  labels: Uint8Array;
  predictions: Float64Array;
  auc: number;
  rmse: number;
  logloss: number;
}

export type KtEvaluationResult = { ok: true; evaluation: KtEvaluation } | { ok: false; error: KtDataError };

/**
 * Predicts every response in order. `rowOffset` maps response i to its line in the source file
 * (default: i + 2, a header then one response per line) for error messages.
 */
export function evaluateKtModel<State>(
  model: LearnerModel<State>,
  responses: readonly KtResponse[],
  rowOffset = 2,
): KtEvaluationResult {
  const states = new Map<string, State>();
  const labels = new Uint8Array(responses.length);
  const predictions = new Float64Array(responses.length);
  for (let i = 0; i < responses.length; i++) {
    const response = responses[i]!;
    const state = states.get(response.learnerId) ?? model.initialState();
    try {
      predictions[i] = model.predict(state, response);
      states.set(response.learnerId, model.update(state, response));
    } catch (error) {
      if (error instanceof UnknownCompetencyError) {
        return {
          ok: false,
          error: {
            code: "invalid-value",
            message: `line ${i + rowOffset}: skill_id "${error.competencyId}" is not one the model was fitted on`,
            row: i + rowOffset,
            column: "skill_id",
          },
        };
      }
      throw error;
    }
    labels[i] = response.correct ? 1 : 0;
  }
  return {
    ok: true,
    evaluation: {
      labels,
      predictions,
      auc: aucScore(labels, predictions),
      rmse: rmseScore(labels, predictions),
      logloss: logLossScore(labels, predictions),
    },
  };
}

/**
 * Replays held-out learners through a fitted model: each response is predicted from the learner's
 * earlier responses only (the model's state), then fed to the model's online update. No peeking.
 */
import { UnknownCompetencyError } from "../models/errors.js";
import type { KtResponse, LearnerModel } from "../models/types.js";
import type { KtDataError } from "./kt-dataset.js";
import { aucScore, logLossScore, rmseScore } from "./kt-metrics.js";

export interface KtEvaluation {
  labels: Uint8Array;
  predictions: Float64Array;
  auc: number;
  rmse: number;
  logloss: number;
  /** Responses left out because they name a skill absent from the training data. */
  skippedUnknownSkill: number;
}

export type KtEvaluationResult = { ok: true; evaluation: KtEvaluation } | { ok: false; error: KtDataError };

export interface KtEvaluationOptions {
  /**
   * What to do with a response naming a skill the model was not fitted on: "error" (a typed error
   * naming the row and column) or "skip" (leave it out of the metrics and of the learner's state,
   * and count it) — a split by learner can leave a rare skill only among held-out learners.
   */
  unknownSkills: "error" | "skip";
  /** Line of the source file holding response 0 (a header, then one response per line). */
  firstRow: number;
}

export const DEFAULT_KT_EVALUATION_OPTIONS: Readonly<KtEvaluationOptions> = {
  unknownSkills: "error",
  firstRow: 2,
};

/** Predicts every response in order and scores the predictions. */
export function evaluateKtModel<State>(
  model: LearnerModel<State>,
  responses: readonly KtResponse[],
  options: Partial<KtEvaluationOptions> = {},
): KtEvaluationResult {
  const { unknownSkills, firstRow } = { ...DEFAULT_KT_EVALUATION_OPTIONS, ...options };
  const states = new Map<string, State>();
  const labels = new Uint8Array(responses.length);
  const predictions = new Float64Array(responses.length);
  let kept = 0;
  let skipped = 0;
  for (let i = 0; i < responses.length; i++) {
    const response = responses[i]!;
    const state = states.get(response.learnerId) ?? model.initialState();
    try {
      predictions[kept] = model.predict(state, response);
      states.set(response.learnerId, model.update(state, response));
    } catch (error) {
      if (!(error instanceof UnknownCompetencyError)) throw error;
      if (unknownSkills === "skip") {
        skipped++;
        continue;
      }
      return {
        ok: false,
        error: {
          code: "invalid-value",
          message: `line ${i + firstRow}: skill_id "${error.competencyId}" is not one the model was fitted on`,
          row: i + firstRow,
          column: "skill_id",
        },
      };
    }
    labels[kept++] = response.correct ? 1 : 0;
  }
  const y = labels.subarray(0, kept);
  const p = predictions.subarray(0, kept);
  return {
    ok: true,
    evaluation: {
      labels: y,
      predictions: p,
      auc: aucScore(y, p),
      rmse: rmseScore(y, p),
      logloss: logLossScore(y, p),
      skippedUnknownSkill: skipped,
    },
  };
}

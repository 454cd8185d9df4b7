/**
 * Choosing and restoring learner models by name: fit the default (or a named) model, and rebuild
 * any fitted model from its serialized parameters.
 */
import { bktModelFromJSON, fitBkt, type BktLearnerState, type SerializedBktModel } from "./bkt.js";
import { DEFAULT_LEARNER_MODEL_KIND } from "./defaults.js";
import { LearnerModelError } from "./errors.js";
import {
  fitLogistic,
  logisticModelFromJSON,
  type LogisticLearnerState,
  type SerializedLogisticModel,
} from "./logistic.js";
import type { KtResponse, LearnerModel, LearnerModelKind, SerializedLearnerModel } from "./types.js";

/** A model of any kind, with the learner state that goes with it. */
export type AnyLearnerModel = LearnerModel<BktLearnerState> | LearnerModel<LogisticLearnerState>;

/** Fits a model of the given kind with its default options. */
export function fitLearnerModel(
  responses: readonly KtResponse[],
  kind: LearnerModelKind = DEFAULT_LEARNER_MODEL_KIND,
): AnyLearnerModel {
  return kind === "bkt" ? fitBkt(responses) : fitLogistic(responses);
}

/** Rebuilds a fitted model from `toJSON()` output of any kind. */
export function learnerModelFromJSON(json: SerializedLearnerModel): AnyLearnerModel {
  switch (json.kind) {
    case "bkt":
      return bktModelFromJSON(json as SerializedBktModel);
    case "logistic":
      return logisticModelFromJSON(json as SerializedLogisticModel);
    default:
      throw new LearnerModelError("invalid-parameters", `unknown learner model kind "${String(json.kind)}"`);
  }
}

/** Learner models: BKT, the logistic family and FSRS review scheduling, behind `LearnerModel`. */
export type {
  KtObservation,
  KtQuery,
  KtResponse,
  LearnerModel,
  LearnerModelKind,
  SerializedLearnerModel,
} from "./types.js";
export { LearnerModelError, UnknownCompetencyError, type LearnerModelErrorCode } from "./errors.js";
export * from "./defaults.js";
export { masteryInterval, masteryReportOf, masteryStatusOf, type MasteryEvidence } from "./mastery-status.js";
export {
  BktModel,
  bktModelFromJSON,
  fitBkt,
  type BktLearnerState,
  type BktSkillParameters,
  type BktSkillState,
  type SerializedBktModel,
} from "./bkt.js";
export {
  LogisticModel,
  fitLogistic,
  logisticModelFromJSON,
  type LogisticFitReport,
  type LogisticItemWeights,
  type LogisticParameters,
  type LogisticLearnerState,
  type LogisticSkillState,
  type LogisticSkillWeights,
  type LogisticTotals,
  type ResolvedLogisticFeatures,
  type SerializedLogisticModel,
} from "./logistic.js";
export {
  MemoryAwareModel,
  ReviewScheduler,
  withReviewScheduling,
  type CompetencyMemory,
  type LearnerMemory,
  type MasteryReportWithReview,
  type MemoryAwareState,
  type RecallEstimate,
} from "./memory.js";
export { fitLearnerModel, learnerModelFromJSON, type AnyLearnerModel } from "./learner-model.js";

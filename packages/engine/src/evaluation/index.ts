// Knowledge tracing (learner models): dataset parsing, metrics, splitting, replay evaluation.
export {
  KT_REQUIRED_COLUMNS,
  KT_TIMESTAMP_COLUMN,
  parseKtTsv,
  type KtDataError,
  type KtDataErrorCode,
  type KtParseResult,
} from "./kt-dataset.js";
export { aucScore, KtMetricError, LOG_LOSS_EPSILON, logLossScore, rmseScore } from "./kt-metrics.js";
export { splitKtByLearner, type KtSplit } from "./kt-split.js";
export {
  DEFAULT_KT_EVALUATION_OPTIONS,
  evaluateKtModel,
  type KtEvaluation,
  type KtEvaluationOptions,
  type KtEvaluationResult,
} from "./kt-evaluate.js";

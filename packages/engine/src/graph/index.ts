/** The competency graph: validation, closure, topological order, frontier, shaky set, propagation. */
export { CompetencyGraph, CompetencyGraphError, validateCompetencyGraph } from "./competency-graph.js";
export type { CompetencyGraphInput, CompetencyGraphProblem } from "./competency-graph.js";
export {
  readyToLearn,
  shakySet,
  isMastered,
  masteryLookup,
  masteredFlags,
  DEFAULT_SHAKY_PARAMETERS,
} from "./frontier.js";
export type { MasteryLookup, ShakyParameters, ShakyCompetency } from "./frontier.js";
export { propagateEvidence, DEFAULT_PROPAGATION_PARAMETERS } from "./propagation.js";
export type { PropagationParameters, GraphObservation } from "./propagation.js";

/** The adaptive engine: learner models, competency graph, diagnosis, planning, recommendation,
 * grouping and alerts. Pure TypeScript: no I/O, no clock — time and randomness come in as arguments. */
export * from "./mastery.js";
export * from "./decision.js";
export * from "./models/index.js";
export * from "./graph/index.js";
export * from "./diagnosis/index.js";
export * from "./planning/index.js";
export * from "./recommendation/index.js";
export * from "./grouping/index.js";
export * from "./alerts/index.js";

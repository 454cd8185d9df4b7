/** Every table of every module, for migrations and for the typed database handle. */
export * from "./identity/schema.js";
export * from "./roster/schema.js";
export * from "./frameworks/schema.js";
export * from "./audit/schema.js";
export * from "./content/schema.js";
export * from "./evidence/schema.js";
export * from "./learners/schema.js";
export * from "./personalization/schema.js";
export * from "./messaging/schema.js";
export * from "./idempotency/schema.js";
export * from "./xapi/schema.js";
export * from "./cmi5/schema.js";

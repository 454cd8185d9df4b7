/**
 * The cmi5 vocabulary (spec §9): verb ids, category and activity-type ids, and extension keys.
 */

export const CMI5_VERBS = {
  launched: "http://adlnet.gov/expapi/verbs/launched",
  initialized: "http://adlnet.gov/expapi/verbs/initialized",
  completed: "http://adlnet.gov/expapi/verbs/completed",
  passed: "http://adlnet.gov/expapi/verbs/passed",
  failed: "http://adlnet.gov/expapi/verbs/failed",
  abandoned: "https://w3id.org/xapi/adl/verbs/abandoned",
  waived: "https://w3id.org/xapi/adl/verbs/waived",
  terminated: "http://adlnet.gov/expapi/verbs/terminated",
  satisfied: "https://w3id.org/xapi/adl/verbs/satisfied",
} as const;

export type Cmi5Verb = keyof typeof CMI5_VERBS;

/** Marks a "cmi5 defined" statement (§9.6.2.1). */
export const CMI5_CATEGORY_ACTIVITY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
/** Marks a defined statement whose result carries success or completion (§9.6.2.2). */
export const CMI5_MOVEON_CATEGORY_ACTIVITY = "https://w3id.org/xapi/cmi5/context/categories/moveon";

export const CMI5_ACTIVITY_TYPES = {
  block: "https://w3id.org/xapi/cmi5/activitytype/block",
  course: "https://w3id.org/xapi/cmi5/activitytype/course",
} as const;

export const CMI5_EXTENSIONS = {
  sessionId: "https://w3id.org/xapi/cmi5/context/extensions/sessionid",
  masteryScore: "https://w3id.org/xapi/cmi5/context/extensions/masteryscore",
  launchMode: "https://w3id.org/xapi/cmi5/context/extensions/launchmode",
  launchUrl: "https://w3id.org/xapi/cmi5/context/extensions/launchurl",
  moveOn: "https://w3id.org/xapi/cmi5/context/extensions/moveon",
  launchParameters: "https://w3id.org/xapi/cmi5/context/extensions/launchparameters",
  progress: "https://w3id.org/xapi/cmi5/result/extensions/progress",
  reason: "https://w3id.org/xapi/cmi5/result/extensions/reason",
} as const;

/**
 * cmi5 "defined" statements (spec §9): builders for the nine verbs with the context and result each
 * requires, a per-statement check an LMS applies to statements an AU sends, and the classification
 * of statements into defined / allowed (§7.1.3).
 */
import { agentKey } from "../xapi/agent.js";
import type {
  Activity,
  Agent,
  Context,
  Result,
  Score,
  Statement,
  XapiValidationError,
  XapiValidationResult,
} from "../xapi/types.js";
import { validateStatement } from "../xapi/validate-statement.js";
import type { Cmi5MoveOn } from "./course-structure.js";
import type { Cmi5LaunchMode } from "./launch.js";
import { cmi5ContextTemplate } from "./launch.js";
import {
  CMI5_ACTIVITY_TYPES,
  CMI5_CATEGORY_ACTIVITY,
  CMI5_EXTENSIONS,
  CMI5_MOVEON_CATEGORY_ACTIVITY,
  CMI5_VERBS,
  type Cmi5Verb,
} from "./vocabulary.js";

/** What every cmi5 defined statement of a session shares. */
export interface Cmi5SessionInfo {
  /** Must use an `account` IFI (§9.2). */
  actor: Agent;
  registration: string;
  sessionId: string;
  /** The AU's (or, for satisfied, the launching AU's) id from the course structure. */
  publisherId: string;
}

interface StatementBasics extends Cmi5SessionInfo {
  /** Statement id (UUID); cmi5 requires one on every statement (§9.1). */
  id: string;
  /** UTC timestamp (§9.7), e.g. `2024-05-04T17:00:00.000Z`. */
  timestamp: string;
}

export type Cmi5StatementInput = StatementBasics &
  (
    | {
        verb: "launched";
        activityId: string;
        launchMode: Cmi5LaunchMode;
        /** The AU url without the cmi5 launch parameters (§9.6.3.4). */
        launchUrl: string;
        moveOn: Cmi5MoveOn;
        launchParameters?: string;
        masteryScore?: number;
      }
    | { verb: "initialized"; activityId: string }
    | { verb: "completed"; activityId: string; duration: string }
    | {
        verb: "passed" | "failed";
        activityId: string;
        duration: string;
        score?: Score;
        masteryScore?: number;
      }
    | { verb: "abandoned"; activityId: string; duration: string }
    | { verb: "waived"; activityId: string; reason: string }
    | { verb: "terminated"; activityId: string; duration: string }
    | { verb: "satisfied"; object: { id: string; kind: "block" | "course" } }
  );

/**
 * Builds a cmi5 defined statement and checks it both against cmi5's rules (UTC timestamp, account
 * actor, score consistent with masteryScore) and as an xAPI statement.
 */
export function buildCmi5Statement(input: Cmi5StatementInput): XapiValidationResult<Statement> {
  const context: Context = cmi5ContextTemplate(input.sessionId, input.publisherId);
  context.registration = input.registration;
  const category: Activity[] = [{ objectType: "Activity", id: CMI5_CATEGORY_ACTIVITY }];
  const extensions = context.extensions as Record<string, unknown>;
  let result: Result | undefined;
  let object: Activity;
  const errors: XapiValidationError[] = [];

  switch (input.verb) {
    case "launched":
      extensions[CMI5_EXTENSIONS.launchMode] = input.launchMode;
      extensions[CMI5_EXTENSIONS.launchUrl] = input.launchUrl;
      extensions[CMI5_EXTENSIONS.moveOn] = input.moveOn;
      if (input.launchParameters !== undefined)
        extensions[CMI5_EXTENSIONS.launchParameters] = input.launchParameters;
      if (input.masteryScore !== undefined) extensions[CMI5_EXTENSIONS.masteryScore] = input.masteryScore;
      break;
    case "completed":
      result = { completion: true, duration: input.duration };
      break;
    case "passed":
    case "failed": {
      result = { success: input.verb === "passed", duration: input.duration };
      if (input.score !== undefined) {
        result.score = input.score;
        errors.push(...scoreProblems(input.score));
      }
      if (input.masteryScore !== undefined) {
        extensions[CMI5_EXTENSIONS.masteryScore] = input.masteryScore;
        const problem = scoreVersusMastery(input.verb, input.score?.scaled, input.masteryScore);
        if (problem) errors.push({ path: "$.result.score.scaled", code: "mastery_score", message: problem });
      }
      break;
    }
    case "abandoned":
    case "terminated":
      result = { duration: input.duration };
      break;
    case "waived":
      result = { success: true, completion: true, extensions: { [CMI5_EXTENSIONS.reason]: input.reason } };
      break;
    case "initialized":
    case "satisfied":
      break;
  }
  if (input.verb === "satisfied") {
    object = {
      objectType: "Activity",
      id: input.object.id,
      definition: { type: CMI5_ACTIVITY_TYPES[input.object.kind] },
    };
  } else object = { objectType: "Activity", id: input.activityId };
  if (result?.success !== undefined || result?.completion !== undefined) {
    category.push({ objectType: "Activity", id: CMI5_MOVEON_CATEGORY_ACTIVITY });
  }
  context.contextActivities = { ...context.contextActivities, category };

  const statement: Statement = {
    id: input.id,
    actor: input.actor,
    verb: { id: CMI5_VERBS[input.verb], display: { "en-US": input.verb } },
    object,
    context,
    timestamp: input.timestamp,
  };
  if (result) statement.result = result;
  errors.push(...sessionProblems(statement));
  const validated = validateStatement(statement, "2.0.0");
  if (!validated.ok) errors.push(...validated.errors);
  return errors.length === 0 && validated.ok ? validated : { ok: false, errors };
}

/** "cmi5 defined" (cmi5 verb + category), "cmi5 allowed" (session context, no category), or neither. */
export type Cmi5StatementKind = "defined" | "allowed" | "not-allowed";

/** Classifies a statement sent in a session (§7.1.3). */
export function classifyCmi5Statement(
  statement: Statement,
  session: Pick<Cmi5SessionInfo, "registration" | "sessionId">,
): Cmi5StatementKind {
  const context = statement.context;
  if (context?.registration?.toLowerCase() !== session.registration.toLowerCase()) return "not-allowed";
  if (context.extensions?.[CMI5_EXTENSIONS.sessionId] !== session.sessionId) return "not-allowed";
  return hasCategory(statement, CMI5_CATEGORY_ACTIVITY) ? "defined" : "allowed";
}

const XAPI_VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided";

/** What the LMS knows about the AU session a statement claims to belong to. */
export interface Cmi5SessionExpectations extends Cmi5SessionInfo {
  /** The LMS-generated activity id the AU was launched with. */
  activityId: string;
  launchMode: Cmi5LaunchMode;
  masteryScore?: number;
}

/**
 * Rules a single statement from an AU must meet for the LMS to accept it (§9): a defined statement
 * uses a cmi5 verb the AU may send, the session's actor, registration, session id, publisher
 * grouping and activity id, the result properties its verb allows or requires, the moveOn category
 * exactly when success/completion is present, and a score consistent with the mastery score.
 * Ordering rules across a session (initialized first, no repeats) need history and are the LMS's.
 */
export function checkCmi5Statement(
  statement: Statement,
  expected: Cmi5SessionExpectations,
): XapiValidationError[] {
  const errors = sessionProblems(statement);
  const fail = (path: string, code: string, message: string) => errors.push({ path, code, message });
  const context = statement.context;
  if (context?.registration?.toLowerCase() !== expected.registration.toLowerCase()) {
    fail("$.context.registration", "wrong_registration", "must be the registration the AU was launched with");
  }
  if (context?.extensions?.[CMI5_EXTENSIONS.sessionId] !== expected.sessionId) {
    fail(
      `$.context.extensions["${CMI5_EXTENSIONS.sessionId}"]`,
      "wrong_session",
      "must be the session id from LMS.LaunchData",
    );
  }
  if (!context?.contextActivities?.grouping?.some((activity) => activity.id === expected.publisherId)) {
    fail(
      "$.context.contextActivities.grouping",
      "missing_publisher_grouping",
      "must include the publisher id activity from the context template",
    );
  }
  if (agentKey(statement.actor) !== agentKey(expected.actor)) {
    fail("$.actor", "wrong_actor", "must be the actor the AU was launched with");
  }
  if (statement.verb.id === XAPI_VOIDED_VERB) {
    fail("$.verb.id", "voiding_not_allowed", "an AU may not void statements (cmi5 §6.3)");
  }
  if (!hasCategory(statement, CMI5_CATEGORY_ACTIVITY)) {
    // A cmi5 allowed statement: only defined statements may carry the moveOn category (§9.6.2.2).
    if (hasCategory(statement, CMI5_MOVEON_CATEGORY_ACTIVITY)) {
      fail(
        "$.context.contextActivities.category",
        "moveon_category",
        "must not include the moveOn category activity outside cmi5 defined statements",
      );
    }
    return errors;
  }

  const verb = verbName(statement.verb.id);
  if (!verb || verb === "launched" || verb === "abandoned" || verb === "waived" || verb === "satisfied") {
    fail("$.verb.id", "verb_not_allowed", "is not a verb an AU may use in a cmi5 defined statement");
    return errors;
  }
  if (statement.object.objectType !== "Activity" || statement.object.id !== expected.activityId) {
    fail("$.object.id", "wrong_activity", "must be the activityId from the launch URL");
  }
  if (expected.launchMode !== "Normal" && verb !== "initialized" && verb !== "terminated") {
    fail(
      "$.verb.id",
      "launch_mode",
      `only initialized and terminated may be sent in ${expected.launchMode} mode`,
    );
  }
  const result = statement.result;
  const expectSuccess = verb === "passed" ? true : verb === "failed" ? false : undefined;
  if (expectSuccess === undefined && result?.success !== undefined)
    fail("$.result.success", "result_not_allowed", `must not be set in a ${verb} statement`);
  if (expectSuccess !== undefined && result?.success !== expectSuccess)
    fail("$.result.success", "result_required", `must be ${expectSuccess} in a ${verb} statement`);
  if (verb === "completed" && result?.completion !== true)
    fail("$.result.completion", "result_required", "must be true in a completed statement");
  if (verb !== "completed" && result?.completion !== undefined)
    fail("$.result.completion", "result_not_allowed", `must not be set in a ${verb} statement`);
  if (verb !== "passed" && verb !== "failed" && result?.score !== undefined)
    fail("$.result.score", "result_not_allowed", `must not be set in a ${verb} statement`);
  if (result?.score !== undefined) errors.push(...scoreProblems(result.score));
  if (["completed", "passed", "failed", "terminated"].includes(verb) && result?.duration === undefined) {
    fail("$.result.duration", "required", `is required in a ${verb} statement`);
  }
  const progress = result?.extensions?.[CMI5_EXTENSIONS.progress];
  if (
    progress !== undefined &&
    !(Number.isInteger(progress) && (progress as number) >= 0 && (progress as number) <= 100)
  ) {
    fail(
      `$.result.extensions["${CMI5_EXTENSIONS.progress}"]`,
      "out_of_range",
      "must be an integer from 0 to 100",
    );
  }
  const hasMoveOnCategory = hasCategory(statement, CMI5_MOVEON_CATEGORY_ACTIVITY);
  const needsMoveOnCategory = result?.success !== undefined || result?.completion !== undefined;
  if (hasMoveOnCategory !== needsMoveOnCategory) {
    fail(
      "$.context.contextActivities.category",
      "moveon_category",
      needsMoveOnCategory
        ? "must include the moveOn category activity"
        : "must not include the moveOn category activity",
    );
  }
  if ((verb === "passed" || verb === "failed") && expected.masteryScore !== undefined) {
    const problem = scoreVersusMastery(verb, result?.score?.scaled, expected.masteryScore);
    if (problem) fail("$.result.score.scaled", "mastery_score", problem);
    // §9.6.3.2: a passed/failed statement judged against the LMS's masteryScore — one with a
    // score — carries it; one without a score was judged otherwise and need not.
    const sent = context?.extensions?.[CMI5_EXTENSIONS.masteryScore];
    const judgedByScore = result?.score !== undefined;
    if ((sent !== undefined || judgedByScore) && sent !== expected.masteryScore) {
      fail(
        `$.context.extensions["${CMI5_EXTENSIONS.masteryScore}"]`,
        sent === undefined ? "required" : "mastery_score",
        sent === undefined
          ? "is required in a passed or failed statement with a score when LMS.LaunchData has a masteryScore"
          : "must be the masteryScore from LMS.LaunchData",
      );
    }
  }
  return errors;
}

/** Rules every statement of a session shares: id, UTC timestamp, account actor. */
function sessionProblems(statement: Statement): XapiValidationError[] {
  const errors: XapiValidationError[] = [];
  if (statement.id === undefined)
    errors.push({ path: "$.id", code: "required", message: "is required in cmi5 statements" });
  if (statement.timestamp === undefined)
    errors.push({ path: "$.timestamp", code: "required", message: "is required in cmi5 statements" });
  else if (!/(?:Z|[+]00(?::?00)?)$/i.test(statement.timestamp))
    errors.push({ path: "$.timestamp", code: "timestamp_not_utc", message: "must be in UTC (Z)" });
  if (statement.actor.objectType !== "Agent" || statement.actor.account === undefined) {
    errors.push({
      path: "$.actor",
      code: "actor_without_account",
      message: "must be an Agent identified by an account",
    });
  }
  return errors;
}

/** cmi5 narrows xAPI scores (§9.5.1): scaled in [0, 1], integer raw/min/max, raw only with min and max. */
function scoreProblems(score: Score): XapiValidationError[] {
  const errors: XapiValidationError[] = [];
  if (score.scaled !== undefined && (score.scaled < 0 || score.scaled > 1)) {
    errors.push({
      path: "$.result.score.scaled",
      code: "out_of_range",
      message: "must be between 0 and 1 in cmi5",
    });
  }
  for (const key of ["raw", "min", "max"] as const) {
    const value = score[key];
    if (value !== undefined && !Number.isInteger(value))
      errors.push({
        path: `$.result.score.${key}`,
        code: "invalid_type",
        message: "must be an integer in cmi5",
      });
  }
  if (score.raw !== undefined && (score.min === undefined || score.max === undefined)) {
    errors.push({
      path: "$.result.score",
      code: "required",
      message: "must give min and max when raw is given",
    });
  }
  return errors;
}

function scoreVersusMastery(
  verb: "passed" | "failed",
  scaled: number | undefined,
  masteryScore: number,
): string | null {
  if (scaled === undefined) return null;
  if (verb === "passed" && scaled < masteryScore)
    return `a passed statement's scaled score must be at least the masteryScore ${masteryScore}`;
  if (verb === "failed" && scaled >= masteryScore)
    return `a failed statement's scaled score must be below the masteryScore ${masteryScore}`;
  return null;
}

function hasCategory(statement: Statement, id: string): boolean {
  return statement.context?.contextActivities?.category?.some((activity) => activity.id === id) ?? false;
}

function verbName(id: string): Cmi5Verb | undefined {
  return (Object.keys(CMI5_VERBS) as Cmi5Verb[]).find((name) => CMI5_VERBS[name] === id);
}

/**
 * cmi5 session rules that need history (spec §9.3 verb ordering, §9.3.6, §9.3.8): a pure state
 * machine the LMS advances with each statement an AU sends. It combines the per-statement checks of
 * `checkCmi5Statement` with the ordering rules: initialized first, nothing after terminated or
 * abandoned, no defined verb twice in a session, only one of passed/failed per session, and per
 * registration at most one completed and one passed, with no failed after passed.
 */
import type { Statement, XapiValidationError } from "../xapi/types.js";
import { checkCmi5Statement, classifyCmi5Statement, type Cmi5SessionExpectations } from "./statements.js";
import { CMI5_VERBS, type Cmi5Verb } from "./vocabulary.js";

/** What the registration already holds for this AU, from earlier sessions. */
export interface Cmi5RegistrationHistory {
  completed: boolean;
  passed: boolean;
}

export interface Cmi5SessionState {
  initialized: boolean;
  /** Set by the AU's terminated statement or by the LMS abandoning the session. */
  ended: "terminated" | "abandoned" | null;
  definedVerbs: Cmi5Verb[];
  registration: Cmi5RegistrationHistory;
}

export function startCmi5Session(registration: Cmi5RegistrationHistory): Cmi5SessionState {
  return { initialized: false, ended: null, definedVerbs: [], registration: { ...registration } };
}

/** The session after the LMS records an "abandoned" statement: nothing more is accepted. */
export function abandonCmi5Session(state: Cmi5SessionState): Cmi5SessionState {
  return { ...state, ended: "abandoned" };
}

export type Cmi5SessionStep =
  { ok: true; state: Cmi5SessionState } | { ok: false; errors: XapiValidationError[] };

/**
 * Whether the LMS should accept `statement` (already xAPI-valid) from the AU in this session, and
 * the session state afterwards. The input state is not modified.
 */
export function acceptCmi5Statement(
  state: Cmi5SessionState,
  statement: Statement,
  expected: Cmi5SessionExpectations,
): Cmi5SessionStep {
  const errors = checkCmi5Statement(statement, expected);
  const reject = (code: string, message: string) => errors.push({ path: "$.verb.id", code, message });
  const kind = classifyCmi5Statement(statement, expected);
  const verb = (Object.keys(CMI5_VERBS) as Cmi5Verb[]).find((name) => CMI5_VERBS[name] === statement.verb.id);
  const defined = kind === "defined" ? verb : undefined;

  if (state.ended)
    reject("session_ended", `the session has ended (${state.ended}); no more statements are accepted`);
  else if (!state.initialized && defined !== "initialized")
    reject("not_initialized", "the first statement of a session must be initialized");
  else if (defined && state.definedVerbs.includes(defined))
    reject("repeated_verb", `"${defined}" was already sent in this session`);
  else if (
    (defined === "passed" || defined === "failed") &&
    state.definedVerbs.some((v) => v === "passed" || v === "failed")
  ) {
    reject("repeated_verb", "a session may hold only one of passed and failed");
  } else if (defined === "completed" && state.registration.completed)
    reject("repeated_in_registration", "the registration already has a completed statement");
  else if (defined === "passed" && state.registration.passed)
    reject("repeated_in_registration", "the registration already has a passed statement");
  else if (defined === "failed" && state.registration.passed)
    reject("failed_after_passed", "a failed statement cannot follow a passed one in the registration");
  if (errors.length > 0) return { ok: false, errors };

  const next: Cmi5SessionState = {
    initialized: state.initialized || defined === "initialized",
    ended: defined === "terminated" ? "terminated" : null,
    definedVerbs: defined ? [...state.definedVerbs, defined] : state.definedVerbs,
    registration: {
      completed: state.registration.completed || defined === "completed",
      passed: state.registration.passed || defined === "passed",
    },
  };
  return { ok: true, state: next };
}

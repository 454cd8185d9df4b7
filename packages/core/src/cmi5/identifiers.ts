/**
 * The identifiers Pathwise generates for cmi5 (spec §8.1.3, §8.1.5, §9.3.9): the learner's actor
 * (an account whose name is the Pathwise user id, so the LRS's evidence path finds the learner),
 * and an activity id for each course, block and AU that is not the publisher's id and stays the
 * same across launches and across versions of the course (its row's id is in it).
 */
import type { XapiAgent } from "@pathwise/standards";

/** The home page of learner accounts in cmi5 actors. */
export const LEARNER_ACCOUNT_HOME_PAGE = "https://pathwise.example/learners";

/** Prefix of the activity ids Pathwise generates for courses, blocks and AUs. */
export const CMI5_ACTIVITY_ID_BASE = "https://pathwise.example/xapi/cmi5";

export type Cmi5NodeKind = "course" | "block" | "au";

export function lmsActivityId(kind: Cmi5NodeKind, rowId: string): string {
  return `${CMI5_ACTIVITY_ID_BASE}/${kind}s/${rowId}`;
}

/**
 * The actor a learner is launched as: an account (cmi5 §9.2) and nothing else — no name, no email:
 * AUs are often a vendor's content on a vendor's server, and an opaque id is all they need.
 */
export function learnerActor(learnerId: string): XapiAgent {
  return { objectType: "Agent", account: { homePage: LEARNER_ACCOUNT_HOME_PAGE, name: learnerId } };
}

/**
 * LRS credentials of a launched session are HTTP Basic: this user name (the session id after the
 * prefix) and a secret issued once by the fetch URL.
 */
export const SESSION_KEY_PREFIX = "cmi5-session-";

/** The LRS client the cmi5 launcher stores its own statements as (one per organization). */
export const launcherClientKey = (organizationId: string) => `cmi5-lms-${organizationId}`;
export const LAUNCHER_CLIENT_NAME = "cmi5 launches (Pathwise)";

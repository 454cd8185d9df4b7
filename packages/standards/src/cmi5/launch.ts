/**
 * cmi5 launch (spec §8.1 and §10): the launch URL an LMS opens for an AU, and the `LMS.LaunchData`
 * state document it writes before launching. Values are percent-encoded per RFC 3986 (no `+` for
 * spaces), and query parameters already in the AU's url are kept.
 */
import type { Issue, Result } from "../result.js";
import { isAbsoluteIri, isUuid } from "../xapi/formats.js";
import type { Agent, Context } from "../xapi/types.js";
import { validateActor } from "../xapi/validate-statement.js";
import { CMI5_LAUNCH_PARAMETER_NAMES, type Cmi5MoveOn } from "./course-structure.js";
import { CMI5_EXTENSIONS } from "./vocabulary.js";

export interface Cmi5LaunchInput {
  /**
   * The AU's url, made absolute by the caller (relative package urls resolved against where the
   * package is served). Application-specific schemes (`myapp://…`) are allowed.
   */
  auUrl: string;
  /** The xAPI endpoint the AU sends statements to (the LMS's LRS listener). */
  endpoint: string;
  /** The one-time URL that returns the AU's authorization token (§8.2). */
  fetch: string;
  actor: Agent;
  registration: string;
  /** The LMS-generated activity id of the AU, not the publisher's AU id (§8.1.5). */
  activityId: string;
}

export type Cmi5LaunchResult = Result<string>;

/** Builds `<auUrl>?…&endpoint=…&fetch=…&actor=…&registration=…&activityId=…`, keeping any #fragment last. */
export function buildCmi5LaunchUrl(input: Cmi5LaunchInput): Cmi5LaunchResult {
  const errors: Issue[] = [];
  // An AU may use an application-specific scheme (§13.1.4 url); the LMS endpoints are web URLs.
  if (!isAbsoluteIri(input.auUrl)) {
    errors.push({
      path: "auUrl",
      code: "invalid_url",
      message: "must be an absolute URL (resolve package-relative urls first)",
    });
  }
  for (const key of ["endpoint", "fetch"] as const) {
    if (!isAbsoluteUrl(input[key]))
      errors.push({ path: key, code: "invalid_url", message: "must be an absolute http(s) URL" });
  }
  if (!isUuid(input.registration))
    errors.push({ path: "registration", code: "invalid_uuid", message: "must be a UUID" });
  if (!isAbsoluteIri(input.activityId))
    errors.push({ path: "activityId", code: "invalid_iri", message: "must be an absolute IRI" });
  const actor = validateActor(input.actor, "1.0.3", "actor");
  if (!actor.ok) errors.push(...actor.errors);
  else if (actor.value.objectType !== "Agent")
    errors.push({ path: "actor.objectType", code: "invalid_object_type", message: "must be an Agent" });
  else if (actor.value.account === undefined)
    errors.push({
      path: "actor",
      code: "actor_without_account",
      message: "must be identified by an account (cmi5 §9.2)",
    });
  const [beforeFragment = "", ...fragment] = input.auUrl.split("#");
  const [base = "", query] = splitOnce(beforeFragment, "?");
  const existing = query === undefined || query === "" ? [] : query.split("&").filter((pair) => pair !== "");
  const clash = CMI5_LAUNCH_PARAMETER_NAMES.find((name) =>
    existing.some((pair) => decodeName(pair) === name),
  );
  if (clash)
    errors.push({
      path: "auUrl",
      code: "launch_parameter_conflict",
      message: `already has a "${clash}" query parameter, which cmi5 launch sets`,
    });
  if (errors.length > 0 || !actor.ok) return { ok: false, errors };
  const launch = [
    ["endpoint", input.endpoint],
    ["fetch", input.fetch],
    ["actor", JSON.stringify(actor.value)],
    ["registration", input.registration],
    ["activityId", input.activityId],
  ].map(([name, value]) => `${name}=${encodeRfc3986(value as string)}`);
  const url = `${base}?${[...existing, ...launch].join("&")}`;
  return { ok: true, value: fragment.length > 0 ? `${url}#${fragment.join("#")}` : url };
}

/** `encodeURIComponent` plus the sub-delimiters it leaves alone, so values survive any query parser. */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export type Cmi5LaunchMode = "Normal" | "Browse" | "Review";

export interface Cmi5LaunchData {
  contextTemplate: Context;
  launchMode: Cmi5LaunchMode;
  launchParameters?: string;
  masteryScore?: number;
  moveOn: Cmi5MoveOn;
  returnURL?: string;
  entitlementKey?: { courseStructure: string; alternate?: string };
}

export interface Cmi5LaunchDataInput {
  sessionId: string;
  /** The AU's id from the course structure; goes in `contextActivities.grouping` (§9.6.2.3). */
  publisherId: string;
  launchMode: Cmi5LaunchMode;
  moveOn: Cmi5MoveOn;
  launchParameters?: string;
  masteryScore?: number;
  returnURL?: string;
  entitlementKey?: { courseStructure: string; alternate?: string };
}

/** The `LMS.LaunchData` state document (§10.2) the LMS stores before launching the AU. */
export function buildCmi5LaunchData(input: Cmi5LaunchDataInput): Cmi5LaunchData {
  const data: Cmi5LaunchData = {
    contextTemplate: cmi5ContextTemplate(input.sessionId, input.publisherId),
    launchMode: input.launchMode,
    moveOn: input.moveOn,
  };
  if (input.launchParameters !== undefined) data.launchParameters = input.launchParameters;
  if (input.masteryScore !== undefined) data.masteryScore = input.masteryScore;
  if (input.returnURL !== undefined) data.returnURL = input.returnURL;
  if (input.entitlementKey !== undefined) data.entitlementKey = input.entitlementKey;
  return data;
}

/** The context every statement of the session starts from: session id and publisher-id grouping. */
export function cmi5ContextTemplate(sessionId: string, publisherId: string): Context {
  return {
    contextActivities: { grouping: [{ objectType: "Activity", id: publisherId }] },
    extensions: { [CMI5_EXTENSIONS.sessionId]: sessionId },
  };
}

/** Body of a fetch-URL response (§8.2): always sent with status 200 and `application/json`. */
export type Cmi5FetchResponse =
  { "auth-token": string } | { "error-code": "1" | "2" | "3"; "error-text": string };

/** Why a fetch request gets no token: `1` used before or session expired, `2` security, `3` application. */
export type Cmi5FetchError = "already-used" | "security" | "application";

const FETCH_ERROR_CODES: Record<Cmi5FetchError, "1" | "2" | "3"> = {
  "already-used": "1",
  security: "2",
  application: "3",
};
const FETCH_ERROR_TEXTS: Record<Cmi5FetchError, string> = {
  "already-used": "The authorization token has already been returned or the session has expired.",
  security: "The request could not be authorized.",
  application: "The LMS could not issue an authorization token.",
};

/** The JSON the fetch URL answers with: the token once, then an error (§8.2.1, §8.2.3). */
export function cmi5FetchResponse(outcome: { token: string } | { error: Cmi5FetchError }): Cmi5FetchResponse {
  if ("token" in outcome) return { "auth-token": outcome.token };
  return { "error-code": FETCH_ERROR_CODES[outcome.error], "error-text": FETCH_ERROR_TEXTS[outcome.error] };
}

function isAbsoluteUrl(value: string): boolean {
  return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(value);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function decodeName(pair: string): string {
  const name = pair.split("=")[0] ?? "";
  try {
    return decodeURIComponent(name.replace(/\+/g, " "));
  } catch {
    return name;
  }
}

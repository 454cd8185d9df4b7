import type { Issue, Result as CodecResult } from "../result.js";

/**
 * The xAPI statement data model (xAPI 1.0.3 and 2.0 / IEEE 9274.1.1) as TypeScript types.
 * These describe statements *after* `validateStatement` has normalised them: every object carries
 * its `objectType`, and every `contextActivities` value is an array.
 */

/** The two data-model versions this package validates against. */
export type XapiVersion = "1.0.3" | "2.0.0";

/** RFC 5646 language tag → text. */
export type LanguageMap = Record<string, string>;

/** Absolute-IRI key → any JSON value (null allowed inside extensions only). */
export type Extensions = Record<string, unknown>;

export interface Account {
  homePage: string;
  name: string;
}

/** Inverse Functional Identifiers: an Agent or identified Group carries exactly one. */
export interface InverseFunctionalIdentifier {
  mbox?: string;
  mbox_sha1sum?: string;
  openid?: string;
  account?: Account;
}

export interface Agent extends InverseFunctionalIdentifier {
  objectType: "Agent";
  name?: string;
}

export interface Group extends InverseFunctionalIdentifier {
  objectType: "Group";
  name?: string;
  /** Required for anonymous groups (no IFI); optional for identified groups. */
  member?: Agent[];
}

export type Actor = Agent | Group;

export interface Verb {
  id: string;
  display?: LanguageMap;
}

export type InteractionType =
  | "true-false"
  | "choice"
  | "fill-in"
  | "long-fill-in"
  | "matching"
  | "performance"
  | "sequencing"
  | "likert"
  | "numeric"
  | "other";

export interface InteractionComponent {
  id: string;
  description?: LanguageMap;
}

export interface ActivityDefinition {
  name?: LanguageMap;
  description?: LanguageMap;
  type?: string;
  moreInfo?: string;
  extensions?: Extensions;
  interactionType?: InteractionType;
  correctResponsesPattern?: string[];
  choices?: InteractionComponent[];
  scale?: InteractionComponent[];
  source?: InteractionComponent[];
  target?: InteractionComponent[];
  steps?: InteractionComponent[];
}

export interface Activity {
  objectType: "Activity";
  id: string;
  definition?: ActivityDefinition;
}

export interface StatementRef {
  objectType: "StatementRef";
  id: string;
}

export interface Score {
  scaled?: number;
  raw?: number;
  min?: number;
  max?: number;
}

export interface Result {
  score?: Score;
  success?: boolean;
  completion?: boolean;
  response?: string;
  /** ISO 8601 duration, kept as sent (see `parseIsoDuration`). */
  duration?: string;
  extensions?: Extensions;
}

export interface ContextActivities {
  parent?: Activity[];
  grouping?: Activity[];
  category?: Activity[];
  other?: Activity[];
}

/** xAPI 2.0 only. */
export interface ContextAgent {
  objectType: "contextAgent";
  agent: Agent;
  relevantTypes?: string[];
}

/** xAPI 2.0 only. */
export interface ContextGroup {
  objectType: "contextGroup";
  group: Group;
  relevantTypes?: string[];
}

export interface Context {
  registration?: string;
  instructor?: Actor;
  team?: Group;
  contextActivities?: ContextActivities;
  contextAgents?: ContextAgent[];
  contextGroups?: ContextGroup[];
  revision?: string;
  platform?: string;
  language?: string;
  statement?: StatementRef;
  extensions?: Extensions;
}

export interface Attachment {
  usageType: string;
  display: LanguageMap;
  description?: LanguageMap;
  contentType: string;
  length: number;
  sha2: string;
  fileUrl?: string;
}

export interface SubStatement {
  objectType: "SubStatement";
  actor: Actor;
  verb: Verb;
  object: Activity | Agent | Group | StatementRef;
  result?: Result;
  context?: Context;
  timestamp?: string;
  attachments?: Attachment[];
}

export type StatementObject = Activity | Agent | Group | StatementRef | SubStatement;

export interface Statement {
  id?: string;
  actor: Actor;
  verb: Verb;
  object: StatementObject;
  result?: Result;
  context?: Context;
  timestamp?: string;
  stored?: string;
  authority?: Actor;
  version?: string;
  attachments?: Attachment[];
}

/**
 * One reason a value was rejected, in the package-wide `Issue` shape: `path` is JSONPath-like
 * (`$.context.contextActivities.parent[0].id`, `$[3].verb.id` in a batch), `code` is stable
 * (`required`, `invalid_iri`, `unknown_property`…) and `message` is for people.
 */
export type XapiValidationError = Issue;

export type XapiValidationResult<T> = CodecResult<T>;

/** Verb that voids the statement its StatementRef object points at. */
export const VOIDED_VERB_ID = "http://adlnet.gov/expapi/verbs/voided";

/** usageType of the JWS attachment that signs a statement. */
export const SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature";

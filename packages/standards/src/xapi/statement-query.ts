/**
 * The query parameters of `GET /statements` (Communication 2.1.3 / 2.0 §4.1.6.1), parsed and
 * validated to the same standard as statement values: one statement by `statementId` or
 * `voidedStatementId`, or a filtered list. Unknown (or wrongly cased) parameters, repeated ones and
 * forbidden combinations are rejected, as the conformance suite expects, with 400 at the transport.
 */
import { parseAgentParameter } from "./agent.js";
import { isAbsoluteIri, isUuid, timestampProblem } from "./formats.js";
import type { Actor, XapiValidationError, XapiValidationResult, XapiVersion } from "./types.js";

export type StatementFormat = "ids" | "exact" | "canonical";

export type StatementQuery =
  | {
      kind: "single";
      /** The statement id, and whether it names a voided statement (`voidedStatementId`). */
      statementId: string;
      voided: boolean;
      format: StatementFormat;
      attachments: boolean;
    }
  | {
      kind: "list";
      agent?: Actor;
      verb?: string;
      activity?: string;
      registration?: string;
      relatedActivities: boolean;
      relatedAgents: boolean;
      since?: string;
      until?: string;
      /** 0 means "as many as the server allows". */
      limit: number;
      format: StatementFormat;
      attachments: boolean;
      ascending: boolean;
    };

const LIST_PARAMETERS = [
  "agent",
  "verb",
  "activity",
  "registration",
  "related_activities",
  "related_agents",
  "since",
  "until",
  "limit",
  "ascending",
] as const;
const ANY_QUERY_PARAMETERS = ["format", "attachments"] as const;
const SINGLE_PARAMETERS = ["statementId", "voidedStatementId"] as const;
const KNOWN = new Set<string>([...LIST_PARAMETERS, ...ANY_QUERY_PARAMETERS, ...SINGLE_PARAMETERS]);

/** Parses `GET /statements` parameters, e.g. `parseStatementQuery(url.searchParams, "2.0.0")`. */
export function parseStatementQuery(
  parameters: Iterable<[string, string]>,
  version: XapiVersion,
): XapiValidationResult<StatementQuery> {
  const errors: XapiValidationError[] = [];
  const fail = (path: string, code: string, message: string) => errors.push({ path, code, message });
  const values = new Map<string, string>();
  for (const [name, value] of parameters) {
    if (!KNOWN.has(name)) fail(name, "unknown_parameter", "is not a parameter of the Statement resource");
    else if (values.has(name)) fail(name, "repeated_parameter", "must appear at most once");
    else values.set(name, value);
  }

  const format = (values.get("format") ?? "exact") as StatementFormat;
  if (!["ids", "exact", "canonical"].includes(format))
    fail("format", "invalid_enum", "must be ids, exact or canonical");
  const attachments = booleanParameter(values, "attachments", fail);

  const statementId = values.get("statementId");
  const voidedStatementId = values.get("voidedStatementId");
  if (statementId !== undefined || voidedStatementId !== undefined) {
    if (statementId !== undefined && voidedStatementId !== undefined) {
      fail("voidedStatementId", "conflicting_parameters", "cannot be combined with statementId");
    }
    for (const name of LIST_PARAMETERS) {
      if (values.has(name)) {
        fail(name, "conflicting_parameters", "cannot be combined with statementId or voidedStatementId");
      }
    }
    const id = (statementId ?? voidedStatementId) as string;
    if (!isUuid(id))
      fail(statementId !== undefined ? "statementId" : "voidedStatementId", "invalid_uuid", "must be a UUID");
    if (errors.length > 0) return { ok: false, errors };
    return {
      ok: true,
      value: { kind: "single", statementId: id, voided: statementId === undefined, format, attachments },
    };
  }

  const query: Extract<StatementQuery, { kind: "list" }> = {
    kind: "list",
    relatedActivities: booleanParameter(values, "related_activities", fail),
    relatedAgents: booleanParameter(values, "related_agents", fail),
    limit: 0,
    format,
    attachments,
    ascending: booleanParameter(values, "ascending", fail),
  };
  const agent = values.get("agent");
  if (agent !== undefined) {
    const parsed = parseAgentParameter(agent, version, { allowGroup: true });
    if (parsed.ok) query.agent = parsed.value;
    else errors.push(...parsed.errors);
  }
  for (const name of ["verb", "activity"] as const) {
    const value = values.get(name);
    if (value === undefined) continue;
    if (isAbsoluteIri(value)) query[name] = value;
    else fail(name, "invalid_iri", "must be an absolute IRI");
  }
  const registration = values.get("registration");
  if (registration !== undefined) {
    if (isUuid(registration)) query.registration = registration;
    else fail("registration", "invalid_uuid", "must be a UUID");
  }
  for (const name of ["since", "until"] as const) {
    const value = values.get(name);
    if (value === undefined) continue;
    const problem = timestampProblem(value, { requireTimeZone: version === "2.0.0" });
    if (problem) fail(name, "invalid_timestamp", problem);
    else query[name] = value;
  }
  const limit = values.get("limit");
  if (limit !== undefined) {
    if (/^\d+$/.test(limit)) query.limit = Number(limit);
    else fail("limit", "invalid_type", "must be a non-negative integer");
  }
  return errors.length === 0 ? { ok: true, value: query } : { ok: false, errors };
}

function booleanParameter(
  values: ReadonlyMap<string, string>,
  name: string,
  fail: (path: string, code: string, message: string) => void,
): boolean {
  const value = values.get(name);
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  fail(name, "invalid_type", "must be true or false");
  return false;
}

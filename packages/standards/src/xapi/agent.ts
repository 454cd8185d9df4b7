/**
 * Agent identity for the LRS: the canonical key of an Agent or identified Group (what statements
 * are filtered and documents are stored by), and parsing of the `agent` query parameter.
 */
import type { Actor, XapiValidationResult, XapiVersion } from "./types.js";
import { validateActor } from "./validate-statement.js";

/**
 * A string that is equal for two actors exactly when they share their inverse functional identifier,
 * e.g. `mbox:mailto:ada@example.com` or `account:["https://lms.example.com","ada"]`. The domain of
 * an mbox is lower-cased (case-insensitive per Data 2.3.1.b7) and hex hashes are lower-cased.
 * Returns null for an anonymous Group, which has no identity (Data 2.4.2.2.s3.b1).
 */
export function agentKey(actor: Actor): string | null {
  if (actor.mbox !== undefined) return `mbox:${canonicalMbox(actor.mbox)}`;
  if (actor.mbox_sha1sum !== undefined) return `mbox_sha1sum:${actor.mbox_sha1sum.toLowerCase()}`;
  if (actor.openid !== undefined) return `openid:${actor.openid}`;
  if (actor.account !== undefined)
    return `account:${JSON.stringify([actor.account.homePage, actor.account.name])}`;
  return null;
}

/** `mailto:Ada@Example.COM` → `mailto:Ada@example.com`: the local part may be case-sensitive, the domain is not. */
export function canonicalMbox(mbox: string): string {
  const at = mbox.lastIndexOf("@");
  if (at < 0) return mbox;
  return `mailto:${mbox.slice("mailto:".length, at)}@${mbox.slice(at + 1).toLowerCase()}`;
}

export interface AgentParameterOptions {
  /**
   * Whether an identified Group is accepted: yes for `GET /statements?agent=` (2.0 and 1.0.3 filter
   * by Agent or identified Group), no for the State and Agent Profile resources, which take an Agent.
   */
  allowGroup: boolean;
}

/**
 * Parses the JSON text of an `agent` query parameter. Errors use the path `agent` so they read well
 * in a 400 response: `agent.mbox: must be a "mailto:" IRI`.
 */
export function parseAgentParameter(
  text: string,
  version: XapiVersion,
  options: AgentParameterOptions,
): XapiValidationResult<Actor> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      errors: [{ path: "agent", code: "invalid_json", message: "must be JSON (an Agent object)" }],
    };
  }
  const result = validateActor(json, version, "agent");
  if (!result.ok) return result;
  if (result.value.objectType === "Group") {
    if (!options.allowGroup)
      return {
        ok: false,
        errors: [{ path: "agent.objectType", code: "invalid_object_type", message: "must be an Agent here" }],
      };
    if (agentKey(result.value) === null) {
      return {
        ok: false,
        errors: [
          {
            path: "agent",
            code: "anonymous_group",
            message: "an anonymous Group cannot be used as a filter; use an identified Group",
          },
        ],
      };
    }
  }
  return result;
}

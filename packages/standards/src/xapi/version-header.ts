/**
 * The `X-Experience-API-Version` header (Communication 3.3): which data model a request uses and
 * what the LRS answers with. Every 1.0.x request is served by the 1.0.3 rules (patch versions share
 * one data model) and every 2.0.x request by the 2.0.0 rules. The negotiated `version` is also the
 * value to send back in the response header: the latest patch of the family served.
 */
import type { XapiVersion } from "./types.js";

export const XAPI_VERSION_HEADER = "X-Experience-API-Version";

/** What the About resource lists: every version whose requests this LRS accepts. */
export const XAPI_SUPPORTED_VERSIONS = ["2.0.0", "1.0.3", "1.0.2", "1.0.1", "1.0.0"] as const;

export type VersionHeaderResult =
  | { ok: true; version: XapiVersion; requested: string }
  | { ok: false; error: { code: "missing" | "unsupported"; message: string } };

/** Reads a request's version header; the About resource is the only one that may omit it. */
export function negotiateXapiVersion(header: string | null | undefined): VersionHeaderResult {
  const requested = header?.trim() ?? "";
  if (requested === "") {
    return {
      ok: false,
      error: { code: "missing", message: `the ${XAPI_VERSION_HEADER} header is required` },
    };
  }
  if (/^1\.0(?:\.\d+)?$/.test(requested)) return { ok: true, version: "1.0.3", requested };
  if (/^2\.0(?:\.\d+)?$/.test(requested)) return { ok: true, version: "2.0.0", requested };
  return {
    ok: false,
    error: {
      code: "unsupported",
      message: `${XAPI_VERSION_HEADER} "${requested}" is not supported; use one of ${XAPI_SUPPORTED_VERSIONS.join(", ")}`,
    },
  };
}

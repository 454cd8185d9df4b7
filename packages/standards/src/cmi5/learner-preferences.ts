/**
 * The `cmi5LearnerPreferences` Agent Profile document (cmi5 §11): a JSON object with
 * `languagePreference`, a comma-separated list of RFC 5646 language tags, and `audioPreference`,
 * "on" or "off". An LMS refuses an AU's write of anything else (§11.0.0.0-5, §11.1).
 */
import type { Issue, Result } from "../result.js";
import { isLanguageTag } from "../xapi/formats.js";

export const CMI5_LEARNER_PREFERENCES_PROFILE_ID = "cmi5LearnerPreferences";

export interface Cmi5LearnerPreferences {
  languagePreference: string;
  audioPreference: "on" | "off";
}

/** Checks a document an AU wants to store as its learner's preferences. */
export function validateCmi5LearnerPreferences(
  contentType: string,
  content: Uint8Array,
): Result<Cmi5LearnerPreferences> {
  const refuse = (path: string, code: string, message: string): Result<Cmi5LearnerPreferences> => ({
    ok: false,
    errors: [{ path, code, message } satisfies Issue],
  });
  if (!/^application\/json\b/i.test(contentType.trim()))
    return refuse("header.content-type", "invalid_media_type", "must be application/json");
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(content));
  } catch {
    return refuse("body", "malformed_json", "must be a JSON object");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return refuse("body", "invalid_type", "must be a JSON object");
  const { languagePreference, audioPreference } = value as Record<string, unknown>;
  if (typeof languagePreference !== "string")
    return refuse(
      "body.languagePreference",
      "required",
      "is required: a comma-separated list of language tags",
    );
  const tags = languagePreference.split(",");
  if (languagePreference === "" || !tags.every((tag) => isLanguageTag(tag)))
    return refuse(
      "body.languagePreference",
      "invalid_language_tag",
      `must be a comma-separated list of RFC 5646 language tags, got "${languagePreference}"`,
    );
  if (audioPreference !== "on" && audioPreference !== "off")
    return refuse("body.audioPreference", "invalid_enum", 'is required: "on" or "off"');
  return { ok: true, value: { languagePreference, audioPreference } };
}

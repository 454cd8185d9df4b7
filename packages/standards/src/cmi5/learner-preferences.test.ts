import { describe, expect, it } from "vitest";
import { validateCmi5LearnerPreferences } from "./learner-preferences.js";

const bytes = (value: unknown) =>
  new TextEncoder().encode(typeof value === "string" ? value : JSON.stringify(value));
const codeOf = (contentType: string, value: unknown) => {
  const result = validateCmi5LearnerPreferences(contentType, bytes(value));
  return result.ok ? "ok" : result.errors[0]!.code;
};

describe("validateCmi5LearnerPreferences", () => {
  it("accepts a list of language tags and an audio preference", () => {
    expect(
      validateCmi5LearnerPreferences(
        "application/json; charset=utf-8",
        bytes({ languagePreference: "en-US,fr-FR,fr-BE", audioPreference: "on" }),
      ),
    ).toEqual({ ok: true, value: { languagePreference: "en-US,fr-FR,fr-BE", audioPreference: "on" } });
  });

  it("refuses what the CATAPULT test AU tries: wrong type, missing or malformed properties", () => {
    const good = { languagePreference: "es", audioPreference: "off" };
    expect(codeOf("text/plain", "just some text")).toBe("invalid_media_type");
    expect(codeOf("application/json", "[1]")).toBe("invalid_type");
    expect(codeOf("application/json", "{")).toBe("malformed_json");
    expect(codeOf("application/json", { audioPreference: "on" })).toBe("required");
    expect(codeOf("application/json", { languagePreference: "es" })).toBe("invalid_enum");
    expect(codeOf("application/json", { ...good, languagePreference: "not comma separated" })).toBe(
      "invalid_language_tag",
    );
    expect(codeOf("application/json", { ...good, languagePreference: "" })).toBe("invalid_language_tag");
    expect(codeOf("application/json", { ...good, audioPreference: "loud" })).toBe("invalid_enum");
    expect(codeOf("application/json", good)).toBe("ok");
  });
});

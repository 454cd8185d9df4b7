import { describe, expect, it } from "vitest";
import { pickLangString } from "./lang-strings.js";

describe("pickLangString", () => {
  const title = { "en-US": "Fractions", "es-MX": "Fracciones" };

  it("prefers the reader's language, then its base language, then what there is", () => {
    expect(pickLangString(title, "es")).toEqual({ text: "Fracciones", lang: "es-MX" });
    expect(pickLangString(title, "en")).toEqual({ text: "Fractions", lang: "en-US" });
    expect(pickLangString(title, "fr")).toEqual({ text: "Fractions", lang: "en-US" });
    expect(pickLangString({ und: "Fractions", de: "Brüche" }, "fr")).toEqual({
      text: "Fractions",
      lang: undefined,
    });
    expect(pickLangString({}, "en")).toEqual({ text: "", lang: undefined });
  });
});

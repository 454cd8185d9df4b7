import { describe, expect, it } from "vitest";
import { competencyTitle } from "./board-inputs.js";

describe("competencyTitle", () => {
  it("names a competency inside a sentence: short form, first sentence, no final period, no examples", () => {
    expect(competencyTitle("Use place value understanding to round decimals to any place.", null)).toBe(
      "Use place value understanding to round decimals to any place",
    );
    expect(
      competencyTitle(
        "Find the greatest common factor of two whole numbers. Use the distributive property. *For example, express 36 + 8 as 4 (9 + 2).*",
        null,
      ),
    ).toBe("Find the greatest common factor of two whole numbers");
    expect(competencyTitle("Long statement.", "Round decimals")).toBe("Round decimals");
    expect(competencyTitle("x".repeat(300), null)).toHaveLength(158);
  });
});

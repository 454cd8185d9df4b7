import type { Item } from "@pathwise/core";
import { describe, expect, it } from "vitest";
import { itemFields, itemInputFrom } from "./authoring.js";

const item = {
  kind: "single_choice",
  stem: "What is 1/2 + 1/3?",
  level: "at",
  language: "en",
  competencyIds: ["c1"],
  version: 3,
  body: {
    kind: "single_choice",
    choices: [
      { id: "a", text: "5/6" },
      { id: "b", text: "2/5" },
    ],
    correct: "a",
  },
  variants: [
    {
      id: "v1",
      interest: "sports",
      stem: "A runner runs 1/2 lap, then 1/3 lap. How far?",
      language: "en",
      texts: { b: "2/5 of a lap" },
    },
  ],
} as unknown as Item;

describe("the item form's fields", () => {
  it("carry each variant's wording in the row of the choice it re-words, and back", () => {
    const fields = itemFields(item);
    expect(fields["variant-0-text-0"]).toBeUndefined();
    expect(fields["variant-0-text-1"]).toBe("2/5 of a lap");
    const input = itemInputFrom({ ...fields, "variant-0-text-0": "5/6 of a lap" }, "single_choice");
    expect(input.variants).toEqual([
      {
        id: "v1",
        interest: "sports",
        stem: "A runner runs 1/2 lap, then 1/3 lap. How far?",
        texts: { a: "5/6 of a lap", b: "2/5 of a lap" },
        language: "en",
      },
    ]);
  });

  it("send wording for a row the item leaves empty under that row's id, for core to refuse", () => {
    const input = itemInputFrom(
      { ...itemFields(item), "variant-0-text-2": "a third choice", variantRows: "2" },
      "single_choice",
    );
    expect(input.body).toMatchObject({ choices: [{ id: "a" }, { id: "b" }] });
    expect(input.variants[0]!.texts).toEqual({ b: "2/5 of a lap", c: "a third choice" });
  });

  it("keep a variant that has only wording, so core can ask for its question", () => {
    const input = itemInputFrom(
      { kind: "numeric", stem: "How many cm?", answer: "3", "variant-1-unit": "laps", variantRows: "2" },
      "numeric",
    );
    expect(input.variants).toEqual([
      { id: undefined, interest: "", stem: "", texts: { unit: "laps" }, language: "en" },
    ]);
  });
});

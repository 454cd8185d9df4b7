import { describe, expect, it } from "vitest";
import { responseFromForm } from "./response.js";

const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
};

describe("the player's form, as the response core scores", () => {
  const ordering = {
    kind: "ordering" as const,
    entries: [
      { id: "c", text: "Third" },
      { id: "a", text: "First" },
      { id: "b", text: "Second" },
    ],
  };

  it("orders entries by the positions chosen in the selects", () => {
    const sent = form([
      ["position-c", "3"],
      ["position-a", "1"],
      ["position-b", "2"],
    ]);
    expect(responseFromForm(ordering, sent)).toEqual({ response: { order: ["a", "b", "c"] } });
  });

  it("asks for each position once when two entries share one or one is missing", () => {
    const twice = form([
      ["position-c", "1"],
      ["position-a", "1"],
      ["position-b", "2"],
    ]);
    expect(responseFromForm(ordering, twice)).toEqual({ problem: "player.orderEachOnce" });
    const missing = form([
      ["position-a", "1"],
      ["position-b", "2"],
    ]);
    expect(responseFromForm(ordering, missing)).toEqual({ problem: "player.orderEachOnce" });
  });

  it("reads a number written with a decimal comma or point, and asks again for anything else", () => {
    const numeric = { kind: "numeric" as const, unit: null };
    expect(responseFromForm(numeric, form([["value", "0,58"]]))).toEqual({ response: { value: 0.58 } });
    expect(responseFromForm(numeric, form([["value", " 1 200.5 "]]))).toEqual({
      response: { value: 1200.5 },
    });
    expect(responseFromForm(numeric, form([["value", "about six"]]))).toEqual({
      problem: "player.numberNeeded",
    });
    expect(responseFromForm(numeric, form([["value", ""]]))).toEqual({ problem: "player.numberNeeded" });
  });

  it("sends every ticked choice of a multiple-choice item, and the one picked of a single choice", () => {
    const choices = [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
    ];
    expect(
      responseFromForm(
        { kind: "multiple_choice", choices },
        form([
          ["choiceIds", "a"],
          ["choiceIds", "b"],
        ]),
      ),
    ).toEqual({ response: { choiceIds: ["a", "b"] } });
    expect(responseFromForm({ kind: "single_choice", choices }, form([["choiceId", "b"]]))).toEqual({
      response: { choiceId: "b" },
    });
  });
});

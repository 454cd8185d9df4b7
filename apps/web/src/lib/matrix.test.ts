import { describe, expect, it } from "vitest";
import { bandOf, leavesOf } from "./matrix.js";

describe("the class heatmap", () => {
  it("keeps the measured skills and drops the headings above them", () => {
    const ordered = [
      { id: "domain", depth: 0 },
      { id: "cluster", depth: 1 },
      { id: "skill-1", depth: 2 },
      { id: "skill-2", depth: 2 },
      { id: "lone", depth: 0 },
    ];
    expect(leavesOf(ordered).map((c) => c.id)).toEqual(["skill-1", "skill-2", "lone"]);
  });

  it("bands a cell by its estimate, with mastery (even when due for review) on top", () => {
    expect(bandOf(undefined)).toBe("none");
    expect(bandOf({ probability: 0.2, status: "developing" })).toBe("low");
    expect(bandOf({ probability: 0.55, status: "developing" })).toBe("mid");
    expect(bandOf({ probability: 0.8, status: "approaching" })).toBe("high");
    expect(bandOf({ probability: 0.6, status: "needs-review" })).toBe("mastered");
  });
});

import { describe, expect, it } from "vitest";
import { pathStatuses, type MasteryRow } from "./status.js";

const row = (competencyId: string, status: string, evidenceCount = 4, probability = 0.5): MasteryRow => ({
  competencyId,
  status,
  probability,
  lower: probability - 0.1,
  upper: probability + 0.1,
  evidenceCount,
});

describe("a learner's path", () => {
  // a → b → c, and d → c: c needs both b and d.
  const prerequisites: Record<string, string[]> = { a: [], b: ["a"], c: ["b", "d"], d: [] };
  const statusOf = (mastery: MasteryRow[]) =>
    Object.fromEntries(
      pathStatuses(["a", "b", "c", "d"], mastery, (id) => prerequisites[id] ?? []).map((e) => [
        e.competencyId,
        e.status,
      ]),
    );

  it("with no evidence, what has no prerequisite is ready and the rest is locked", () => {
    expect(statusOf([])).toEqual({ a: "ready", b: "locked", c: "locked", d: "ready" });
  });

  it("mastering a prerequisite unlocks what builds on it, and names what still blocks", () => {
    const entries = pathStatuses(
      ["c"],
      [row("a", "mastered"), row("b", "mastered")],
      (id) => prerequisites[id] ?? [],
    );
    expect(entries[0]).toMatchObject({ status: "locked", blockedBy: ["d"] });
    expect(statusOf([row("a", "mastered")])).toMatchObject({ a: "mastered", b: "ready", c: "locked" });
  });

  it("a competency due for review still unlocks what depends on it", () => {
    expect(statusOf([row("a", "needs-review"), row("b", "mastered"), row("d", "mastered")])).toEqual({
      a: "review",
      b: "mastered",
      c: "ready",
      d: "mastered",
    });
  });

  it("evidence without mastery is developing, whatever the prerequisites say", () => {
    const entries = pathStatuses(["c"], [row("c", "approaching", 3, 0.7)], (id) => prerequisites[id] ?? []);
    expect(entries[0]).toMatchObject({ status: "developing", mastery: { probability: 0.7 }, blockedBy: [] });
    expect(statusOf([row("b", "not-started", 0)])).toMatchObject({ b: "locked" });
  });
});

import { describe, expect, it } from "vitest";
import { BKT_MASTERY_THRESHOLDS } from "./defaults.js";
import { masteryInterval, masteryReportOf, masteryStatusOf } from "./mastery-status.js";

const t = BKT_MASTERY_THRESHOLDS;

describe("masteryStatusOf", () => {
  it.each([
    [{ probability: 0.99, evidenceCount: 0, masteredBefore: false }, "not-started"],
    [{ probability: 0.99, evidenceCount: 2, masteredBefore: false }, "not-enough-data"],
    [{ probability: 0.96, evidenceCount: 5, masteredBefore: false }, "mastered"],
    [{ probability: 0.95, evidenceCount: 3, masteredBefore: false }, "mastered"],
    [{ probability: 0.8, evidenceCount: 5, masteredBefore: false }, "approaching"],
    [{ probability: 0.4, evidenceCount: 5, masteredBefore: false }, "developing"],
    [{ probability: 0.8, evidenceCount: 9, masteredBefore: true }, "needs-review"],
    [{ probability: 0.97, evidenceCount: 9, masteredBefore: true }, "mastered"],
  ] as const)("%o is %s", (evidence, status) => {
    expect(masteryStatusOf(evidence, t)).toBe(status);
  });
});

describe("masteryInterval", () => {
  it("is the Wilson interval (hand-computed for p = 0.5, n = 10, z = 1.645)", () => {
    // center 0.5; half = 1.645 / 1.270603 × √(0.025 + 0.0067651) = 1.294664 × 0.178227 = 0.230744
    const i = masteryInterval(0.5, 10, 1.645);
    expect(i.lower).toBeCloseTo(0.5 - 0.230744, 4);
    expect(i.upper).toBeCloseTo(0.5 + 0.230744, 4);
  });

  it("narrows with evidence and is [0, 1] without any", () => {
    expect(masteryInterval(0.7, 0, 1.645)).toEqual({ lower: 0, upper: 1, evidenceCount: 0 });
    const few = masteryInterval(0.7, 3, 1.645);
    const many = masteryInterval(0.7, 300, 1.645);
    expect(many.upper - many.lower).toBeLessThan(few.upper - few.lower);
  });

  it("never reports NaN, even for a NaN probability", () => {
    const report = masteryReportOf(
      "c",
      { probability: Number.NaN, evidenceCount: 4, masteredBefore: false },
      t,
    );
    expect(report.probability).toBe(0);
    expect(Number.isNaN(report.confidence.lower) || Number.isNaN(report.confidence.upper)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { KtResponse } from "../models/types.js";
import { splitKtByLearner } from "./kt-split.js";

const rows: KtResponse[] = [];
for (let l = 0; l < 50; l++) {
  for (let t = 0; t < 3; t++)
    rows.push({ learnerId: `L${l}`, itemId: `${t}`, skillIds: ["s"], correct: t > 0, timeMs: 0 });
}

describe("splitKtByLearner", () => {
  it("keeps every learner on one side and holds out the requested share", () => {
    const { train, test } = splitKtByLearner(rows, 0.2, 1);
    const testLearners = new Set(test.map((r) => r.learnerId));
    expect(testLearners.size).toBe(10);
    expect(train.some((r) => testLearners.has(r.learnerId))).toBe(false);
    expect(train.length + test.length).toBe(rows.length);
  });

  it("is the same split for the same seed and a different one for another seed", () => {
    const a = splitKtByLearner(rows, 0.2, 1).test.map((r) => r.learnerId);
    expect(splitKtByLearner(rows, 0.2, 1).test.map((r) => r.learnerId)).toEqual(a);
    expect(splitKtByLearner(rows, 0.2, 2).test.map((r) => r.learnerId)).not.toEqual(a);
  });

  it("keeps each learner's responses in order", () => {
    const { test } = splitKtByLearner(rows, 0.5, 4);
    const first = test.filter((r) => r.learnerId === test[0]!.learnerId).map((r) => r.itemId);
    expect(first).toEqual(["0", "1", "2"]);
  });

  it("refuses a fraction outside (0, 1)", () => {
    expect(() => splitKtByLearner(rows, 1, 1)).toThrow(RangeError);
  });
});

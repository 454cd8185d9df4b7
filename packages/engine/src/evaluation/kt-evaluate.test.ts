import { describe, expect, it } from "vitest";
import { bktModelFromJSON } from "../models/bkt.js";
import { BKT_MASTERY_THRESHOLDS } from "../models/defaults.js";
import type { KtResponse } from "../models/types.js";
import { evaluateKtModel } from "./kt-evaluate.js";

const model = bktModelFromJSON({
  kind: "bkt",
  version: 1,
  forgetting: false,
  mastery: BKT_MASTERY_THRESHOLDS,
  skills: { s: { init: 0.3, learn: 0.2, forget: 0, guess: 0.2, slip: 0.1 } },
});

const row = (learnerId: string, correct: boolean, skillId = "s"): KtResponse => ({
  learnerId,
  itemId: "i",
  skillIds: [skillId],
  correct,
  timeMs: 0,
});

describe("evaluateKtModel", () => {
  it("predicts each response from the learner's earlier responses only", () => {
    const a = [row("u", true), row("v", false), row("u", true), row("u", false), row("v", true)];
    const b = a.map((r, i) => (i === 3 ? { ...r, correct: !r.correct } : r));
    const ra = evaluateKtModel(model, a);
    const rb = evaluateKtModel(model, b);
    if (!ra.ok || !rb.ok) throw new Error("unexpected error");
    // Flipping response 3 changes no prediction up to and including its own.
    expect(Array.from(rb.evaluation.predictions.slice(0, 4))).toEqual(
      Array.from(ra.evaluation.predictions.slice(0, 4)),
    );
    // Learners are independent: v's first prediction is the prior, like u's.
    expect(ra.evaluation.predictions[1]).toBe(ra.evaluation.predictions[0]);
  });

  it("reports an unknown skill as a typed error naming the row and column", () => {
    const result = evaluateKtModel(model, [row("u", true), row("u", false), row("u", true, "geometry")]);
    expect(result).toMatchObject({ ok: false, error: { code: "invalid-value", row: 4, column: "skill_id" } });
  });

  it("can skip and count responses on unknown skills instead", () => {
    const rows = [row("u", true), row("u", true, "geometry"), row("u", false)];
    const result = evaluateKtModel(model, rows, { unknownSkills: "skip" });
    if (!result.ok) throw new Error("unexpected error");
    expect(result.evaluation.skippedUnknownSkill).toBe(1);
    expect(Array.from(result.evaluation.labels)).toEqual([1, 0]);
  });
});

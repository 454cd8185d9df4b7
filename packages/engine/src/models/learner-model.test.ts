import { describe, expect, it } from "vitest";
import { DEFAULT_LEARNER_MODEL_KIND } from "./defaults.js";
import { fitLearnerModel, learnerModelFromJSON } from "./learner-model.js";
import type { KtResponse } from "./types.js";

const rows: KtResponse[] = [];
for (let l = 0; l < 30; l++) {
  for (let t = 0; t < 6; t++) {
    rows.push({
      learnerId: `${l}`,
      itemId: `i${t}`,
      skillIds: [t % 2 ? "a" : "b"],
      correct: (l + t) % 3 !== 0,
      timeMs: 0,
    });
  }
}

describe("learner models by name", () => {
  it("fits the default kind and restores any kind from JSON with the same predictions", () => {
    expect(fitLearnerModel(rows).toJSON().kind).toBe(DEFAULT_LEARNER_MODEL_KIND);
    for (const kind of ["bkt", "logistic"] as const) {
      const model = fitLearnerModel(rows, kind);
      const copy = learnerModelFromJSON(JSON.parse(JSON.stringify(model.toJSON())));
      const query = { itemId: "i1", skillIds: ["a"], timeMs: 0 };
      expect(copy.name).toBe(model.name);
      // Both are fresh learners: the initial states are interchangeable.
      expect(copy.toJSON()).toEqual(model.toJSON());
      expect((copy as typeof model).predict(model.initialState() as never, query)).toBe(
        model.predict(model.initialState() as never, query),
      );
    }
  });

  it("refuses an unknown kind", () => {
    expect(() => learnerModelFromJSON({ kind: "dkt" as "bkt", version: 1 })).toThrow(
      /unknown learner model kind/,
    );
  });
});

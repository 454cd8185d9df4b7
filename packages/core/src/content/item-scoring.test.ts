import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../shared/errors.js";
import {
  deliveredBody,
  reducedChoices,
  REDUCED_CHOICES,
  scoreResponse,
  shuffledEntries,
} from "./item-scoring.js";
import type { ItemBody } from "./schema.js";

const numeric: ItemBody = { kind: "numeric", answer: 0.3, tolerance: 0.05 };

describe("scoring", () => {
  it("accepts a numeric answer exactly at the edge of the tolerance, and not beyond it", () => {
    expect(scoreResponse(numeric, { value: 0.1 + 0.2 })).toEqual({ scoring: "auto", correct: true });
    expect(scoreResponse(numeric, { value: 0.35 })).toEqual({ scoring: "auto", correct: true });
    expect(scoreResponse(numeric, { value: 0.25 })).toEqual({ scoring: "auto", correct: true });
    expect(scoreResponse(numeric, { value: 0.3501 })).toEqual({ scoring: "auto", correct: false });
    expect(scoreResponse({ kind: "numeric", answer: 12, tolerance: 0 }, { value: 12.000001 })).toEqual({
      scoring: "auto",
      correct: false,
    });
  });

  it("names the field of a response of the wrong shape", () => {
    try {
      scoreResponse(numeric, { value: "0.3" });
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).details[0]!.path).toBe("body.response.value");
    }
  });

  it("leaves short text to a teacher", () => {
    expect(scoreResponse({ kind: "short_text", modelAnswer: "…" }, { text: "my idea" })).toEqual({
      scoring: "teacher",
    });
  });
});

describe("what a learner is shown", () => {
  it("never shows ordering entries in the correct order, for any seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.string(), (n, seed) => {
        const entries = Array.from({ length: n }, (_, i) => ({ id: `e${i}`, text: String(i) }));
        const correct = entries.map((e) => e.id);
        const shown = shuffledEntries(entries, correct, seed).map((e) => e.id);
        expect(shown).not.toEqual(correct);
        expect([...shown].sort()).toEqual([...correct].sort());
      }),
    );
  });

  it("keeps the key among reduced choices, for any seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }), fc.nat(), fc.string(), (n, k, seed) => {
        const choices = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, text: String(i) }));
        const correct = `c${k % n}`;
        const shown = reducedChoices(choices, [correct], seed).map((c) => c.id);
        expect(shown).toContain(correct);
        expect(shown.length).toBe(Math.min(n, REDUCED_CHOICES));
      }),
    );
  });

  it("shows no key field for any kind", () => {
    const bodies: ItemBody[] = [
      {
        kind: "single_choice",
        choices: [
          { id: "a", text: "1" },
          { id: "b", text: "2" },
        ],
        correct: "a",
      },
      {
        kind: "multiple_choice",
        choices: [
          { id: "a", text: "1" },
          { id: "b", text: "2" },
        ],
        correct: ["a"],
      },
      numeric,
      { kind: "short_text", modelAnswer: "the model answer" },
      {
        kind: "ordering",
        entries: [
          { id: "a", text: "1" },
          { id: "b", text: "2" },
        ],
        correctOrder: ["a", "b"],
      },
    ];
    for (const body of bodies) {
      const shown = JSON.stringify(deliveredBody(body, {}, "seed"));
      for (const secret of ["correct", "answer", "tolerance", "modelAnswer", "correctOrder"])
        expect(shown, body.kind).not.toContain(secret);
    }
  });
});
